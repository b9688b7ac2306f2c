"""Who lodged an objection is kept while it is handled: once the notice was finalised longer
ago than the period, the objector's name and contact are blanked; the objection's substance and
its decision stay, and the purge is audited with counts only."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from tests.selection.test_objector_privacy import CONTACT, OBJECTOR, objection  # noqa: F401
from touyan.audit.models import AuditEntry
from touyan.selection.jobs import forget_objectors
from touyan.selection.models import Notice, Objection

pytestmark = pytest.mark.django_db


def finalised(objection, days_ago):  # noqa: F811
    at = None if days_ago is None else timezone.now() - dt.timedelta(days=days_ago)
    Notice.objects.filter(pk=objection.notice_id).update(finalised_at=at)


def purges():
    return AuditEntry.objects.filter(changes__retention="objectors")


def test_the_objector_is_kept_while_the_notice_is_open_or_recently_finalised(
    objection,  # noqa: F811
    settings,
):
    settings.RETENTION = {"objectors": 90}
    for days_ago in (None, 89):
        finalised(objection, days_ago)
        assert forget_objectors(timezone.now())[0].count == 0
        fresh = Objection.objects.get(pk=objection.pk)
        assert (fresh.name, fresh.contact) == (OBJECTOR, CONTACT)
    assert not purges().exists()


def test_the_objector_is_forgotten_and_the_objection_and_its_decision_stay(
    objection,  # noqa: F811
    settings,
):
    settings.RETENTION = {"objectors": 90}
    Objection.objects.filter(pk=objection.pk).update(
        status=Objection.Status.DISMISSED, handling="经核查不属实"
    )
    finalised(objection, 91)
    assert forget_objectors(timezone.now())[0].count == 1
    fresh = Objection.objects.get(pk=objection.pk)
    assert (fresh.name, fresh.contact) == ("", "")
    assert fresh.text == objection.text
    assert (fresh.status, fresh.handling) == (Objection.Status.DISMISSED, "经核查不属实")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, contact FROM selection_objection WHERE id = %s", [fresh.pk])
        assert cursor.fetchone() == ("", "")
    entry = purges().get()
    assert entry.changes["count"] == 1
    assert OBJECTOR not in entry.note + str(entry.changes)
    # A second night finds nobody left to forget and records nothing.
    assert forget_objectors(timezone.now())[0].count == 0
    assert purges().count() == 1
