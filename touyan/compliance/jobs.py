"""Snapshots taken by the task queue: one asked for from the page, and every programme's
verdicts each night."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.core.actors import Actor, Source
from touyan.jobs.kinds import job
from touyan.programmes.models import Programme

from .models import Snapshot
from .services import take_snapshot


@job("compliance.snapshot")
def snapshot(job, programme: int, as_of: str, label: str = "") -> dict:
    taken = take_snapshot(
        actor=Actor(user=job.requested_by, source=Source.WEB),
        programme=Programme.objects.get(pk=programme),
        as_of=dt.date.fromisoformat(as_of),
        label=label,
    )
    return {"snapshot": taken.pk}


# Not atomic: one transaction per programme, a programme already kept today is skipped, so a
# second delivery finishes what the first began.
@job("compliance.nightly_snapshots", atomic=False)
def nightly_snapshots(job) -> dict:
    today, label = timezone.localdate(), _("每日存档")
    programmes = list(Programme.objects.filter(policy_version__isnull=False).order_by("pk"))
    taken = 0
    for number, programme in enumerate(programmes, start=1):
        with transaction.atomic():
            kept = Snapshot.objects.filter(programme=programme, as_of=today, label=label)
            if not kept.exists():
                take_snapshot(actor=Actor.system(), programme=programme, as_of=today, label=label)
                taken += 1
        job.progress(number, len(programmes), programme.name)
    return {"programmes": len(programmes), "taken": taken}
