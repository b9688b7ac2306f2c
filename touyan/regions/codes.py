"""Pure functions on GB/T 2260 six-digit division codes (province·city·county)."""

import re

CODE_PATTERN = re.compile(r"^\d{6}$")

PROVINCE, CITY, COUNTY = 1, 2, 3


def is_valid_code(code: str) -> bool:
    return bool(CODE_PATTERN.match(code or "")) and code[:2] != "00"


def level_of(code: str) -> int:
    if code[2:] == "0000":
        return PROVINCE
    if code[4:] == "00":
        return CITY
    return COUNTY


def is_directly_under_province(code: str) -> bool:
    """County-level units administered by the province itself (digits 3–4 are ``90``)."""
    return code[2:4] == "90" and level_of(code) == COUNTY


def province_of(code: str) -> str:
    return code[:2] + "0000"


def city_of(code: str) -> str:
    """The city a code counts under when distances or groupings are computed.

    A county-level unit directly under a province is its own city (469001 五指山市).
    """
    if level_of(code) == PROVINCE or is_directly_under_province(code):
        return code
    return code[:4] + "00"


def scope_prefix(code: str) -> str:
    """The prefix shared by every code inside this division: ``46`` for 海南省, ``3301`` for 杭州市."""
    level = level_of(code)
    if level == PROVINCE:
        return code[:2]
    if level == CITY:
        return code[:4]
    return code


def contains(outer: str, inner: str) -> bool:
    return inner.startswith(scope_prefix(outer))


def parent_candidates(code: str) -> list[str]:
    """Codes that may be this code's parent, nearest first."""
    level = level_of(code)
    if level == COUNTY:
        return [code[:4] + "00", province_of(code)]
    if level == CITY:
        return [province_of(code)]
    return []
