"""Files a job makes for the person who asked for it (a district's forms as one PDF, say).

The body keeps the file in the configured storage and names it in the job's result; only the
requester downloads it (``jobs.download_file``), for ``KEPT_HOURS``, after which the nightly
purge deletes it. Whatever the file holds was recorded in the audit trail by the service that
made it, with the requester as the actor."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from .models import Job

KEPT_HOURS = Job.FILE_KEPT_HOURS
FOLDER = "job-files"


def keep_file(job: Job, content: bytes, *, name: str, content_type: str) -> dict:
    """Store ``content`` for ``job`` and return the result that names it."""
    stored = default_storage.save(f"{FOLDER}/{job.pk}/{uuid.uuid4().hex}", ContentFile(content))
    return {"file": stored, "name": name, "content_type": content_type, "size": len(content)}


def purge_files(*, older_than: dt.timedelta = dt.timedelta(hours=KEPT_HOURS)) -> int:
    """Delete the files of jobs finished before ``older_than`` ago; their results keep the
    name, without the file. Returns how many were deleted."""
    cutoff = timezone.now() - older_than
    deleted = 0
    for job in Job.objects.filter(finished_at__lt=cutoff, result__has_key="file"):
        stored = job.result.get("file")
        if stored:
            default_storage.delete(stored)
            deleted += 1
        result = {key: value for key, value in job.result.items() if key != "file"}
        Job.objects.filter(pk=job.pk).update(result=result)
    return deleted
