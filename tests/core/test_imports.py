"""The one import pipeline: imports are found by themselves, every upload and confirmation is
checked against the importer's permission, unreadable files and refusals come out as one
exception, and one command purges every import."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from tests.people.test_roster_import import bad_rows, good_rows
from tests.programmes import hainan
from tests.records.test_import_plan import activity_row, workbook
from tests.sheets import workbook_bytes
from touyan.core.actors import Actor
from touyan.core.imports import pipeline
from touyan.core.imports.importers import kinds
from touyan.people.models import Principal, RosterImport
from touyan.records.models import RecordImport

pytestmark = pytest.mark.django_db

ROSTER = "people.rosterimport"
RECORDS = "records.recordimport"


def roster_file(rows):
    return SimpleUploadedFile("r.xlsx", workbook_bytes(rows).getvalue())


def records_file(hn):
    studio = hn.studios[0]
    rows = [activity_row(studio.name, "专题研讨", "三月研讨", "2026-03-05")]
    return SimpleUploadedFile("a.xlsx", workbook(activities=rows).getvalue())


def test_every_stored_upload_model_is_an_import():
    assert kinds() == [ROSTER, RECORDS]


def test_upload_and_confirm_check_the_importers_permission(cast):
    with pytest.raises(PermissionDenied):
        pipeline.upload(actor=Actor(user=cast.expert), kind=ROSTER, uploaded_file=roster_file([]))
    assert not RosterImport.objects.exists()
    hn = hainan(studios=1, members=1)
    with pytest.raises(PermissionDenied):
        pipeline.upload(
            actor=Actor(user=cast.hz_admin),
            kind=RECORDS,
            programme=hn.programme,
            uploaded_file=records_file(hn),
        )
    stored = pipeline.upload(
        actor=Actor(user=cast.hz_admin), kind=ROSTER, uploaded_file=roster_file(good_rows())
    )
    with pytest.raises(PermissionDenied):
        pipeline.confirm(
            actor=Actor(user=cast.expert), kind=ROSTER, pk=stored.pk, skip_invalid=True
        )
    stored.refresh_from_db()
    assert stored.status == RosterImport.Status.PREVIEWED


@pytest.mark.parametrize("kind", [ROSTER, RECORDS])
def test_an_unreadable_file_is_refused_by_the_pipeline(cast, kind):
    hn = hainan(studios=1, members=1)
    context = {"programme": hn.programme} if kind == RECORDS else {}
    with pytest.raises(pipeline.ImportRefused, match="xlsx"):
        pipeline.upload(
            actor=Actor(user=cast.superuser),
            kind=kind,
            uploaded_file=SimpleUploadedFile("a.xlsx", b"name,id\n"),
            **context,
        )


def test_a_refused_confirmation_writes_nothing_and_can_be_repeated(cast):
    stored = pipeline.upload(
        actor=Actor(user=cast.hz_admin),
        kind=ROSTER,
        uploaded_file=roster_file(good_rows() + bad_rows()),
    )
    actor = Actor(user=cast.hz_admin)
    with pytest.raises(pipeline.ImportRefused, match="全部或不导入"):
        pipeline.confirm(actor=actor, kind=ROSTER, pk=stored.pk, skip_invalid=False)
    stored.refresh_from_db()
    assert stored.status == RosterImport.Status.PREVIEWED and stored.file
    result = pipeline.confirm(actor=actor, kind=ROSTER, pk=stored.pk, skip_invalid=True)
    assert result["rows_rejected"] > 0
    with pytest.raises(pipeline.ImportAlreadyFinished):
        pipeline.confirm(actor=actor, kind=ROSTER, pk=stored.pk, skip_invalid=True)


def test_one_command_purges_every_import_and_the_orphans_once(
    cast, monkeypatch, django_capture_on_commit_callbacks
):
    hn = hainan(studios=1, members=1)
    pipeline.upload(
        actor=Actor(user=cast.hz_admin), kind=ROSTER, uploaded_file=roster_file(good_rows())
    )
    pipeline.upload(
        actor=Actor(user=cast.superuser),
        kind=RECORDS,
        programme=hn.programme,
        uploaded_file=records_file(hn),
    )
    for model in (RosterImport, RecordImport):
        model.objects.update(uploaded_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    principals = Principal.objects.count()
    runs = []
    monkeypatch.setattr(
        "touyan.core.imports.pipeline.purge_orphan_files",
        lambda: runs.append(1) or [],
    )
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_uploads", "--hours", "24", stdout=out)
    assert len(runs) == 1
    for model in (RosterImport, RecordImport):
        stored = model.objects.get()
        assert stored.status == model.Status.DISCARDED and not stored.file
    assert Principal.objects.count() == principals
    assert f"{ROSTER}：已放弃 1 个" in out.getvalue()


def test_a_large_upload_is_confirmed_by_a_job_whose_progress_the_preview_shows(
    cast, client, settings
):
    from django.urls import reverse

    from touyan.jobs import runner
    from touyan.jobs.models import Job

    settings.TOUYAN_BACKGROUND_JOBS = "queue"
    settings.IMPORT_QUEUE_ROWS = 1
    before = Principal.objects.count()
    stored = pipeline.upload(
        actor=Actor(user=cast.hz_admin), kind=ROSTER, uploaded_file=roster_file(good_rows())
    )
    url = reverse("people:roster_preview", args=[stored.pk])
    client.force_login(cast.hz_admin)
    assert client.post(url, {"mode": "all_or_nothing"}).status_code == 302
    client.post(url, {"mode": "all_or_nothing"})  # pressed twice: one job
    job = Job.objects.get(kind="imports.confirm")
    assert (job.requested_by, job.payload["pk"]) == (cast.hz_admin, stored.pk)
    page = client.get(url).content.decode()
    assert "正在导入" in page and "job-status.js" in page and "确认导入" not in page
    stored.refresh_from_db()
    assert stored.status == RosterImport.Status.PREVIEWED

    assert runner.run(job.pk) == "done"
    stored.refresh_from_db()
    job.refresh_from_db()
    assert stored.status == RosterImport.Status.COMMITTED
    assert job.percent == 100 and job.result["principals_created"] == len(good_rows())
    page = client.get(url).content.decode()
    assert "导入结果" in page
    assert runner.run(job.pk) == "skipped"
    assert Principal.objects.count() == before + len(good_rows())
