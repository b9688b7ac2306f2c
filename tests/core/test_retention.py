"""How long data is kept: one setting, a system check that refuses an audit period under six
months, the nightly job that runs every domain's purge, and the upload purge's age from it."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.people.test_roster_import import good_rows
from tests.sheets import workbook_bytes
from touyan.audit.models import AuditEntry, Verb
from touyan.core import registry, retention
from touyan.core.actors import Actor
from touyan.core.imports import pipeline
from touyan.jobs.models import Job
from touyan.jobs.schedule import PERIODIC, nightly
from touyan.people.models import RosterImport

pytestmark = pytest.mark.django_db


def test_every_kind_has_a_default_and_the_setting_overrides_it(settings):
    settings.RETENTION = {}
    assert retention.kept_for("audit") == dt.timedelta(days=3 * 365)
    assert retention.kept_for("uploads") == dt.timedelta(days=1)
    settings.RETENTION = {"notifications": 30}
    assert retention.kept_for("notifications") == dt.timedelta(days=30)
    now = timezone.now()
    assert retention.cutoff("notifications", now) == now - dt.timedelta(days=30)


def test_the_settings_read_each_period_from_the_environment(monkeypatch):
    import importlib

    import touyan.settings as project_settings

    for kind in retention.KINDS:
        monkeypatch.delenv(f"RETENTION_{kind.upper()}_DAYS", raising=False)
    monkeypatch.setenv("RETENTION_AUDIT_DAYS", "400")
    monkeypatch.setenv("RETENTION_UPLOADS_DAYS", "0.5")
    try:
        assert importlib.reload(project_settings).RETENTION == {"uploads": "0.5", "audit": "400"}
    finally:
        monkeypatch.undo()
        importlib.reload(project_settings)


@pytest.mark.parametrize(
    ("configured", "errors"),
    [
        ({"audit": 180}, []),
        ({"audit": 3650, "notifications": 7}, []),
        ({"audit": 179}, ["touyan.E022"]),
        ({"audit": 0}, ["touyan.E022"]),
        ({"notifications": -1}, ["touyan.E022"]),
        ({"logs": 30}, ["touyan.E020"]),
        ({"audit": "half a year"}, ["touyan.E021"]),
        ({"audit": "400", "uploads": "0.5"}, []),
    ],
)
def test_the_system_check_refuses_an_unlawful_or_unknown_period(settings, configured, errors):
    settings.RETENTION = configured
    assert [error.id for error in retention.retention_is_lawful(None)] == errors


def test_the_audit_trail_is_kept_six_months_even_when_the_check_was_skipped(settings):
    settings.RETENTION = {"audit": 30}
    assert retention.kept_for("audit") == dt.timedelta(days=180)


def test_the_nightly_job_runs_every_registered_purge_once_a_day(monkeypatch):
    calls = []

    def purge_for_tests(now):
        calls.append(now)
        return [retention.Purged(kind="notifications", count=2)]

    monkeypatch.setattr(registry, "RETENTION", registry.Slot("retention purges"))
    registry.RETENTION.add(purge_for_tests, weight=1)
    assert "retention" in PERIODIC
    first, again = nightly("retention.purge"), nightly("retention.purge")
    assert first == again and len(calls) == 1
    job = Job.objects.get(pk=first)
    assert (job.state, job.result) == (Job.State.DONE, {"notifications": 2})


def test_every_domain_registers_its_purge():
    names = {purge.__name__ for purge in registry.RETENTION.contributions()}
    assert names == {
        "purge_old_login_attempts",
        "forget_objectors",
        "purge_old_notifications",
        "purge_old_entries",
        "forget_files",
    }


def test_a_purge_is_audited_with_counts_only_and_nothing_purged_writes_nothing():
    before = timezone.now()
    retention.purged("notifications", 0, before=before)
    assert not AuditEntry.objects.exists()
    retention.purged("notifications", 3, before=before)
    entry = AuditEntry.objects.get()
    assert entry.verb == Verb.DELETE and entry.actor is None
    assert entry.changes == {"retention": "notifications", "count": 3, "before": before.isoformat()}
    assert "通知 3 条" in entry.note


def test_the_upload_purge_takes_its_age_from_the_retention_setting(
    cast, settings, django_capture_on_commit_callbacks
):
    settings.RETENTION = {"uploads": 2}
    stored = pipeline.upload(
        actor=Actor(user=cast.hz_admin),
        kind="people.rosterimport",
        uploaded_file=SimpleUploadedFile("r.xlsx", workbook_bytes(good_rows()).getvalue()),
    )
    RosterImport.objects.update(uploaded_at=timezone.now() - dt.timedelta(hours=30))
    with django_capture_on_commit_callbacks(execute=True):
        nightly("uploads.purge")
    stored.refresh_from_db()
    assert stored.status == RosterImport.Status.PREVIEWED
    RosterImport.objects.update(uploaded_at=timezone.now() - dt.timedelta(days=3))
    Job.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        nightly("uploads.purge")
    stored.refresh_from_db()
    assert stored.status == RosterImport.Status.DISCARDED and not stored.file
