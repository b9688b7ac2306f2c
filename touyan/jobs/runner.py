"""Running a job, as the queue delivers it: at least once, so every step is taken under the
job's row lock.

1. Claim: a job ``done`` or ``failed`` is left alone; a ``running`` one whose lease has not
   expired belongs to a live worker; otherwise this worker takes it (attempt + 1, a lease as
   long as the queue's timeout).
2. Body: an atomic kind runs in one transaction with the job marked done, under the lock,
   checked to be still this worker's claim — a worker killed mid-run leaves nothing, the next
   delivery applies the effect once. Other kinds commit as they go and mark done after.
3. Failure: retried with exponential backoff until ``max_attempts``, then ``failed`` with the
   error in words.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import traceback

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import broker
from .kinds import kind_of
from .models import Job, WorkerBeat

log = logging.getLogger(__name__)
ERROR_LENGTH = 2000


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def backoff(attempts: int) -> dt.timedelta:
    """The wait before attempt ``attempts + 1``: base, then doubling, at most an hour."""
    base = settings.JOB_RETRY_BACKOFF
    return dt.timedelta(seconds=min(3600, base * 2 ** max(0, attempts - 1)))


def run(job_pk: int) -> str:
    """Run the job once if it is this delivery's to run; returns what happened, in a word."""
    me = worker_name()
    job = _claim(job_pk, me)
    if job is None:
        return "skipped"
    spec = kind_of(job.kind)
    try:
        if spec.atomic:
            with transaction.atomic():
                current = Job.objects.select_for_update().get(pk=job_pk)
                if current.state != Job.State.RUNNING or current.worker != me:
                    return "skipped"
                result = spec.body(job, **job.payload)
                _finish(current, result)
        else:
            result = spec.body(job, **job.payload)
            with transaction.atomic():
                current = Job.objects.select_for_update().get(pk=job_pk)
                if current.state == Job.State.RUNNING and current.worker == me:
                    _finish(current, result)
    except Exception as error:  # noqa: BLE001 (whatever went wrong is kept on the job)
        log.exception("job %s (%s) failed", job_pk, job.kind)
        return _failed(job_pk, me, error)
    return "done"


def _claim(job_pk: int, me: str) -> Job | None:
    now = timezone.now()
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_pk).first()
        if job is None or job.finished:
            return None
        if job.state == Job.State.RUNNING and job.locked_until and job.locked_until > now:
            return None
        if job.state == Job.State.QUEUED and job.next_attempt_at and job.next_attempt_at > now:
            return None  # delivered before its time: its retry is scheduled
        job.state, job.worker = Job.State.RUNNING, me
        job.attempts += 1
        job.started_at = now
        job.locked_until = now + dt.timedelta(seconds=settings.JOB_LEASE_SECONDS)
        job.save(update_fields=["state", "worker", "attempts", "started_at", "locked_until"])
    return job


def _finish(job: Job, result) -> None:
    job.state, job.result = Job.State.DONE, result
    job.finished_at = timezone.now()
    job.locked_until, job.error = None, ""
    job.save(update_fields=["state", "result", "finished_at", "locked_until", "error"])


def _failed(job_pk: int, me: str, error: Exception) -> str:
    now = timezone.now()
    text = "".join(traceback.format_exception_only(type(error), error)).strip()[:ERROR_LENGTH]
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_pk)
        if job.state != Job.State.RUNNING or job.worker != me:
            return "skipped"
        job.error, job.locked_until = text, None
        if job.attempts < job.max_attempts:
            job.state = Job.State.QUEUED
            job.next_attempt_at = now + backoff(job.attempts)
            if settings.TOUYAN_BACKGROUND_JOBS != "inline":
                when = job.next_attempt_at
                transaction.on_commit(lambda: broker.submit_at(job_pk, when))
            outcome = "retry"
        else:
            job.state, job.finished_at = Job.State.FAILED, now
            outcome = "failed"
        job.save(update_fields=["state", "error", "locked_until", "next_attempt_at", "finished_at"])
    return outcome


def heartbeat() -> None:
    """Run every minute by the schedule: the worker of this machine is alive and taking jobs."""
    WorkerBeat.objects.update_or_create(
        name=socket.gethostname()[:100], defaults={"seen_at": timezone.now()}
    )


def redeliver_lost(now: dt.datetime | None = None) -> int:
    """Hand again the jobs whose delivery was lost (the process died between the commit and
    the hand-over, or a broker without persistence restarted): queued and due for a while, or
    running with a lease long expired. Handing twice is harmless: ``run`` claims once."""
    now = now or timezone.now()
    grace = dt.timedelta(seconds=settings.JOB_LEASE_SECONDS)
    waiting = Job.objects.filter(state=Job.State.QUEUED, created_at__lt=now - grace).exclude(
        next_attempt_at__gt=now - grace
    )
    lost = Job.objects.filter(state=Job.State.RUNNING, locked_until__lt=now - grace)
    pks = list(waiting.values_list("pk", flat=True)) + list(lost.values_list("pk", flat=True))
    for pk in pks:
        broker.submit(pk)
    return len(pks)
