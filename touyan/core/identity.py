"""Chinese resident identity numbers (GB 11643-1999) and mainland mobile numbers."""

import datetime as dt
import re

from django.utils.translation import gettext as _

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
_SHAPE = re.compile(r"^\d{17}[\dX]$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")


class InvalidIdNumber(ValueError):
    pass


def check_character(first17: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def normalize_id_number(raw: str) -> str:
    """Validate and return the canonical form (upper-case X); raise InvalidIdNumber with a
    message in the active language."""
    value = (raw or "").strip().replace(" ", "").upper()
    if len(value) != 18:
        raise InvalidIdNumber(_("应为18位，实为%(n)d位") % {"n": len(value)})
    if not _SHAPE.match(value):
        raise InvalidIdNumber(_("只能由17位数字和末位的数字或X组成"))
    try:
        birth_date_from_id(value)
    except ValueError as exc:
        raise InvalidIdNumber(_("其中的出生日期不存在")) from exc
    expected = check_character(value[:17])
    if value[17] != expected:
        raise InvalidIdNumber(
            _("校验位错误（按 GB 11643 应为%(expected)s，实为%(actual)s），请核对号码")
            % {"expected": expected, "actual": value[17]}
        )
    return value


def birth_date_from_id(value: str) -> dt.date:
    return dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))


def gender_from_id(value: str) -> str:
    """``M`` or ``F`` from the sequence digit (odd for men)."""
    return "M" if int(value[16]) % 2 else "F"


def mask_id_number(value: str) -> str:
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def normalize_mobile(raw: str) -> str:
    value = re.sub(r"[\s\-]", "", raw or "")
    if value.startswith("+86"):
        value = value[3:]
    if not _MOBILE.match(value):
        raise ValueError(_("手机号应为以1开头的11位数字"))
    return value


def mask_mobile(value: str) -> str:
    if not value:
        return ""
    return value[:3] + "****" + value[-4:]


def make_id_number(region_code: str, birth: dt.date, sequence: int) -> str:
    """A checksum-valid number, for demo and test data. ``sequence`` is 0–999."""
    first17 = f"{region_code}{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_character(first17)
