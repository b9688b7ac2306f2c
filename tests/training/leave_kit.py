"""Sessions of the test cohort for the leave and roll call tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from touyan.records.services import create_activity

from ..programmes import SYSTEM


def session(c, day: dt.date, *, start: dt.time | None = dt.time(9, 0), hours=None, topic=""):
    return create_activity(
        actor=SYSTEM,
        programme=c.programme,
        cohort=c.hz.cohort,
        activity_type="course",
        title=f"集中培训 {day:%m-%d}",
        date=day,
        start_time=start,
        topic=topic,
        hours=Decimal(hours) if hours else None,
    )


def at(day: dt.date, hour: int = 8, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def pin_clock(monkeypatch, moment: dt.datetime) -> None:
    """Pages and services read the clock: pin it (and the local date) to ``moment``."""
    real_localdate = timezone.localdate
    monkeypatch.setattr(timezone, "now", lambda: moment)
    monkeypatch.setattr(
        timezone,
        "localdate",
        lambda value=None, timezone=None: (
            real_localdate(moment) if value is None else real_localdate(value, timezone)
        ),
    )
