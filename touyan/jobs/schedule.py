"""The periodic schedule, written to the queue's schedule rows each time a worker starts.

Nightly work is enqueued as jobs with one key per day, so a schedule fired twice (several
machines, a catch-up after a restart) still runs it once."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from touyan.core.actors import Actor

HEARTBEAT = "touyan.jobs.runner.heartbeat"
REDELIVER = "touyan.jobs.runner.redeliver_lost"
NIGHTLY = "touyan.jobs.schedule.nightly"
QUARTERLY = "touyan.jobs.schedule.quarter_hourly"

# name: (function, args, every how many minutes, first run at this local time or None)
PERIODIC = {
    "heartbeat": (HEARTBEAT, "", 1, None),
    "redeliver-lost": (REDELIVER, "", 5, None),
    "purge-uploads": (NIGHTLY, "'uploads.purge'", 24 * 60, dt.time(2, 0)),
    "retention": (NIGHTLY, "'retention.purge'", 24 * 60, dt.time(2, 30)),
    "compliance-snapshots": (NIGHTLY, "'compliance.nightly_snapshots'", 24 * 60, dt.time(3, 0)),
    "inbox-digests": (NIGHTLY, "'inbox.digests'", 24 * 60, dt.time(7, 0)),
    "assessment-consequences": (
        NIGHTLY,
        "'assessment.apply_consequences'",
        24 * 60,
        dt.time(0, 30),
    ),
    "training-removal-cases": (NIGHTLY, "'training.removal_cases'", 24 * 60, dt.time(3, 30)),
    "community-close-sessions": (QUARTERLY, "'community.close_sessions'", 15, None),
}


def ensure_schedule(now: dt.datetime | None = None) -> None:
    """Create or update the schedule rows (other rows — retries of jobs — are left alone)."""
    from django_q.models import Schedule

    now = now or timezone.now()
    for name, (func, args, minutes, at) in PERIODIC.items():
        Schedule.objects.update_or_create(
            name=name,
            defaults={
                "func": func,
                "args": args or None,
                "schedule_type": Schedule.MINUTES,
                "minutes": minutes,
                "repeats": -1,
                "next_run": _first_run(now, at),
            },
        )


def _first_run(now: dt.datetime, at: dt.time | None) -> dt.datetime:
    if at is None:
        return now
    local = timezone.localtime(now)
    first = local.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
    return first if first > local else first + dt.timedelta(days=1)


def nightly(kind: str) -> int:
    from .services import enqueue

    day = timezone.localdate().isoformat()
    return enqueue(actor=Actor.system(), kind=kind, key=f"{kind}:{day}").pk


def quarter_hourly(kind: str) -> int:
    """Work due every quarter of an hour, keyed by the quarter: fired twice, it runs once."""
    from .services import enqueue

    now = timezone.localtime()
    key = f"{kind}:{now:%Y-%m-%dT%H}:{now.minute // 15}"
    return enqueue(actor=Actor.system(), kind=kind, key=key).pk
