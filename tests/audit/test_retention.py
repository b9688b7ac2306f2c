"""The audit trail keeps its entries for their period (never under six months): older ones go,
and the purge itself leaves an entry that says how many."""

import datetime as dt

import pytest
from django.utils import timezone

from touyan.audit.jobs import purge_old_entries
from touyan.audit.models import AuditEntry, Verb
from touyan.audit.services import record
from touyan.core.actors import Actor

pytestmark = pytest.mark.django_db


def entry(days_ago, note):
    return record(
        actor=Actor.system(),
        verb=Verb.UPDATE,
        note=note,
        at=timezone.now() - dt.timedelta(days=days_ago),
    )


def test_entries_older_than_the_period_go_and_the_purge_is_recorded(settings):
    settings.RETENTION = {"audit": 365}
    entry(400, "太旧")
    recent = entry(300, "一年内")
    [purged] = purge_old_entries(timezone.now())
    assert purged.count == 1
    assert not AuditEntry.objects.filter(note="太旧").exists()
    assert AuditEntry.objects.filter(pk=recent.pk).exists()
    kept = AuditEntry.objects.exclude(pk=recent.pk).get()
    assert kept.verb == Verb.DELETE and kept.changes["retention"] == "audit"
    assert kept.changes["count"] == 1


def test_a_period_set_below_six_months_still_keeps_six_months(settings):
    settings.RETENTION = {"audit": 10}
    kept = entry(170, "五个多月前")
    assert purge_old_entries(timezone.now())[0].count == 0
    assert AuditEntry.objects.filter(pk=kept.pk).exists()
