"""What /healthz says of the queue: the age of the oldest waiting job and the last heartbeat.
Each check is one contribution to ``registry.HEALTH``: ``() -> dict(name, ok, detail)``."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Max, Min
from django.utils import timezone

from .models import Job, WorkerBeat


def oldest_waiting_job() -> dict:
    oldest = Job.objects.filter(state=Job.State.QUEUED).aggregate(at=Min("created_at"))["at"]
    waiting = int((timezone.now() - oldest).total_seconds()) if oldest else 0
    return {
        "name": "queue",
        "ok": waiting <= settings.JOB_WAIT_ALERT_SECONDS,
        "detail": {"oldest_waiting_seconds": waiting},
    }


def last_heartbeat() -> dict:
    if settings.TOUYAN_BACKGROUND_JOBS == "inline":
        # Jobs run in the caller: no worker is expected.
        return {"name": "worker", "ok": True, "detail": {"mode": "inline"}}
    beat = WorkerBeat.objects.aggregate(at=Max("seen_at"))["at"]
    silent = int((timezone.now() - beat).total_seconds()) if beat else None
    return {
        "name": "worker",
        "ok": silent is not None and silent <= settings.JOB_HEARTBEAT_ALERT_SECONDS,
        "detail": {"last_heartbeat_seconds": silent},
    }
