import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from touyan.audit.models import AuditEntry, Verb
from touyan.core.actors import Actor
from touyan.policies import schema
from touyan.policies.checks import check_policy
from touyan.policies.loading import PolicyError, load_policy
from touyan.policies.presets import preset_text
from touyan.training import credits
from touyan.training.services.completion import FAIL, PASS, Choice, decide_cohort

from .course import course

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HZ-4.2.4")]


def _rows(data: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))


def test_the_credit_file_follows_the_policy_and_carries_full_id_numbers(cast):
    c = course(trainees=3)
    first, second, _third = c.trainees
    decide_cohort(
        actor=Actor(cast.hz_centre),
        cohort=c.hz.cohort,
        choices={first.pk: Choice(PASS), second.pk: Choice(FAIL, "未完成")},
    )
    out = io.BytesIO()
    count = credits.export_credits(actor=Actor(cast.hz_admin), programme=c.programme, out=out)
    assert count == 1  # one row per trainee who completed
    header, row = _rows(out.getvalue())
    assert header[:4] == ("姓名", "身份证号", "工作单位", "所在区县")
    assert "学分" in header and "结业证书编号" in header
    values = dict(zip(header, row, strict=True))
    assert values["姓名"] == "学员0"
    assert values["身份证号"] == first.principal.id_number  # in full
    assert values["项目编号"] == "HZ-MXZ"
    assert values["培训学时"] == 0 and values["学分"] == 0
    entries = AuditEntry.objects.filter(verb=Verb.EXPORT)
    assert entries.filter(note__contains="培训学分文件").exists()


def test_only_a_user_with_the_personal_data_right_produces_it(cast):
    c = course()
    decide_cohort(
        actor=Actor(cast.hz_centre), cohort=c.hz.cohort, choices={c.trainees[0].pk: Choice(PASS)}
    )
    for refused in (cast.hz_centre, cast.xihu, cast.nobody, c.lead):
        with pytest.raises(PermissionDenied):
            credits.export_credits(actor=Actor(refused), programme=c.programme, out=io.BytesIO())
    assert not AuditEntry.objects.filter(verb=Verb.EXPORT).exists()


def test_hours_become_credits_by_the_policys_conversion():
    spec = schema.Credits(
        hours_per_credit=12,
        decimals=1,
        rounding="half_up",
        columns=[{"key": "name", "header": "x"}],
    )
    assert credits.to_credits(Decimal("270"), spec) == Decimal("22.5")
    down = spec.model_copy(update={"rounding": "down", "decimals": 0})
    assert credits.to_credits(Decimal("275"), down) == Decimal("22")
    capped = spec.model_copy(update={"max_credits": 20})
    assert credits.to_credits(Decimal("270"), capped) == Decimal("20.0")
    assert credits.to_credits(Decimal("270"), credits.DEFAULT) == Decimal("27.0")


def test_the_credits_section_is_checked():
    text = preset_text("hangzhou-training")
    assert load_policy(text).credits.hours_per_credit == 10
    doubled = text + '\n[[credits.columns]]\nkey = "name"\nheader = "姓名"\n'
    with pytest.raises(PolicyError):
        load_policy(doubled)
    without = load_policy(text.split("\n[credits]")[0].rsplit("\n# HZ-4.2.4", 1)[0])
    assert without.credits is None
    assert not check_policy(without)


def test_a_policy_without_the_section_gets_the_documented_default(monkeypatch):
    from types import SimpleNamespace

    monkeypatch.setattr(credits, "spec_of", lambda programme: SimpleNamespace(credits=None))
    assert credits.credits_spec(object()) is credits.DEFAULT
    assert [c.key for c in credits.DEFAULT.columns][:2] == ["name", "id_number"]
    assert credits.DEFAULT.hours_per_credit == 10
