"""The date of the Spring Festival (正月初一) each year, from the Chinese lunar calendar. The
policy can exclude the days around it (``movable = "spring_festival"``)."""

import datetime as dt

_SPRING_FESTIVAL = {
    2000: "02-05",
    2001: "01-24",
    2002: "02-12",
    2003: "02-01",
    2004: "01-22",
    2005: "02-09",
    2006: "01-29",
    2007: "02-18",
    2008: "02-07",
    2009: "01-26",
    2010: "02-14",
    2011: "02-03",
    2012: "01-23",
    2013: "02-10",
    2014: "01-31",
    2015: "02-19",
    2016: "02-08",
    2017: "01-28",
    2018: "02-16",
    2019: "02-05",
    2020: "01-25",
    2021: "02-12",
    2022: "02-01",
    2023: "01-22",
    2024: "02-10",
    2025: "01-29",
    2026: "02-17",
    2027: "02-06",
    2028: "01-26",
    2029: "02-13",
    2030: "02-03",
    2031: "01-23",
    2032: "02-11",
    2033: "01-31",
    2034: "02-19",
    2035: "02-08",
    2036: "01-28",
    2037: "02-15",
    2038: "02-04",
    2039: "01-24",
    2040: "02-12",
    2041: "02-01",
    2042: "01-22",
    2043: "02-10",
    2044: "01-30",
    2045: "02-17",
    2046: "02-06",
    2047: "01-26",
    2048: "02-14",
    2049: "02-02",
}

FIRST_YEAR, LAST_YEAR = min(_SPRING_FESTIVAL), max(_SPRING_FESTIVAL)


def spring_festival(year: int) -> dt.date:
    if year not in _SPRING_FESTIVAL:
        raise ValueError(
            f"spring festival of {year} is not in the table ({FIRST_YEAR}–{LAST_YEAR})"
        )
    return dt.date.fromisoformat(f"{year}-{_SPRING_FESTIVAL[year]}")
