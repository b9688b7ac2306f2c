import json
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from tests.factories import PrincipalFactory, UserFactory
from touyan.audit.models import AuditEntry
from touyan.core import crypto, key_rotation
from touyan.core.actors import Actor
from touyan.core.checks import personal_data_keys_are_distinct
from touyan.people.forms import PrincipalForm
from touyan.people.models import Principal, School
from touyan.people.roster.importer import _existing_principals

KEY_A = "the-old-personal-data-key-0123456789abcdef"
KEY_B = "the-new-personal-data-key-fedcba9876543210"


class Interrupted(Exception):
    pass


def _stored(principal: Principal) -> tuple[str, str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number, mobile, id_digest FROM people_principal WHERE id = %s",
            [principal.pk],
        )
        return cursor.fetchone()


def _found(id_number: str) -> Principal:
    return Principal.objects.get(id_digest__in=crypto.digests(id_number))


def _command(*args) -> str:
    out = StringIO()
    call_command("rotate_personal_data_key", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def under_key_a(settings):
    settings.PERSONAL_DATA_KEYS = [KEY_A]
    people = [PrincipalFactory(mobile=f"1391234560{n}") for n in range(5)]
    return {p.pk: (p.id_number, p.mobile) for p in people}


def _everything_reads(people: dict) -> None:
    for pk, (id_number, mobile) in people.items():
        principal = _found(id_number)
        assert principal.pk == pk
        assert (principal.id_number, principal.mobile) == (id_number, mobile)


@pytest.mark.django_db
def test_with_a_new_key_in_front_everything_still_reads_and_is_found(settings, under_key_a):
    settings.PERSONAL_DATA_KEYS = [KEY_B, KEY_A]
    _everything_reads(under_key_a)
    newcomer = PrincipalFactory()
    assert _stored(newcomer)[2] == crypto.digest(newcomer.id_number)
    assert crypto.read(_stored(newcomer)[0]) == (newcomer.id_number, True)
    assert _found(newcomer.id_number) == newcomer
    # The roster import matches a person whose digest is still under the old key.
    pk, (id_number, _mobile) = next(iter(under_key_a.items()))
    row = type("Row", (), {"id_number": id_number})()
    assert _existing_principals([row])[crypto.digest(id_number)].pk == pk


@pytest.mark.django_db
def test_the_registry_form_refuses_a_person_still_stored_under_the_old_key(settings, under_key_a):
    settings.PERSONAL_DATA_KEYS = [KEY_B, KEY_A]
    existing = Principal.objects.first()
    form = PrincipalForm(
        data={
            "name": "新校长",
            "id_number": existing.id_number,
            "school": existing.school_id,
            "position": existing.position,
            "title": existing.title,
        },
        schools=School.objects.all(),
        viewer=UserFactory(is_superuser=True),
    )
    assert not form.is_valid()
    assert form.errors["id_number"] == ["名册中已有此身份证号的校长"]


@pytest.mark.django_db
def test_the_rotation_interrupted_after_a_batch_carries_on_and_ends_under_the_new_key(
    settings, under_key_a
):
    settings.PERSONAL_DATA_KEYS = [KEY_B, KEY_A]

    def stop_after_the_first_batch(label, done, total):
        raise Interrupted

    with pytest.raises(Interrupted):
        key_rotation.rotate(
            actor=Actor.command_line(), batch_size=2, progress=stop_after_the_first_batch
        )
    halfway = key_rotation.check().fields["people.Principal.id_number"]
    assert (halfway.values, halfway.stale, halfway.stale_digests) == (5, 3, 3)
    assert key_rotation.check().fields["people.Principal.mobile"].stale == 3
    interrupted = AuditEntry.objects.get()
    assert "中断" in interrupted.note
    _everything_reads(under_key_a)

    output = _command("--batch-size", "2")
    assert "people.Principal：2/5 条记录" in output
    assert "people.Principal：5/5 条记录" in output
    assert "已重新加密 3 个" in output

    settings.PERSONAL_DATA_KEYS = [KEY_B]
    _everything_reads(under_key_a)
    for principal in Principal.objects.all():
        stored_id, stored_mobile, stored_digest = _stored(principal)
        assert crypto.read(stored_id) == (principal.id_number, True)
        assert crypto.read(stored_mobile) == (principal.mobile, True)
        assert stored_digest == crypto.digest(principal.id_number)
    assert "全部数据已在最新密钥下" in _command("--check")

    one = next(iter(under_key_a.values()))[0]
    with pytest.raises(IntegrityError), transaction.atomic():
        PrincipalFactory(id_number=one, id_digest=crypto.digest(one))

    notes = list(AuditEntry.objects.order_by("pk").values_list("note", "source"))
    assert len(notes) == 2
    assert notes[1] == (
        "个人信息密钥轮换：检查 10 个加密值，重新加密 6 个，重算摘要 3 个，无法解密 0 个",
        "cli",
    )
    assert all(one not in note for note, _source in notes)


@pytest.mark.django_db
def test_every_encrypted_field_of_the_project_is_found_over_the_app_registry():
    fields = {
        f"{model._meta.label}.{field.name}": field.digest_field
        for model, found in key_rotation.encrypted_models()
        for field in found
    }
    assert fields["people.Principal.id_number"] == "id_digest"
    assert fields["people.Principal.mobile"] == ""
    assert {"selection.Objection.name", "selection.Objection.contact"} <= set(fields)


@pytest.mark.django_db
def test_check_counts_what_is_left_and_fails_until_nothing_is(settings, under_key_a):
    settings.PERSONAL_DATA_KEYS = [KEY_B, KEY_A]
    out = StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("rotate_personal_data_key", "--check", stdout=out)
    assert exited.value.code == 1
    assert "仍有 10 个值在旧密钥下、5 个摘要待重算" in out.getvalue()
    assert not AuditEntry.objects.exists()
    assert all(not crypto.read(_stored(p)[0])[1] for p in Principal.objects.all())


@pytest.mark.django_db
def test_a_rerun_skips_what_is_already_under_the_new_key_without_writing(settings, under_key_a):
    settings.PERSONAL_DATA_KEYS = [KEY_B, KEY_A]
    _command()
    with CaptureQueriesContext(connection) as queries:
        report = key_rotation.rotate(actor=Actor.command_line())
    assert report.total.left == 0
    assert not [q for q in queries.captured_queries if q["sql"].startswith("UPDATE")]


@pytest.mark.django_db
def test_a_digest_left_under_the_old_key_by_a_later_save_is_recomputed(settings, under_key_a):
    settings.PERSONAL_DATA_KEYS = [KEY_B, KEY_A]
    principal = Principal.objects.first()
    principal.mobile = "13900000000"
    principal.save()  # every value re-encrypted under the new key, the digest left as it was
    assert _stored(principal)[2] != crypto.digest(principal.id_number)
    _command()
    assert _stored(principal)[2] == crypto.digest(principal.id_number)


@pytest.mark.django_db
def test_values_no_configured_key_reads_are_reported_not_lost(settings, under_key_a):
    settings.PERSONAL_DATA_KEYS = [KEY_B]
    with pytest.raises(CommandError, match="无法解密"):
        _command()
    settings.PERSONAL_DATA_KEYS = [KEY_B, KEY_A]
    _everything_reads(under_key_a)


@pytest.mark.django_db
def test_one_person_recorded_under_two_keys_stops_the_rotation_by_row_number(settings, under_key_a):
    settings.PERSONAL_DATA_KEYS = [KEY_B, KEY_A]
    pk, (id_number, _mobile) = next(iter(under_key_a.items()))
    # What a process still on the old key list could write in a race during a rollover.
    twin = PrincipalFactory(id_number=id_number, id_digest=crypto.digest(id_number))
    with pytest.raises(CommandError, match=f"{pk}/{twin.pk}"):
        _command()
    note = AuditEntry.objects.get().note
    assert "重新加密 0 个" in note and "中断" in note
    assert id_number not in note
    assert key_rotation.check().fields["people.Principal.id_number"].stale == 5


def _configured_keys(**env) -> list[str]:
    environment = {**os.environ, **env}
    for name in ("PERSONAL_DATA_KEYS", "PERSONAL_DATA_KEY"):
        if name not in env:
            environment.pop(name, None)
    script = "from touyan import settings; print(json.dumps(settings.PERSONAL_DATA_KEYS))"
    result = subprocess.run(
        [sys.executable, "-c", f"import json; {script}"],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_the_keys_are_read_newest_first_and_a_single_key_as_a_list_of_one():
    assert _configured_keys(PERSONAL_DATA_KEYS=f" {KEY_B} , {KEY_A} ") == [KEY_B, KEY_A]
    assert _configured_keys(PERSONAL_DATA_KEY="one,key") == ["one,key"]
    assert _configured_keys(PERSONAL_DATA_KEYS=KEY_B, PERSONAL_DATA_KEY=KEY_A) == [KEY_B]
    assert _configured_keys() == []


def test_a_key_listed_twice_is_flagged(settings):
    settings.PERSONAL_DATA_KEYS = [KEY_B, KEY_A]
    assert personal_data_keys_are_distinct(None) == []
    settings.PERSONAL_DATA_KEYS = [KEY_B, KEY_B]
    assert [w.id for w in personal_data_keys_are_distinct(None)] == ["touyan.W002"]


def test_one_check_value_per_configured_key_newest_first(settings):
    settings.PERSONAL_DATA_KEYS = [KEY_A]
    (check_a,) = crypto.key_check_values()
    settings.PERSONAL_DATA_KEYS = [KEY_B, KEY_A]
    check_b, still_a = crypto.key_check_values()
    assert still_a == check_a != check_b
