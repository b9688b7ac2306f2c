"""The snapshot pages: managers keep the verdicts of a day with the policy version they were
given under, and download them; everyone else gets 404."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from tests.access import ALLOWED, LOGIN, NOT_FOUND, check_access
from touyan.api.schemas.compliance import EvaluationOut
from touyan.compliance.models import Snapshot
from touyan.compliance.services import take_snapshot
from touyan.records import services as records

from ..factories import UserFactory
from ..programmes import SYSTEM, hangzhou

pytestmark = pytest.mark.django_db


@pytest.fixture
def hz(cast):
    hz = hangzhou(trainees=2)
    principal = hz.trainees[0].principal
    principal.user = UserFactory(username="trainee0")
    principal.save()
    cast.trainee0 = principal.user
    records.submit_deliverable(
        actor=SYSTEM,
        programme=hz.programme,
        kind="development_plan",
        title="个人发展规划",
        principal=principal,
        body="一人一方案。",
        submitted_on=dt.date(2026, 4, 1),
    )
    return hz


def test_only_managers_keep_and_read_snapshots(client, cast, hz):
    expected = {
        "anonymous": LOGIN,
        "superuser": ALLOWED,
        "hz_admin": ALLOWED,
        "hz_centre": ALLOWED,
        "xihu": NOT_FOUND,  # a district officer sees their district only; snapshots hold all
        "hn_admin": NOT_FOUND,
        "nobody": NOT_FOUND,
        "trainee0": NOT_FOUND,
    }
    check_access(client, cast, reverse("compliance:snapshots", args=[hz.programme.slug]), expected)


@pytest.mark.clause("HZ-3.4.2")
def test_a_snapshot_is_taken_listed_and_downloaded(client, cast, hz):
    client.force_login(cast.hz_centre)
    url = reverse("compliance:snapshots", args=[hz.programme.slug])
    response = client.post(url, {"as_of": "2026-05-01", "label": "期中检查"}, follow=True)
    assert "已存档截至 2026-05-01 的结论（依据政策第 1 版）" in response.content.decode()
    snapshot = Snapshot.objects.get()
    assert snapshot.label == "期中检查" and snapshot.taken_by == cast.hz_centre
    page = client.get(url).content.decode()
    assert "期中检查" in page and "第 1 版" in page
    download = client.get(reverse("compliance:snapshot", args=[hz.programme.slug, snapshot.pk]))
    data = json.loads(download.content)
    assert download["Content-Disposition"].startswith(
        f'attachment; filename="compliance-{hz.programme.slug}-2026-05-01-{snapshot.pk}.json"'
    )
    assert download["Cache-Control"] == "private, no-store"
    assert download["X-Content-Type-Options"] == "nosniff"
    first = next(s for s in data["subjects"] if s["id"] == hz.trainees[0].pk)
    assert first["cells"]["hz-development-plan"]["state"] == "met"
    assert client.post(url, {"as_of": "2026-13-01"}).status_code == 400
    client.force_login(cast.xihu)
    assert (
        client.get(
            reverse("compliance:snapshot", args=[hz.programme.slug, snapshot.pk])
        ).status_code
        == 404
    )


def test_the_dashboard_offers_snapshots_to_managers_only(client, cast, hz):
    link = reverse("compliance:snapshots", args=[hz.programme.slug])
    client.force_login(cast.hz_centre)
    assert (
        link
        in client.get(reverse("compliance:dashboard", args=[hz.programme.slug])).content.decode()
    )
    client.force_login(cast.xihu)
    assert (
        link
        not in client.get(
            reverse("compliance:dashboard", args=[hz.programme.slug])
        ).content.decode()
    )


def test_a_snapshot_asked_for_is_taken_by_a_job_and_shown_while_it_runs(client, cast, hz, settings):
    from touyan.jobs import runner
    from touyan.jobs.models import Job

    settings.TOUYAN_BACKGROUND_JOBS = "queue"
    client.force_login(cast.hz_centre)
    url = reverse("compliance:snapshots", args=[hz.programme.slug])
    response = client.post(url, {"as_of": "2026-05-01", "label": "期中检查"}, follow=True)
    page = response.content.decode()
    assert "正在存档" in page and "job-status.js" in page
    assert not Snapshot.objects.exists()
    job = Job.objects.get(kind="compliance.snapshot")
    assert runner.run(job.pk) == "done"
    snapshot = Snapshot.objects.get()
    assert (snapshot.label, snapshot.taken_by) == ("期中检查", cast.hz_centre)
    assert "正在存档" not in client.get(url).content.decode()


def test_every_programme_is_kept_each_night_once(hz):
    from touyan.jobs.models import Job
    from touyan.jobs.schedule import nightly

    first = nightly("compliance.nightly_snapshots")
    Job.objects.filter(pk=first).update(state=Job.State.QUEUED)  # delivered again
    from touyan.jobs import runner

    assert runner.run(first) == "done"
    assert Snapshot.objects.filter(programme=hz.programme, label="每日存档").count() == 1
    assert Job.objects.get(pk=first).result == {"programmes": 1, "taken": 0}


def _without_pace(data):
    """The data as snapshots kept it before verdicts had a pace, a note and a unit."""
    if isinstance(data, dict):
        return {k: _without_pace(v) for k, v in data.items() if k not in ("pace", "note", "unit")}
    if isinstance(data, list):
        return [_without_pace(v) for v in data]
    return data


@pytest.mark.clause("HZ-3.4.2")
def test_a_snapshot_kept_before_pace_reads_unchanged(client, cast, hz):
    snapshot = take_snapshot(actor=SYSTEM, programme=hz.programme, as_of=dt.date(2026, 5, 1))
    cells = [c for s in snapshot.data["subjects"] for c in s["cells"].values()]
    assert any(c["pace"] == "on_track" for c in cells)  # taken today: with pace
    old = _without_pace(snapshot.data)
    Snapshot.objects.filter(pk=snapshot.pk).update(data=old)
    client.force_login(cast.hz_centre)
    url = reverse("compliance:snapshot", args=[hz.programme.slug, snapshot.pk])
    assert json.loads(client.get(url).content) == old  # handed out as it was kept
    listed = client.get(reverse("compliance:snapshots", args=[hz.programme.slug]))
    totals = snapshot.totals
    assert f"已达成 {totals['met']} · 有风险 {totals['at_risk']}" in listed.content.decode()
    # The API's shape reads it, an absent pace as null.
    parsed = EvaluationOut.model_validate(old)
    logs = parsed.subjects[0].cells["hz-study-logs"]
    assert logs.state == "at_risk" and logs.pace is None
    assert logs.current.pace is None and logs.current.note == ""
    assert all(rule.unit is None for rule in parsed.rules)
