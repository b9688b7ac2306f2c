"""Cells of a record workbook beyond what the roster import already reads: a day (not just a
month), a time of day, class hours, a character count, lists of names, attendance marks.

The normalising itself (full-width forms, stray spaces, the many ways of writing a date, yes/no)
is the roster import's (``touyan.people.roster.cells``); these functions build on it and raise
its ``CellError``.
"""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from touyan.people.roster.cells import CellError, clean_text, parse_bool, parse_month_or_date
from touyan.records.lengths import MAX_DECLARED_CHARS
from touyan.records.models import Attendance, Level

__all__ = [
    "CellError",
    "clean_text",
    "parse_bool",
    "parse_day",
    "parse_time",
    "parse_hours",
    "parse_char_count",
    "parse_status",
    "parse_level",
    "split_names",
    "split_organisers",
]

_FULL_DAY = re.compile(r"^\d{4}\s*[年./\-]\s*\d{1,2}\s*[月./\-]\s*\d{1,2}\s*日?$|^\d{8}$")


# How far ahead an activity may be dated: a timetable of sessions still to come.
FUTURE_YEARS = 5


def parse_day(value, *, today: dt.date, future: bool = False) -> dt.date | None:
    """A calendar day: 2026-03-05, 2026/3/5, 2026年3月5日, 20260305 or an Excel date. A month
    alone (2026年3月, 2026.03) is refused: an activity happens on a day. A day after ``today``
    is refused unless ``future`` (activities planned ahead), and then up to FUTURE_YEARS on."""
    day = _parse_day(value, latest=dt.date.max if future else today)
    if day is not None and future and day > _years_after(today, FUTURE_YEARS):
        raise CellError(
            _("日期“%(value)s”在 %(years)d 年以后，请核对")
            % {"value": day.isoformat(), "years": FUTURE_YEARS}
        )
    return day


def _years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _parse_day(value, *, latest: dt.date) -> dt.date | None:
    # The roster's parser refuses days after its ``today``: here, after ``latest``.
    if value is None or isinstance(value, dt.date):
        return parse_month_or_date(value, today=latest)
    if isinstance(value, float) and not value.is_integer():
        raise _month_only(value)
    if isinstance(value, int | float):
        if 190001 <= int(value) <= 210012:
            raise _month_only(int(value))
        return parse_month_or_date(value, today=latest)
    text = clean_text(value)
    if text and not _FULL_DAY.match(text):
        # Let the roster's parser name what it cannot read; what it can read lacks a day.
        parse_month_or_date(text, today=latest)
        raise _month_only(text)
    return parse_month_or_date(text, today=latest)


def _month_only(value) -> CellError:
    return CellError(
        _("“%(value)s”没有写到哪一天；请写成 2026-03-05、2026/3/5 或 2026年3月5日")
        % {"value": value}
    )


_CLOCK = re.compile(
    r"^(?P<half>上午|下午|晚上)?(?P<hour>\d{1,2})\s*(?:[:点时]\s*(?P<minute>\d{1,2})?\s*分?)?"
    r"(?::(?P<second>\d{1,2}))?$"
)


