"""A file a job made: downloaded by the one who asked for it only, for its retention period
(a day), then purged."""

import datetime as dt

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from tests.access import ALLOWED, LOGIN, NOT_FOUND, check_access
from touyan.audit.models import AuditEntry
from touyan.jobs import files
from touyan.jobs.models import Job

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def finished_with_file(user, content=b"%PDF-1.7 forms", **fields) -> Job:
    job = Job.objects.create(
        kind="selection.district_forms", requested_by=user, scope_code="330106"
    )
    result = files.keep_file(job, content, name="推荐表.pdf", content_type="application/pdf")
    fields = {"finished_at": timezone.now(), **fields}
    Job.objects.filter(pk=job.pk).update(state=Job.State.DONE, result=result, **fields)
    job.refresh_from_db()
    return job


def test_only_the_requester_downloads_the_file(client, cast):
    job = finished_with_file(cast.xihu)
    url = reverse("jobs:file", args=[job.pk])
    expected = {
        "anonymous": LOGIN,
        "xihu": ALLOWED,
        # The area's admin sees the job but does not get what it holds.
        "hz_admin": NOT_FOUND,
        "superuser": ALLOWED,
        "hz_centre": NOT_FOUND,
        "binjiang": NOT_FOUND,
        "nobody": NOT_FOUND,
    }
    check_access(client, cast, url, expected)
    client.force_login(cast.xihu)
    response = client.get(url)
    assert b"".join(response.streaming_content) == b"%PDF-1.7 forms"
    assert response["Content-Type"] == "application/pdf"
    assert "filename*=utf-8''%E6%8E%A8%E8%8D%90%E8%A1%A8.pdf" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"


def test_the_status_shows_the_download_to_the_requester(client, cast):
    job = finished_with_file(cast.xihu)
    client.force_login(cast.xihu)
    assert (
        reverse("jobs:file", args=[job.pk])
        in client.get(reverse("jobs:status", args=[job.pk])).content.decode()
    )


def test_a_day_later_the_file_is_gone_and_the_purge_deletes_it(client, cast):
    job = finished_with_file(cast.xihu, finished_at=timezone.now() - dt.timedelta(hours=25))
    stored = job.result["file"]
    client.force_login(cast.xihu)
    assert client.get(reverse("jobs:file", args=[job.pk])).status_code == 404
    fresh = finished_with_file(cast.xihu)
    assert [(p.kind, p.count) for p in files.forget_files(timezone.now())] == [("job_files", 1)]
    assert AuditEntry.objects.filter(note__contains="后台任务生成的文件 1 条").exists()
    assert not default_storage.exists(stored)
    job.refresh_from_db()
    assert "file" not in job.result and job.result["name"] == "推荐表.pdf"
    assert default_storage.exists(fresh.result["file"])
