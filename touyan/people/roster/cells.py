"""Turning what people type into Excel cells into clean values, or a clear refusal.

Every function raises ``CellError`` with a message in the active language.
"""

import datetime as dt
import re
import unicodedata

from django.utils import timezone
from django.utils.translation import gettext as _


class CellError(ValueError):
    pass


_SPACES = re.compile(r"\s+")
_CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_EARLIEST = dt.date(1950, 1, 1)

_YMD = re.compile(r"^(\d{4})\s*[年./\-]\s*(\d{1,2})\s*(?:[月./\-]\s*(\d{1,2})\s*日?|月)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})?$")


def clean_text(value) -> str:
    """Full-width characters folded to their ordinary forms, stray spaces removed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFKC", str(value))
    text = _SPACES.sub(" ", text).strip()
    return _CJK_GAP.sub("", text)


def clean_identifier(value) -> str:
    """An ID or phone number: a number typed into a numeric cell loses its last digits."""
    if isinstance(value, float) and abs(value) >= 1e15:
        raise CellError(
            _("该号码被 Excel 存成了数字，末几位已丢失；请把这一列设为“文本”格式后重新填写")
        )
    return clean_text(value).replace(" ", "")


def parse_bool(value, *, default: bool | None = None) -> bool | None:
    text = clean_text(value)
    if text == "":
        return default
    if text in {"是", "Y", "y", "yes", "Yes", "√", "✓", "1", "TRUE", "True", "true"}:
        return True
    if text in {"否", "N", "n", "no", "No", "×", "0", "FALSE", "False", "false"}:
        return False
    raise CellError(_("“%(value)s”应填“是”或“否”") % {"value": text})


def parse_month_or_date(value, *, today: dt.date | None = None) -> dt.date | None:
    """Dates as Chinese sheets write them: 2019年9月, 2019.09, 2019-09-01, 20190901, Excel dates.

    A month without a day is stored as its first day.
    """
    today = today or timezone.localdate()
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return _checked(value.date(), today, str(value.date()))
    if isinstance(value, dt.date):
        return _checked(value, today, str(value))
    if isinstance(value, int | float):
        return _from_number(value, today)
    text = clean_text(value)
    if text == "":
        return None
    match = _YMD.match(text) or _COMPACT.match(text)
    if not match:
        raise CellError(
            _("无法识别日期“%(value)s”；请写成 2019年9月、2019.09 或 2019-09-01") % {"value": text}
        )
    year, month = int(match.group(1)), int(match.group(2))
    day = int(match.group(3)) if match.group(3) else 1
    return _checked(_build(year, month, day, text), today, text)


def _from_number(value: float, today: dt.date) -> dt.date:
    if isinstance(value, float) and not value.is_integer():
        text = repr(value)
        year, _dot, fraction = text.partition(".")
        if len(year) == 4 and len(fraction) == 1 and fraction == "1":
            raise CellError(
                _(
                    "“%(value)s”无法确定是1月还是10月（Excel 可能把 %(year)s.10 存成了 %(value)s）；"
                    "请写成 %(year)s年10月 或 %(year)s年1月"
                )
                % {"value": text, "year": year}
            )
        if len(year) == 4 and len(fraction) in (1, 2):
            return _checked(_build(int(year), int(fraction), 1, text), today, text)
        raise CellError(_("无法识别日期“%(value)s”") % {"value": text})
    number = int(value)
    if 190001 <= number <= 210012:
        return _checked(_build(number // 100, number % 100, 1, str(number)), today, str(number))
    if 19000101 <= number <= 21001231:
        return _checked(
            _build(number // 10000, number // 100 % 100, number % 100, str(number)),
            today,
            str(number),
        )
    if 1 <= number <= 80000:
        return _checked(_EXCEL_EPOCH + dt.timedelta(days=number), today, str(number))
    raise CellError(_("无法识别日期“%(value)s”") % {"value": number})


def _build(year: int, month: int, day: int, text: str) -> dt.date:
    if not 1 <= month <= 12:
        raise CellError(
            _("日期“%(value)s”中的月份 %(month)d 无效") % {"value": text, "month": month}
        )
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise CellError(_("日期“%(value)s”不存在") % {"value": text}) from exc


def _checked(date: dt.date, today: dt.date, text: str) -> dt.date:
    if date > today:
        raise CellError(_("日期“%(value)s”晚于今天") % {"value": text})
    if date < _EARLIEST:
        raise CellError(_("日期“%(value)s”早于1950年，请核对") % {"value": text})
    return date