def parse_time(value) -> dt.time | None:
    """A time of day: 9:00, 09:00:00, 9点, 9点30分, 下午2:30, or an Excel time cell."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.time().replace(microsecond=0)
    if isinstance(value, dt.time):
        return value.replace(microsecond=0)
    if isinstance(value, float) and 0 <= value < 1:
        minutes = round(value * 24 * 60)
        return dt.time(minutes // 60 % 24, minutes % 60)
    text = clean_text(value).replace(" ", "")
    if text == "":
        return None
    match = _CLOCK.match(text)
    if match:
        hour, minute = int(match["hour"]), int(match["minute"] or 0)
        if match["half"] in ("下午", "晚上") and hour < 12:
            hour += 12
        if hour < 24 and minute < 60:
            return dt.time(hour, minute)
    raise CellError(_("无法识别时间“%(value)s”；请写成 9:00 或 14:30") % {"value": text})


_HOURS = re.compile(r"^(\d+(?:\.\d+)?)\s*(?:学时|课时|小时)?$")


def parse_hours(value) -> Decimal | None:
    text = clean_text(value).replace(" ", "")
    if text == "":
        return None
    match = _HOURS.match(text)
    try:
        hours = Decimal(match.group(1)) if match else None
    except InvalidOperation:
        hours = None
    if hours is None:
        raise CellError(_("“%(value)s”不是学时数") % {"value": text})
    if hours <= 0:
        raise CellError(_("学时须大于零"))
    if hours != hours.quantize(Decimal("0.1")) or hours >= 10000:
        raise CellError(_("学时最多保留一位小数，且小于 10000"))
    return hours.quantize(Decimal("0.1"))


_COUNT = re.compile(r"^(\d+(?:\.\d+)?)(万)?字?$")


def parse_char_count(value) -> int | None:
    """A declared length: 12000, 12,000, 1.2万, 12000字; at most MAX_DECLARED_CHARS."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value < 0 or (isinstance(value, float) and not value.is_integer()):
            raise CellError(_("字数须为非负整数"))
        return _bounded(int(value))
    text = clean_text(value).replace(" ", "").replace(",", "")
    if text == "":
        return None
    match = _COUNT.match(text)
    if not match:
        raise CellError(_("无法识别字数“%(value)s”；请填写数字，如 12000") % {"value": text})
    number = Decimal(match.group(1)) * (10000 if match.group(2) else 1)
    if number != number.to_integral_value():
        raise CellError(_("字数须为整数"))
    return _bounded(int(number))


def _bounded(count: int) -> int:
    if count > MAX_DECLARED_CHARS:
        raise CellError(_("字数过大，不能超过 %(limit)s") % {"limit": f"{MAX_DECLARED_CHARS:,}"})
    return count


_STATUS_SPELLINGS = {
    Attendance.Status.PRESENT: (
        "出勤",
        "到",
        "已到",
        "实到",
        "出席",
        "参加",
        "签到",
        "√",
        "✓",
        "✔",
    ),
    Attendance.Status.LEAVE: ("请假", "假", "事假", "病假", "公假"),
    Attendance.Status.ABSENT: ("缺勤", "缺", "缺席", "未到", "旷课", "×", "✗", "✘", "X", "x"),
}
_STATUSES = {
    spelling: status for status, spellings in _STATUS_SPELLINGS.items() for spelling in spellings
}


def parse_status(value) -> str:
    text = clean_text(value).replace(" ", "")
    if text in _STATUSES:
        return _STATUSES[text]
    if text == "":
        raise CellError(_("不能为空"))
    raise CellError(
        _("“%(value)s”无法识别；请填写出勤、请假或缺勤（也可用 √、假、×）") % {"value": text}
    )


_LEVELS = {
    **{str(label): code for code, label in Level.choices},
    **{code: code for code in Level.values},
    "校级": Level.SCHOOL,
    "区级": Level.DISTRICT,
    "县级": Level.DISTRICT,
    "区县级": Level.DISTRICT,
    "县区级": Level.DISTRICT,
    "市级": Level.CITY,
    "地市级": Level.CITY,
    "省级": Level.PROVINCE,
    "国家级": Level.NATIONAL,
    "全国": Level.NATIONAL,
    "全国性": Level.NATIONAL,
}


def parse_level(value) -> str:
    text = clean_text(value).replace(" ", "")
    if text == "":
        return ""
    if text in _LEVELS:
        return _LEVELS[text]
    raise CellError(
        _("“%(value)s”无法识别；请填写校级、区县级、市级、省级或国家级") % {"value": text}
    )


# Spaces are not separators: names often carry stray ones (“张 三”), which clean_text removes.
_SEPARATORS = re.compile(r"[、;；,，/\n]+")
_WITH_SCHOOL = re.compile(r"^(?P<name>[^()]+?)\((?P<school>[^()]+)\)$")


def _parts(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return [text for part in _SEPARATORS.split(str(value)) if (text := clean_text(part))]


def split_organisers(value) -> list[str]:
    """Several studios of a joint activity: separated by 、 ; ， / or line breaks."""
    return _parts(value)


def split_names(value) -> list[tuple[str, str]]:
    """People written in one cell, 张三、李四（海南中学）, as ``(name, school)`` pairs: a school in
    brackets tells apart two people of the same name."""
    pairs = []
    for part in _parts(value):
        match = _WITH_SCHOOL.match(part)
        pairs.append((match["name"].strip(), match["school"].strip()) if match else (part, ""))
    return pairs
