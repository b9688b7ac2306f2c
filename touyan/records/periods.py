"""The span a record must fall in: a studio programme's cycle, or the course of the cohort that
runs an activity. The services, the import and the API all ask here."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from touyan.programmes.policy import calendar_of


def outside_span(programme, cohort, day: dt.date | None, end_day: dt.date | None = None) -> str:
    """Why ``day`` (and ``end_day``) falls outside the programme's cycle or the cohort's
    course, or "" when it falls inside."""
    span = calendar_of(programme, cohort=cohort)
    days = [d for d in (day, end_day) if d is not None]
    if all(span.start <= d <= span.end for d in days):
        return ""
    dates = {"start": span.start.isoformat(), "end": span.end.isoformat()}
    if cohort is not None:
        return _("日期须在%(cohort)s的培训期内（%(start)s 至 %(end)s）") % {
            **dates,
            "cohort": cohort.name,
        }
    return _("日期须在本项目的工作周期内（%(start)s 至 %(end)s）") % dates
