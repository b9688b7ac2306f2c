"""Files a job makes for the person who asked for it (a district's forms as one PDF, say).

The body keeps the file in the configured storage and names it in the job's result; only the
requester downloads it (``jobs.download_file``) while it is kept (``RETENTION_JOB_FILES_DAYS``,
a day), after which the nightly retention purge deletes it. Whatever the file holds was
recorded in the audit trail by the service that made it, with the requester as the actor."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from touyan.core import registry, retention

from .models import Job

FOLDER = "job-files"


def keep_file(job: Job, content: bytes, *, name: str, content_type: str) -> dict:
    """Store ``content`` for ``job`` and return the result that names it."""
    stored = default_storage.save(f"{FOLDER}/{job.pk}/{uuid.uuid4().hex}", ContentFile(content))
    return {"file": stored, "name": name, "content_type": content_type, "size": len(content)}


def forget_files(now: dt.datetime) -> list[retention.Purged]:
    """Delete the files of jobs finished before their period; the results keep the name,
    without the file."""
    before = retention.cutoff("job_files", now)
    deleted = 0
    for job in Job.objects.filter(finished_at__lt=before, result__has_key="file"):
        if stored := job.result.get("file"):
            default_storage.delete(stored)
            deleted += 1
        result = {key: value for key, value in job.result.items() if key != "file"}
        Job.objects.filter(pk=job.pk).update(result=result)
    return [retention.purged("job_files", deleted, before=before)]


registry.RETENTION.add(forget_files, weight=95)
