"""What /healthz says of the queue: the age of the oldest waiting job and the last heartbeat."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Max, Min
from django.utils import timezone

from .models import Job, WorkerBeat


def queue_health(_subject=None) -> list[dict]:
    now = timezone.now()
    oldest = Job.objects.filter(state=Job.State.QUEUED).aggregate(at=Min("created_at"))["at"]
    waiting = int((now - oldest).total_seconds()) if oldest else 0
    beat = WorkerBeat.objects.aggregate(at=Max("seen_at"))["at"]
    silent = int((now - beat).total_seconds()) if beat else None
    return [
        {
            "name": "queue",
            "ok": waiting <= settings.JOB_WAIT_ALERT_SECONDS,
            "detail": {"oldest_waiting_seconds": waiting},
        },
        {
            "name": "worker",
            "ok": silent is not None and silent <= settings.JOB_HEARTBEAT_ALERT_SECONDS,
            "detail": {"last_heartbeat_seconds": silent},
        },
    ]
