"""The periods a programme's rules are counted in: weeks, months, spans of N months, quarters,
semesters, school years, calendar years, cycle years, the policy's stages and the cycle, with the
days the policy excludes (summer holidays, the Spring Festival weeks).

Everything here is pure date arithmetic on the policy's ``[calendar]`` and a start date, so the
compliance engine, the pages and the tests share one reading of "this month" or "year 2".
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, replace
from functools import cached_property

from django.utils.translation import gettext as _

from touyan.policies import schema
from touyan.policies.names import english_chosen, shown

from .festivals import spring_festival

DAY = dt.timedelta(days=1)
# The spans of N months counted from the cycle's start date ("2_months" … "6_months").
MONTH_SPANS = {f"{n}_months": n for n in range(2, 7)}
QUARTERS = ("一", "二", "三", "四")


@dataclass(frozen=True)
class Period:
    kind: str  # week, month, 2_months … 6_months, quarter, semester, school_year,
    # calendar_year, year, stage, cycle (schema.Period)
    index: int  # 0-based position among the periods of its kind in the cycle
    start: dt.date
    end: dt.date  # inclusive
    name: str = ""
    # The policy's English name beside ``name``. Both are kept and the label chooses when it is
    # read, so a calendar (and an evaluation cached with its periods) serves either language.
    name_en: str = ""
    # The whole week, quarter or year of which the cycle holds only a part (the first quarter
    # of a cycle starting on 1 September is September alone): the quarter "holding the summer
    # holidays" is the whole July–September, whatever part of it the cycle holds.
    whole_start: dt.date | None = None
    whole_end: dt.date | None = None

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.index + 1}"

    @property
    def label(self) -> str:
        if self.kind == "month":
            return _("%(year)d年%(month)d月") % {"year": self.start.year, "month": self.start.month}
        if self.kind == "semester":
            name = self.name_en if self.name_en and english_chosen() else self.name
            return _("%(year)d年%(name)s") % {"year": self.start.year, "name": name}
        if self.kind == "year":
            return _("第%(number)d年") % {"number": self.index + 1}
        if self.kind == "stage":
            return self.name_en if self.name_en and english_chosen() else self.name
        if self.kind == "week":
            return _week_label(self)
        if self.kind in MONTH_SPANS:
            return _months_label(self.start, self.end)
        if self.kind == "quarter":
            return _quarter_label(self.start)
        if self.kind == "school_year":
            return _school_year_label(self)
        if self.kind == "calendar_year":
            return _("%(year)d年") % {"year": self.start.year}
        return _("整个周期")

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def days_left(self, as_of: dt.date) -> int:
        """Days still open after ``as_of``, counting the last day."""
        return (self.end - as_of).days + 1


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = _last_day(year, month)
    return dt.date(year, month, min(day.day, last))


def _last_day(year: int, month: int) -> int:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - DAY).day


class ProgrammeCalendar:
    """The calendar of one cycle that starts on ``start`` under ``calendar``."""

    def __init__(self, calendar: schema.Calendar, start: dt.date):
        self.calendar = calendar
        self.start = start
        self.end = add_months(start, calendar.cycle_months) - DAY

    def periods(self, kind: str) -> list[Period]:
        return list(self._periods[kind])

    def period_of(self, kind: str, day: dt.date) -> Period | None:
        for period in self._periods[kind]:
            if period.contains(day):
                return period
        return None

    def is_exempt(self, period: Period) -> bool:
        """A period wholly inside excluded spans carries no requirement."""
        return self._excluded_in(period) == (period.end - period.start).days + 1

    def touches_exclusion(self, period: Period) -> bool:
        """Whether any day of the period — of the whole quarter, week or year when the cycle
        holds only part of it — is excluded (``skip_periods = "touching_exclusions"``)."""
        return (
            self._excluded_between(
                period.whole_start or period.start, period.whole_end or period.end
            )
            > 0
        )

    def _excluded_in(self, period: Period) -> int:
        return self._excluded_between(period.start, period.end)

    def _excluded_between(self, first: dt.date, last: dt.date) -> int:
        days = self._excluded_sorted
        return bisect.bisect_right(days, last) - bisect.bisect_left(days, first)

    @cached_property
    def _excluded_sorted(self) -> tuple[dt.date, ...]:
        return tuple(sorted(self.excluded_days))

    @cached_property
    def _periods(self) -> dict[str, tuple[Period, ...]]:
        return _LazyPeriods(self)

    def _build(self, kind: str) -> tuple[Period, ...]:
        if kind == "cycle":
            return (Period("cycle", 0, self.start, self.end),)
        if kind in MONTH_SPANS:
            return tuple(self._month_spans(kind, MONTH_SPANS[kind]))
        builders = {
            "week": self._weeks,
            "month": self._months,
            "quarter": self._quarters,
            "semester": self._semesters,
            "school_year": self._school_years,
            "calendar_year": self._calendar_years,
            "year": self._years,
            "stage": self._stages,
        }
        return tuple(builders[kind]())

    def _clipped(self, kind: str, spans):
        """Periods of ``kind`` from sorted ``(start, end)`` spans, those outside the cycle left
        out and the others clipped to it."""
        index = 0
        for start, end in spans:
            if end >= self.start and start <= self.end:
                clipped = start < self.start or end > self.end
                yield Period(
                    kind,
                    index,
                    max(start, self.start),
                    min(end, self.end),
                    whole_start=start if clipped else None,
                    whole_end=end if clipped else None,
                )
                index += 1

    def _weeks(self):
        monday = self.start - self.start.weekday() * DAY
        count = (self.end - monday).days // 7 + 1
        week = dt.timedelta(days=7)
        yield from self._clipped(
            "week", ((monday + k * week, monday + k * week + 6 * DAY) for k in range(count))
        )

    def _month_spans(self, kind: str, months: int):
        count = -(-self.calendar.cycle_months // months)
        spans = (
            (add_months(self.start, k * months), add_months(self.start, (k + 1) * months) - DAY)
            for k in range(count)
        )
        yield from self._clipped(kind, spans)

    def _quarters(self):
        spans = (
            (dt.date(year, month, 1), add_months(dt.date(year, month, 1), 3) - DAY)
            for year in range(self.start.year, self.end.year + 1)
            for month in (1, 4, 7, 10)
        )
        yield from self._clipped("quarter", spans)

    def _school_years(self):
        starts = self.calendar.school_year_starts
        spans = (
            (_on(year, starts), _on(year + 1, starts) - DAY)
            for year in range(self.start.year - 1, self.end.year + 1)
        )
        for period in self._clipped("school_year", spans):
            first = period.start.year
            if period.start < _on(first, starts):
                first -= 1
            yield replace(period, name=str(first))

    def _calendar_years(self):
        spans = (
            (dt.date(year, 1, 1), dt.date(year, 12, 31))
            for year in range(self.start.year, self.end.year + 1)
        )
        yield from self._clipped("calendar_year", spans)

    def _stages(self):
        """The policy's stages in their order; ``index`` is the stage's place among
        ``[[calendar.stages]]``. A stage the cycle does not reach (its semesters or months lie
        beyond the cycle's end) has no period; one that runs past the end is clipped. A stage by
        months beside stages by semesters cannot be checked for overlap without a start date:
        here it starts after the stage before it ends, so that periods never overlap."""
        semesters = self._periods["semester"]
        after = self.start
        for index, stage in enumerate(self.calendar.stages):
            if stage.semesters is not None:
                first, last = stage.semesters
                if first > len(semesters):
                    continue
                start, end = (
                    semesters[first - 1].start,
                    semesters[min(last, len(semesters)) - 1].end,
                )
            elif stage.months is not None:
                first, last = stage.months
                start = add_months(self.start, first - 1)
                end = min(add_months(self.start, last) - DAY, self.end)
                if start > self.end:
                    continue
            else:
                continue
            start = max(start, after)
            if start > end:
                continue
            after = end + DAY
            yield Period("stage", index, start, end, stage.name, stage.name_en or "")

    def _months(self):
        first = dt.date(self.start.year, self.start.month, 1)
        index = 0
        while first <= self.end:
            last = dt.date(first.year, first.month, _last_day(first.year, first.month))
            yield Period("month", index, max(first, self.start), min(last, self.end))
            first = last + DAY
            index += 1

    def _years(self):
        for index in range((self.calendar.cycle_months + 11) // 12):
            start = add_months(self.start, 12 * index)
            end = min(add_months(self.start, 12 * (index + 1)) - DAY, self.end)
            yield Period("year", index, start, end)

    def _semesters(self):
        spans = []
        for year in range(self.start.year - 1, self.end.year + 1):
            for semester in self.calendar.semesters:
                start = _on(year, semester.start)
                end = _on(year if semester.end >= semester.start else year + 1, semester.end)
                if end >= self.start and start <= self.end:
                    spans.append(
                        (
                            max(start, self.start),
                            min(end, self.end),
                            semester.name,
                            semester.name_en or "",
                        )
                    )
        for index, (start, end, name, name_en) in enumerate(sorted(spans)):
            yield Period("semester", index, start, end, name, name_en)

    @cached_property
    def excluded_days(self) -> frozenset[dt.date]:
        days: set[dt.date] = set()
        for span in self.calendar.excluded:
            for year in range(self.start.year - 1, self.end.year + 1):
                if span.movable == "spring_festival":
                    festival = spring_festival(year)
                    first, last = (
                        festival - span.days_before * DAY,
                        festival + span.days_after * DAY,
                    )
                else:
                    first = _on(year, span.from_)
                    last = _on(year if span.to >= span.from_ else year + 1, span.to)
                day = first
                while day <= last:
                    days.add(day)
                    day += DAY
        return frozenset(days)

    def excluded_reason(self, day: dt.date) -> str:
        for span in self.calendar.excluded:
            for year in (day.year - 1, day.year):
                if span.movable == "spring_festival":
                    festival = spring_festival(year + 1 if day.month > 6 else day.year)
                    if festival - span.days_before * DAY <= day <= festival + span.days_after * DAY:
                        return shown(span, "reason")
                else:
                    first = _on(year, span.from_)
                    last = _on(year if span.to >= span.from_ else year + 1, span.to)
                    if first <= day <= last:
                        return shown(span, "reason")
        return ""


class _LazyPeriods(dict):
    """The periods of each kind, worked out the first time that kind is asked for: a calendar
    serves many rules, most of them of one or two kinds."""

    def __init__(self, calendar: ProgrammeCalendar):
        super().__init__()
        self.calendar = calendar

    def __missing__(self, kind: str) -> tuple[Period, ...]:
        periods = self[kind] = self.calendar._build(kind)
        return periods


def _day_label(day: dt.date, *, year: bool = False, month: bool = True) -> str:
    if year:
        return _("%(year)d年%(month)d月%(day)d日") % {
            "year": day.year,
            "month": day.month,
            "day": day.day,
        }
    if month:
        return _("%(month)d月%(day)d日") % {"month": day.month, "day": day.day}
    return _("%(day)d日") % {"day": day.day}


def _week_label(period: Period) -> str:
    """2026年第12周（3月16日—22日）: the ISO week, with the days it holds in the cycle."""
    year, week, _weekday = period.start.isocalendar()
    return _("%(year)d年第%(week)d周（%(start)s—%(end)s）") % {
        "year": year,
        "week": week,
        "start": _day_label(period.start),
        "end": _day_label(period.end, month=period.end.month != period.start.month),
    }


def _months_label(start: dt.date, end: dt.date) -> str:
    """2026年5月—6月 for whole months; 2025年9月15日—11月14日 when the span starts mid-month."""
    whole = start.day == 1 and (end + DAY).day == 1
    if not whole:
        return _("%(start)s—%(end)s") % {
            "start": _day_label(start, year=True),
            "end": _day_label(end, year=end.year != start.year),
        }
    if start.year == end.year:
        return _("%(year)d年%(first)d月—%(last)d月") % {
            "year": start.year,
            "first": start.month,
            "last": end.month,
        }
    return _("%(year)d年%(first)d月—%(end_year)d年%(last)d月") % {
        "year": start.year,
        "first": start.month,
        "end_year": end.year,
        "last": end.month,
    }


def _quarter_label(start: dt.date) -> str:
    quarter = (start.month - 1) // 3
    return (
        _("%(year)d年第一季度"),
        _("%(year)d年第二季度"),
        _("%(year)d年第三季度"),
        _("%(year)d年第四季度"),
    )[quarter] % {"year": start.year}


def _school_year_label(period: Period) -> str:
    """2026—2027学年: ``name`` holds the year the school year starts in."""
    first = int(period.name)
    return _("%(first)d—%(second)d学年") % {"first": first, "second": first + 1}


def _on(year: int, month_day: str) -> dt.date:
    month, day = int(month_day[:2]), int(month_day[3:])
    if (month, day) == (2, 29) and _last_day(year, 2) == 28:
        day = 28
    return dt.date(year, month, day)
