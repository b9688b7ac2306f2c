"""Working days on the Chinese calendar: Monday to Friday, except the public holidays, plus
the make-up working days (调休) on a weekend. Only years with an arrangement are answered; any
other year is refused with ``YearUnknown``, whose message says which year to enter."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import HolidayYear, SpecialDay

DAY = dt.timedelta(days=1)


class YearUnknown(ValidationError):
    def __init__(self, year: int):
        self.year = year
        self.url = reverse("holidays:year", args=[year])
        super().__init__(
            _("%(year)d 年节假日安排尚未录入，无法计算工作日。请在“节假日安排”中录入（%(url)s）。")
            % {"year": year, "url": self.url},
            code="holiday_year_unknown",
        )


class WorkingCalendar:
    """Reads each year once; make one per computation."""

    def __init__(self):
        self._years: dict[int, dict[dt.date, str]] = {}

    def _special(self, year: int) -> dict[dt.date, str]:
        if year not in self._years:
            if not HolidayYear.objects.filter(year=year).exists():
                raise YearUnknown(year)
            self._years[year] = dict(
                SpecialDay.objects.filter(year__year=year).values_list("date", "kind")
            )
        return self._years[year]

    def is_working_day(self, day: dt.date) -> bool:
        kind = self._special(day.year).get(day)
        if kind == SpecialDay.Kind.HOLIDAY:
            return False
        return kind == SpecialDay.Kind.WORKDAY or day.weekday() < 5

    def nth_working_day(self, start: dt.date, n: int) -> dt.date:
        """The ``n``-th working day counting from ``start`` (``start`` itself is the first if it
        is a working day): the last day of a period of ``n`` working days."""
        if n < 1:
            raise ValueError("n must be at least 1")
        day, counted = start, 0
        while True:
            if self.is_working_day(day):
                counted += 1
                if counted == n:
                    return day
            day += DAY


def is_working_day(day: dt.date) -> bool:
    return WorkingCalendar().is_working_day(day)


def nth_working_day(start: dt.date, n: int) -> dt.date:
    return WorkingCalendar().nth_working_day(start, n)
