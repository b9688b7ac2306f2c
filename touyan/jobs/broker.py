"""The one place that speaks to the queue library (django-q2): hand a job over now or later."""

from __future__ import annotations

import datetime as dt

RUN = "touyan.jobs.runner.run"


def submit(job_pk: int) -> None:
    from django_q.tasks import async_task

    async_task(RUN, job_pk, task_name=f"job-{job_pk}", group="touyan")


def submit_at(job_pk: int, when: dt.datetime) -> None:
    from django_q.models import Schedule

    Schedule.objects.create(
        name=f"job-{job_pk}-retry-{when:%Y%m%d%H%M%S}",
        func=RUN,
        args=repr(job_pk),
        schedule_type=Schedule.ONCE,
        repeats=1,
        next_run=when,
    )
