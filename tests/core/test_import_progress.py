"""A large import's confirmation: the file is read before the writing transaction, the writing
reports how far it got where another connection sees it while the transaction is still open,
and a failure part-way leaves nothing written — for the roster and the record import, on
SQLite and PostgreSQL."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.urls import reverse

from tests.programmes import hainan
from tests.records.test_import_plan import activity_row, workbook
from tests.sheets import workbook_bytes
from touyan.audit.models import AuditEntry, Verb
from touyan.core.actors import Actor
from touyan.core.identity import make_id_number
from touyan.core.imports import pipeline, progress
from touyan.jobs import runner
from touyan.jobs.models import Job
from touyan.people.models import Principal, RosterImport
from touyan.records.models import Activity, RecordImport

pytestmark = pytest.mark.django_db(transaction=True)

ROWS = 7


def roster_rows(count):
    return [
        [
            f"校长{number}",
            "男",
            make_id_number(
                "330106", dt.date(1975, 1, 1) + dt.timedelta(days=number), 2 * number + 1
            ),
            "",
            "杭州学军中学",
            "高中",
            "校长",
            "高级",
            "2019.09",
            "西湖区",
        ]
        for number in range(count)
    ]


def upload_roster(user):
    data = workbook_bytes(roster_rows(ROWS)).getvalue()
    return pipeline.upload(
        actor=Actor(user=user),
        kind="people.rosterimport",
        uploaded_file=SimpleUploadedFile("r.xlsx", data),
    )


def upload_records(user, hn):
    rows = [
        activity_row(hn.studios[0].name, "专题研讨", f"三月研讨{number}", "2026-03-05")
        for number in range(ROWS)
    ]
    return pipeline.upload(
        actor=Actor(user=user),
        kind="records.recordimport",
        programme=hn.programme,
        uploaded_file=SimpleUploadedFile("a.xlsx", workbook(activities=rows).getvalue()),
    )


def seen_elsewhere(job_pk):
    """The job's progress as another connection reads it at this moment."""
    if connection.vendor == "sqlite":
        job = Job(pk=job_pk, state=Job.State.RUNNING)
        progress.live(job)
        return job.progress_current, job.progress_total
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute(
                "SELECT progress_current, progress_total FROM jobs_job WHERE id = %s", [job_pk]
            )
            return tuple(cursor.fetchone())
    finally:
        other.close()


def count_elsewhere(model):
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {model._meta.db_table}")
            return cursor.fetchone()[0]
    finally:
        other.close()


@pytest.fixture
def queued(settings, monkeypatch):
    settings.TOUYAN_BACKGROUND_JOBS = "queue"
    settings.IMPORT_QUEUE_ROWS = 1
    monkeypatch.setattr(progress, "EVERY", 2)


def confirm_by_job(user, kind, stored):
    job = pipeline.confirm_later(
        actor=Actor(user=user), kind=kind, pk=stored.pk, skip_invalid=False
    )
    return job, runner.run(job.pk)


@pytest.mark.parametrize(
    ("kind", "model", "written"),
    [
        ("people.rosterimport", RosterImport, Principal),
        ("records.recordimport", RecordImport, Activity),
    ],
)
def test_progress_is_seen_by_another_connection_while_the_rows_are_written(
    reference_data, cast, client, queued, monkeypatch, kind, model, written
):
    user = cast.hz_admin if kind == "people.rosterimport" else cast.superuser
    stored = (
        upload_roster(user)
        if kind == "people.rosterimport"
        else upload_records(user, hainan(studios=1, members=1))
    )
    before = written.objects.count()
    observed, pages = [], []
    client.force_login(user)
    report = progress.LiveProgress.__call__

    def reported(live, current, total, message):
        report(live, current, total, message)
        if total:
            # Still inside the one writing transaction: others see the progress, not the rows.
            assert connection.in_atomic_block
            if connection.vendor != "sqlite":
                assert count_elsewhere(written) == before
            observed.append((seen_elsewhere(live.job.pk), message))
            if len(observed) == 1:
                # The job's status box, as the import page polls it.
                page = client.get(reverse("jobs:status", args=[live.job.pk])).content.decode()
                pages.append(page)

    monkeypatch.setattr(progress.LiveProgress, "__call__", reported)
    job, outcome = confirm_by_job(user, kind, stored)
    job.refresh_from_db()
    assert outcome == "done" and "message" not in job.result, job.result

    assert [seen for seen, _message in observed] == [(2, ROWS), (4, ROWS), (6, ROWS), (7, ROWS)]
    assert observed[0][1] == f"已导入 2 / {ROWS} 行"
    assert f"已导入 2 / {ROWS} 行" in pages[0] and "（2 / 7）" in pages[0]
    job.refresh_from_db()
    assert job.state == Job.State.DONE and job.percent == 100
    assert written.objects.count() == before + ROWS
    stored.refresh_from_db()
    assert stored.status == model.Status.COMMITTED
    # Nothing is left on the side once the job is over.
    assert seen_elsewhere(job.pk)[0] in (0, ROWS)


@pytest.mark.parametrize(
    ("kind", "model", "written"),
    [
        ("people.rosterimport", RosterImport, Principal),
        ("records.recordimport", RecordImport, Activity),
    ],
)
def test_a_failure_part_way_leaves_nothing_written(
    reference_data, cast, queued, monkeypatch, kind, model, written
):
    user = cast.hz_admin if kind == "people.rosterimport" else cast.superuser
    stored = (
        upload_roster(user)
        if kind == "people.rosterimport"
        else upload_records(user, hainan(studios=1, members=1))
    )
    before, entries = written.objects.count(), AuditEntry.objects.count()
    report = progress.LiveProgress.__call__

    def fail_after_the_first_part(live, current, total, message):
        report(live, current, total, message)
        if current >= 2:
            raise RuntimeError("the worker's machine lost power")

    monkeypatch.setattr(progress.LiveProgress, "__call__", fail_after_the_first_part)
    job, outcome = confirm_by_job(user, kind, stored)
    assert outcome == "retry"

    # The first part was written and rolled back with the rest: no row, no audit entry.
    assert written.objects.count() == before
    assert AuditEntry.objects.count() == entries
    assert not AuditEntry.objects.filter(verb=Verb.IMPORT).exists()
    stored.refresh_from_db()
    assert stored.status == model.Status.PREVIEWED and stored.file

    # Delivered again, it applies the whole file once.
    monkeypatch.setattr(progress.LiveProgress, "__call__", report)
    Job.objects.filter(pk=job.pk).update(next_attempt_at=None)
    assert runner.run(job.pk) == "done"
    assert written.objects.count() == before + ROWS
    assert AuditEntry.objects.filter(verb=Verb.IMPORT).count() == 1


def test_the_file_is_read_before_the_writing_transaction(reference_data, cast, monkeypatch):
    stored = upload_roster(cast.hz_admin)
    importer = pipeline.importer_of("people.rosterimport")
    moments = []
    read = type(importer).read

    def reading(self, *args, **kwargs):
        moments.append(("read", connection.in_atomic_block))
        return read(self, *args, **kwargs)

    monkeypatch.setattr(type(importer), "read", reading)
    pipeline.confirm(
        actor=Actor(user=cast.hz_admin),
        kind="people.rosterimport",
        pk=stored.pk,
        skip_invalid=False,
    )
    assert moments == [("read", False)]
    assert Principal.objects.count() >= ROWS
