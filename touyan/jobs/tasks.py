"""The platform's own periodic jobs."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from touyan.core import retention
from touyan.core.actors import Actor
from touyan.core.imports import pipeline

from . import files  # noqa: F401 (registers its retention purge)
from .kinds import job


@job("uploads.purge", atomic=False)
def purge_uploads(job, hours: float | None = None) -> dict:
    older_than = retention.kept_for("uploads") if hours is None else dt.timedelta(hours=hours)
    return pipeline.purge_abandoned(older_than=older_than)


# Not atomic: each purge is a transaction of its own, and a second run finds nothing left.
@job("retention.purge", atomic=False)
def purge_expired(job) -> dict:
    return retention.apply()


# Not atomic: ``confirm`` reads the file first, then applies it once in a transaction of its own
# (a second delivery finds it imported), reporting its progress where the pages see it meanwhile.
@job("imports.confirm", atomic=False, max_attempts=2)
def confirm_import(
    job, kind: str, pk: int, skip_invalid: bool, source: str, ip_address: str | None
) -> dict:
    actor = Actor(user=job.requested_by, source=source, ip_address=ip_address)
    try:
        result = pipeline.confirm(actor=actor, kind=kind, pk=pk, skip_invalid=skip_invalid, job=job)
    except (pipeline.ImportAlreadyFinished, pipeline.ImportRefused) as exc:
        return {"message": str(exc)}
    job.progress(job.progress_total, job.progress_total, _("导入完成"))
    return {key: value for key, value in result.items() if key != "rejected"}
