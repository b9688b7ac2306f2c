"""An export is audited once, by the service that writes it: what left and how much, and how
many people's full numbers when it gave any. A reveal of one record is refused to anyone
without the right, whoever calls the service."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from touyan.accounts.scopes import scope_of
from touyan.audit.models import AuditEntry, Verb
from touyan.audit.services import record_export, reveal
from touyan.core import personal_data
from touyan.core.actors import Actor
from touyan.people.models import Principal
from touyan.people.roster.exporting import export_roster

pytestmark = pytest.mark.django_db


def test_a_masked_export_writes_one_entry_with_its_count(cast):
    disclosure = personal_data.for_export(viewer=cast.hz_admin, full=False)
    count = export_roster(
        actor=Actor.command_line(cast.hz_admin),
        principals=Principal.objects.all(),
        disclosure=disclosure,
        stream=io.BytesIO(),
    )
    assert count == 2
    entry = AuditEntry.objects.get()
    assert entry.verb == Verb.EXPORT and entry.note == "导出名册，2 行"


def test_full_numbers_add_one_entry_counting_the_people_given_in_full(cast):
    disclosure = personal_data.for_export(viewer=cast.xihu, full=True)
    export_roster(
        actor=Actor.command_line(cast.xihu),
        principals=Principal.objects.all(),
        disclosure=disclosure,
        stream=io.BytesIO(),
    )
    assert AuditEntry.objects.get(verb=Verb.EXPORT).note == "导出名册，2 行"
    # the right reaches Xihu only: one person in full
    assert AuditEntry.objects.get(verb=Verb.REVEAL).note == (
        "导出名册：含完整身份证号与手机号 1 人"
    )


def test_the_roster_command_is_audited_like_the_page(cast, tmp_path):
    output = tmp_path / "roster.xlsx"
    call_command(
        "export_roster",
        output=str(output),
        username=cast.hz_admin.username,
        full_numbers=True,
        stdout=io.StringIO(),
    )
    assert output.exists()
    export = AuditEntry.objects.get(verb=Verb.EXPORT)
    assert export.actor == cast.hz_admin and export.source == "cli"
    assert "2 人" in AuditEntry.objects.get(verb=Verb.REVEAL).note


def test_reveal_is_refused_to_anyone_without_the_right(cast):
    subject = cast.xihu_principal
    for name in ("hz_centre", "binjiang", "hn_admin", "expert", "nobody"):
        with pytest.raises(PermissionDenied):
            reveal(actor=Actor.command_line(cast[name]), subject=subject)
    assert not AuditEntry.objects.exists()
    disclosure = reveal(actor=Actor.command_line(cast.own), subject=subject)
    assert disclosure.id_number(subject) == subject.id_number
    assert AuditEntry.objects.get().verb == Verb.REVEAL


def test_the_full_numbers_option_is_offered_to_those_holding_the_right_somewhere(cast):
    offered = {
        name: personal_data.may_ask_in_full(cast[name])
        for name in ("superuser", "hz_admin", "hz_centre", "xihu", "binjiang", "hn_admin")
        + ("expert", "nobody", "own")
    }
    assert offered == {
        "superuser": True,
        "hz_admin": True,
        "hz_centre": False,
        "xihu": True,
        "binjiang": False,
        "hn_admin": False,
        "expert": False,
        "nobody": False,
        "own": False,
    }
    for name in offered:
        scope = scope_of(cast[name])
        assert offered[name] == (scope.everything or bool(scope.personal_data_prefixes))
    assert personal_data.may_ask_in_full(None)  # the command line without --as


def test_an_export_without_a_unit_counts_items(cast):
    record_export(actor=Actor.command_line(cast.hz_admin), what="清单", count=3)
    assert AuditEntry.objects.get(verb=Verb.EXPORT).note == "导出清单，3 条"
    assert not AuditEntry.objects.filter(verb=Verb.REVEAL).exists()
