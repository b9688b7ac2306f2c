"""Years the demo's dates reach but whose holiday arrangement is not published yet.

The demo is always built around today, so near the turn of a year (and in any year after the
last one shipped) its notices would run into a year the calendar does not know and be refused,
as they must be in production. The demo then enters such a year the way an authority would,
through the calendar's service, with only the holidays fixed by date in the national rules
(元旦, 劳动节, 国庆节) and a source that says so; the lunar holidays and make-up days are
missing, and the calendar page shows the year as entered by hand, not as published."""

import datetime as dt

from touyan.core.actors import Actor
from touyan.holidays.models import HolidayYear
from touyan.holidays.services import enter_year

SOURCE = "演示数据：该年安排尚未发布，仅按固定日期的元旦、劳动节、国庆节推算，未含农历节日与调休"

FIXED_HOLIDAYS = (
    ((1, 1), "元旦"),
    ((5, 1), "劳动节"),
    ((5, 2), "劳动节"),
    ((10, 1), "国庆节"),
    ((10, 2), "国庆节"),
    ((10, 3), "国庆节"),
)


def ensure_years_known(*, actor: Actor, through: dt.date) -> list[int]:
    """Enter every year up to the one after ``through`` that has no arrangement; returns the
    years entered."""
    known = set(HolidayYear.objects.values_list("year", flat=True))
    entered = []
    for year in range(min(known, default=through.year), through.year + 2):
        if year in known:
            continue
        enter_year(
            actor=actor,
            year=year,
            source=SOURCE,
            holidays=[(dt.date(year, month, day), name) for (month, day), name in FIXED_HOLIDAYS],
            workdays=[],
        )
        entered.append(year)
    return entered
