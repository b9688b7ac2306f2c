"""The periods a programme's rules are counted in: months, semesters, cycle years and the cycle,
with the days the policy excludes (summer holidays, the Spring Festival weeks).

Everything here is pure date arithmetic on the policy's ``[calendar]`` and a start date, so the
compliance engine, the pages and the tests share one reading of "this month" or "year 2".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from django.utils.translation import gettext as _

from touyan.policies import schema
from touyan.policies.names import english_chosen, shown

from .festivals import spring_festival

DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Period:
    kind: str  # month, semester, year, cycle
    index: int  # 0-based position among the periods of its kind in the cycle
    start: dt.date
    end: dt.date  # inclusive
    name: str = ""
    # The policy's English name beside ``name``. Both are kept and the label chooses when it is
    # read, so a calendar (and an evaluation cached with its periods) serves either language.
    name_en: str = ""

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
        excluded = self.excluded_days
        day = period.start
        while day <= period.end:
            if day not in excluded:
                return False
            day += DAY
        return True

    @cached_property
    def _periods(self) -> dict[str, tuple[Period, ...]]:
        return {
            "month": tuple(self._months()),
            "semester": tuple(self._semesters()),
            "year": tuple(self._years()),
            "cycle": (Period("cycle", 0, self.start, self.end),),
        }

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


def _on(year: int, month_day: str) -> dt.date:
    month, day = int(month_day[:2]), int(month_day[3:])
    if (month, day) == (2, 29) and _last_day(year, 2) == 28:
        day = 28
    return dt.date(year, month, day)
