import pytest
from django.urls import reverse

from tests.access import ALLOWED, LOGIN, NOT_FOUND, check_access
from touyan.jobs.models import Job

pytestmark = pytest.mark.django_db


def test_the_job_list_is_for_staff(client, cast):
    check_access(
        client,
        cast,
        reverse("jobs:list"),
        {
            "anonymous": LOGIN,
            "superuser": ALLOWED,
            "hz_admin": ALLOWED,
            "hz_centre": ALLOWED,
            "xihu": ALLOWED,
            "expert": NOT_FOUND,
            "own": NOT_FOUND,
            "nobody": NOT_FOUND,
        },
    )


def test_a_job_is_seen_by_who_asked_the_area_admin_and_superusers(client, cast):
    job = Job.objects.create(
        kind="allocation.run", requested_by=cast.hz_centre, scope_code="330100"
    )
    expected = {
        "anonymous": LOGIN,
        "superuser": ALLOWED,
        "hz_admin": ALLOWED,
        "hz_centre": ALLOWED,
        "xihu": NOT_FOUND,
        "hn_admin": NOT_FOUND,
        "expert": NOT_FOUND,
        "nobody": NOT_FOUND,
    }
    check_access(client, cast, reverse("jobs:detail", args=[job.pk]), expected)
    check_access(client, cast, reverse("jobs:status", args=[job.pk]), expected)


def test_the_list_shows_progress_and_errors(client, cast):
    Job.objects.create(
        kind="allocation.run",
        requested_by=cast.hz_centre,
        state=Job.State.FAILED,
        attempts=3,
        error="RuntimeError: boom",
    )
    running = Job.objects.create(kind="uploads.purge", requested_by=cast.hz_centre)
    running.progress(1, 4, "第一步")
    client.force_login(cast.hz_centre)
    page = client.get(reverse("jobs:list")).content.decode()
    assert "RuntimeError: boom" in page and "3 / 3" in page
    assert "25%" in page and "第一步" in page
    detail = client.get(reverse("jobs:detail", args=[running.pk])).content.decode()
    assert "job-status.js" in detail and "data-job-running" in detail


def test_a_job_without_requester_is_listed_and_shown_as_the_systems(client, cast):
    """A scheduled job has no requester: the list and the page name the system, not fail."""
    job = Job.objects.create(kind="uploads.purge", requested_by=None)
    client.force_login(cast.superuser)
    listing = client.get(reverse("jobs:list"))
    assert listing.status_code == 200
    assert "系统" in listing.content.decode()
    detail = client.get(reverse("jobs:detail", args=[job.pk]))
    assert detail.status_code == 200
    assert "<dd>系统</dd>" in detail.content.decode()
