"""Asking for a job: ``enqueue`` records it and, once the transaction commits, hands it to the
queue. With ``TOUYAN_BACKGROUND_JOBS=inline`` (tests, the demo build) it runs at once instead."""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction

from touyan.core.actors import Actor

from . import broker
from .kinds import kind_of
from .models import Job


def enqueue(
    *, actor: Actor, kind: str, payload: dict | None = None, key: str | None = None, scope_code=""
) -> Job:
    """The job of ``kind`` with ``payload`` (JSON); a second call with the same ``key`` returns
    the first job instead of asking again. Not audited: the action that asks for a job is."""
    spec = kind_of(kind)
    if key is not None and (existing := Job.objects.filter(key=key).first()):
        return existing
    try:
        with transaction.atomic():
            job = Job.objects.create(
                kind=kind,
                payload=payload or {},
                key=key,
                max_attempts=spec.max_attempts,
                requested_by=actor.user,
                scope_code=scope_code,
            )
    except IntegrityError:
        if key is None:
            raise
        return Job.objects.get(key=key)
    if settings.TOUYAN_BACKGROUND_JOBS == "inline":
        from .runner import run

        run(job.pk)
        job.refresh_from_db()
    else:
        transaction.on_commit(lambda: broker.submit(job.pk), robust=True)
    return job
