"""Objectors must be safe from retaliation: their names and contact details are encrypted at
rest, kept out of the audit trail, and shown only to the staff handling the objections."""

import importlib
from types import SimpleNamespace

import pytest
from django.db import connection
from django.urls import reverse

from tests.access import ALLOWED, LOGIN, NOT_FOUND, check_access
from tests.programmes import SYSTEM
from tests.selection_chain import applicant, apply, candidate_call, endorse_and_send, to_decision
from touyan.audit.models import AuditEntry
from touyan.selection.models import Notice, Objection
from touyan.selection.services import decisions

pytestmark = pytest.mark.django_db
OBJECTOR, CONTACT = "王秘密", "13912340000"


@pytest.fixture
def objection(cast):
    chain = candidate_call(places=1)
    apps = [apply(chain.call, applicant()) for _ in range(2)]
    endorse_and_send(chain.call, "330106", apps)
    to_decision(chain)
    decisions.decide(actor=SYSTEM, application=apps[0], selected=True, reason="第一")
    decisions.decide(actor=SYSTEM, application=apps[1], selected=False, reason="第二")
    notice = decisions.publish_notice(actor=SYSTEM, call=chain.call)
    return decisions.lodge_objection(
        actor=SYSTEM,
        notice=Notice.objects.get(pk=notice.pk),
        name=OBJECTOR,
        contact=CONTACT,
        text="反映该校存在违规办学行为，请核查。",
        application=apps[0],
        today=notice.starts_on,
    )


@pytest.mark.clause("HZ-4.1.3")
def test_the_objectors_name_and_contact_are_encrypted_at_rest(objection):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, contact FROM selection_objection WHERE id = %s", [objection.pk]
        )
        stored_name, stored_contact = cursor.fetchone()
    assert OBJECTOR not in stored_name and CONTACT not in stored_contact
    fresh = Objection.objects.get(pk=objection.pk)
    assert (fresh.name, fresh.contact) == (OBJECTOR, CONTACT)


def test_the_audit_trail_does_not_name_the_objector(objection):
    entries = AuditEntry.objects.filter(target_id=str(objection.pk))
    assert entries.exists()
    for entry in entries:
        assert OBJECTOR not in entry.target_label + entry.note + str(entry.changes)
        assert CONTACT not in entry.target_label + entry.note + str(entry.changes)


@pytest.mark.clause("HZ-4.1.3")
def test_only_the_handling_staff_see_who_objected(client, cast, objection):
    call = objection.notice.call
    url = reverse("selection:objections", args=[call.pk])
    check_access(
        client,
        cast,
        url,
        {
            "anonymous": LOGIN,
            "hz_admin": ALLOWED,
            "hz_centre": ALLOWED,
            "xihu": NOT_FOUND,
            "binjiang": NOT_FOUND,
            "hn_admin": NOT_FOUND,
            "expert": NOT_FOUND,
            "own": NOT_FOUND,
        },
    )
    client.force_login(cast.hz_centre)
    page = client.get(url).content.decode()
    assert OBJECTOR in page and CONTACT in page
    for name in ("call", "notice"):
        other = client.get(reverse(f"selection:{name}", args=[call.pk])).content.decode()
        assert OBJECTOR not in other and CONTACT not in other
    client.logout()
    public = client.get(reverse("selection:public_notice", args=[call.pk])).content.decode()
    assert OBJECTOR not in public and CONTACT not in public


def test_the_migration_encrypts_objections_stored_in_clear(objection):
    migration = importlib.import_module("touyan.selection.migrations.0004_objection_encryption")
    editor = SimpleNamespace(connection=connection)
    migration.decrypt(None, editor)  # as the rows stood before: in clear
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM selection_objection WHERE id = %s", [objection.pk])
        assert cursor.fetchone()[0] == OBJECTOR
    migration.encrypt(None, editor)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, contact FROM selection_objection WHERE id = %s", [objection.pk]
        )
        stored = cursor.fetchone()
    assert OBJECTOR not in stored[0] and CONTACT not in stored[1]
    fresh = Objection.objects.get(pk=objection.pk)
    assert (fresh.name, fresh.contact) == (OBJECTOR, CONTACT)
