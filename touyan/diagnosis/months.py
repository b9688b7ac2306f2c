"""The months of a cycle a rotation is planned in, and those it avoids: a month more than half
of whose days lie in the policy's excluded spans (the summer holidays' July and August, a
February taken up by the Spring Festival weeks). Pure, on a ``ProgrammeCalendar``."""

from __future__ import annotations

import datetime as dt

from touyan.programmes.calendar import ProgrammeCalendar


def cycle_months(calendar: ProgrammeCalendar) -> list[dt.date]:
    """The first day of every calendar month the cycle touches."""
    return [period.start.replace(day=1) for period in calendar.periods("month")]


def excluded_months(calendar: ProgrammeCalendar) -> dict[dt.date, str]:
    """Month → the reason it is avoided (暑假, 春节)."""
    excluded = calendar.excluded_days
    avoided = {}
    for period in calendar.periods("month"):
        first = period.start.replace(day=1)
        days = [first + dt.timedelta(days=n) for n in range(31)]
        days = [day for day in days if day.month == first.month]
        off = [day for day in days if day in excluded]
        if 2 * len(off) > len(days):
            avoided[first] = calendar.excluded_reason(off[len(off) // 2])
    return avoided
