"""A budget year's span: a calendar year, or a programme year (year n runs from the programme's
start + (n−1) years to the day before its start + n years)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from touyan.policies import schema
from touyan.programmes.calendar import add_months

FIRST_CALENDAR_YEAR, LAST_CALENDAR_YEAR = 2000, 2100


def programme_end(programme, spec: schema.Policy) -> dt.date:
    """The last day of the programme's cycle."""
    return add_months(programme.starts_on, spec.calendar.cycle_months) - dt.timedelta(days=1)


def programme_years(spec: schema.Policy) -> int:
    return max(1, -(-spec.calendar.cycle_months // 12))


def span(programme, spec: schema.Policy, source: schema.FundingSource, year: int):
    """(first day, last day) of ``year`` for ``source``, or a ValidationError in words."""
    if source.year == "calendar":
        if not FIRST_CALENDAR_YEAR <= year <= LAST_CALENDAR_YEAR:
            raise ValidationError(
                _("预算年度 %(year)s 不对：经费来源“%(source)s”按自然年计，请写 2026 这样的年份")
                % {"year": year, "source": source.name}
            )
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    last = programme_years(spec)
    if not 1 <= year <= last:
        raise ValidationError(
            _("预算年度 %(year)s 不对：经费来源“%(source)s”按培养年度计，应为 1—%(last)d")
            % {"year": year, "source": source.name, "last": last}
        )
    start = add_months(programme.starts_on, 12 * (year - 1))
    return start, add_months(programme.starts_on, 12 * year) - dt.timedelta(days=1)


def next_year_exists(programme, spec, source: schema.FundingSource, year: int) -> bool:
    """Whether the programme runs into ``year + 1`` of the source's reckoning."""
    end = programme_end(programme, spec)
    if source.year == "calendar":
        return year + 1 <= end.year
    return year + 1 <= programme_years(spec)
