import pytest
from django.core.management import CommandError, call_command

from touyan.audit.models import AuditEntry
from touyan.core.actors import Actor
from touyan.policies.loading import PolicyError
from touyan.policies.models import Policy, PolicyVersion
from touyan.policies.services import digest_of, publish_policy

from .helpers import HAINAN, HANGZHOU, edit, line_of

pytestmark = pytest.mark.django_db


def entries_for(target):
    return AuditEntry.objects.filter(
        target_id=str(target.pk), target_type__model=target._meta.model_name
    )


def test_first_publication_creates_the_policy_and_version_1(cast):
    version = publish_policy(actor=Actor(user=cast.hn_admin), text=HAINAN)
    policy = version.policy
    assert (policy.slug, policy.name, policy.jurisdiction_id) == (
        "hainan-studios",
        "海南省中学卓越校长工作室",
        "460000",
    )
    assert version.number == 1
    assert version.text == HAINAN
    assert version.digest == digest_of(HAINAN)
    assert version.created_by == cast.hn_admin
    assert entries_for(policy).get().verb == "create"
    entry = entries_for(version).get()
    assert (entry.actor, entry.scope_code, entry.changes["number"]) == (
        cast.hn_admin,
        "460000",
        [None, 1],
    )


def test_the_same_text_again_makes_no_new_version(cast):
    first = publish_policy(actor=Actor(user=cast.hn_admin), text=HAINAN)
    again = publish_policy(actor=Actor(user=cast.hn_admin), text=HAINAN)
    assert again == first
    assert PolicyVersion.objects.count() == 1
    assert entries_for(first).count() == 1


def test_a_changed_text_makes_version_2_and_keeps_version_1(cast):
    first = publish_policy(actor=Actor(user=cast.hn_admin), text=HAINAN)
    changed = edit(HAINAN, "max = 12", "max = 13")
    second = publish_policy(actor=Actor(user=cast.hn_admin), text=changed)
    assert (first.policy_id, first.number, second.number) == (second.policy_id, 1, 2)
    assert PolicyVersion.objects.get(number=1).text == HAINAN
    assert [
        e.changes["number"][1]
        for e in AuditEntry.objects.filter(target_type__model="policyversion").order_by("at", "pk")
    ] == [1, 2]


def test_a_renamed_policy_is_recorded(cast):
    publish_policy(actor=Actor(user=cast.hn_admin), text=HAINAN)
    renamed = edit(HAINAN, 'name = "海南省中学卓越校长工作室"', 'name = "海南省卓越校长工作室"')
    version = publish_policy(actor=Actor(user=cast.hn_admin), text=renamed)
    assert version.policy.name == "海南省卓越校长工作室"
    assert entries_for(version.policy).filter(verb="update").get().changes == {
        "name": ["海南省中学卓越校长工作室", "海南省卓越校长工作室"]
    }


def test_an_invalid_text_writes_nothing(cast):
    with pytest.raises(PolicyError):
        publish_policy(actor=Actor(user=cast.hn_admin), text=edit(HAINAN, "max = 12", "max = 1"))
    assert not Policy.objects.exists()
    assert not AuditEntry.objects.filter(target_type__model__startswith="policy").exists()


def test_an_unknown_region_is_refused_at_its_line(cast):
    text = edit(HAINAN, 'jurisdiction = "460000"', 'jurisdiction = "999999"')
    with pytest.raises(PolicyError) as caught:
        publish_policy(actor=Actor(user=cast.hn_admin), text=text)
    (problem,) = caught.value.problems
    assert problem.line == line_of(text, 'jurisdiction = "999999"')
    assert "999999" in problem.message


def test_a_new_version_may_not_move_the_policy_to_another_region(cast):
    publish_policy(actor=Actor(user=cast.hn_admin), text=HAINAN)
    moved = edit(HAINAN, 'jurisdiction = "460000"', 'jurisdiction = "330100"')
    with pytest.raises(PolicyError) as caught:
        publish_policy(actor=Actor(user=cast.hn_admin), text=moved)
    assert caught.value.problems[0].path == ("policy", "jurisdiction")
    assert PolicyVersion.objects.count() == 1


def test_load_presets_is_idempotent(capsys):
    call_command("load_presets")
    call_command("load_presets")
    assert sorted(Policy.objects.values_list("slug", flat=True)) == [
        "hainan-studios",
        "hangzhou-training",
        "ningbo-backbone",
    ]
    assert PolicyVersion.objects.count() == 3
    assert AuditEntry.objects.filter(target_type__model="policyversion", source="cli").count() == 3


def test_check_policy_accepts_a_valid_file(tmp_path, capsys):
    path = tmp_path / "hz.toml"
    path.write_text(HANGZHOU, encoding="utf-8")
    call_command("check_policy", str(path))
    assert "12 条规则" in capsys.readouterr().out


def test_check_policy_lists_the_problems_and_exits_2(tmp_path, capsys):
    path = tmp_path / "hz.toml"
    text = edit(HANGZHOU, 'at_most = "1/5"', 'at_most = "1/0"')
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("check_policy", str(path))
    assert caught.value.returncode == 2
    err = capsys.readouterr().err
    line = line_of(text, 'at_most = "1/0"')
    assert f"第 {line} 行 rules[2].at_most" in err


def test_check_policy_on_a_missing_file_exits_2(tmp_path):
    with pytest.raises(CommandError) as caught:
        call_command("check_policy", str(tmp_path / "none.toml"))
    assert caught.value.returncode == 2
