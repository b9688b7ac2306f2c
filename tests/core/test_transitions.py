"""The transitions helper every workflow declares its table on: the table's answers, the locked
move with its audit entry, and the refusals (who and when, or what the state allows)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.records.programme_people import with_hainan
from touyan.audit.models import AuditEntry, Verb
from touyan.core.actors import Actor
from touyan.core.transitions import AlreadyDone, Stamp, Workflow, step
from touyan.studios.models import Prospectus

pytestmark = pytest.mark.django_db

S = Prospectus.Status

# A workflow of the shape later domains declare, on a model the suite already has.
FLOW = Workflow(
    Prospectus,
    steps={
        "submit": step(S.DRAFT, S.RETURNED, to=S.SUBMITTED, refused={S.APPROVED: "已公开"}),
        "approve": step(S.SUBMITTED, to=S.APPROVED),
        "edit": step(S.DRAFT, S.RETURNED, refused="当前为“%(status)s”，不能修改"),
    },
    stamp=Stamp(who="reviewer_name", when="reviewed_at", states=frozenset({S.APPROVED})),
    scope=lambda prospectus: prospectus.studio.region_id,
    touched="updated_at",
)


@pytest.fixture
def prospectus(cast):
    return Prospectus.objects.create(studio=with_hainan(cast, members=1).studios[0])


def actor(cast) -> Actor:
    return Actor(user=cast.hn_centre)


def test_a_table_naming_an_unknown_state_is_refused_when_declared():
    with pytest.raises(ValueError, match="published"):
        Workflow(Prospectus, steps={"x": step("published")}, scope=str)


def test_the_table_says_what_the_state_allows(prospectus):
    assert FLOW.allows(prospectus, "submit") and not FLOW.allows(prospectus, "approve")
    assert FLOW.actions(prospectus) == ["submit", "edit"]
    assert FLOW.sources("submit") == {S.DRAFT, S.RETURNED}
    assert FLOW.target("approve") == S.APPROVED
    with pytest.raises(ValueError):
        FLOW.target("edit")


def test_a_move_sets_saves_and_audits_in_one_step(cast, prospectus):
    moved = FLOW.move(
        actor=actor(cast),
        obj=prospectus,
        action="submit",
        fields={"submitted_at": timezone.now()},
        changes={"goals": ["", "x"]},
        note="请审核",
    )
    stored = Prospectus.objects.get(pk=prospectus.pk)
    assert moved.status == stored.status == S.SUBMITTED
    assert stored.submitted_at is not None and stored.updated_at >= stored.submitted_at
    entry = AuditEntry.objects.get(target_type__model="prospectus", target_id=str(prospectus.pk))
    assert entry.verb == Verb.UPDATE and entry.note == "请审核"
    assert entry.changes == {"goals": ["", "x"], "status": [S.DRAFT, S.SUBMITTED]}
    assert entry.scope_code == prospectus.studio.region_id


def test_a_stale_copy_is_read_again_under_the_lock_and_told_who_did_it_when(cast, prospectus):
    stale = Prospectus.objects.get(pk=prospectus.pk)
    FLOW.move(actor=actor(cast), obj=prospectus, action="submit")
    at = timezone.make_aware(dt.datetime(2026, 12, 1, 10, 0))
    first = FLOW.move(
        actor=actor(cast),
        obj=Prospectus.objects.get(pk=prospectus.pk),
        action="approve",
        fields={"reviewer_name": "张三", "reviewed_at": at},
    )
    assert first.status == S.APPROVED
    stale.status = S.SUBMITTED
    with pytest.raises(AlreadyDone) as refused:
        FLOW.move(actor=actor(cast), obj=stale, action="approve")
    assert refused.value.messages == [
        "已是“已审核公开”（张三，2026-12-01 10:00），本次操作未重复执行"
    ]
    assert AuditEntry.objects.filter(changes__status=[S.SUBMITTED, S.APPROVED]).count() == 1


def test_refusals_use_the_step_words_then_the_stamp_then_the_current_state(cast, prospectus):
    FLOW.move(actor=actor(cast), obj=prospectus, action="submit")
    locked = FLOW.lock(prospectus)
    with pytest.raises(AlreadyDone) as done:
        FLOW.check(locked, "submit")
    assert done.value.messages == ["当前为“待审核”，本次操作未执行"]
    with pytest.raises(ValidationError) as within:
        FLOW.check(locked, "edit")
    assert not isinstance(within.value, AlreadyDone)
    assert within.value.messages == ["当前为“待审核”，不能修改"]
    locked.status = S.APPROVED
    with pytest.raises(AlreadyDone) as done:
        FLOW.check(locked, "submit")
    assert done.value.messages == ["已公开"]


def test_a_workflow_may_refuse_its_moves_as_mistakes_rather_than_races(cast, prospectus):
    strict = Workflow(
        Prospectus,
        steps={"approve": step(S.SUBMITTED, to=S.APPROVED)},
        current="“%(status)s”时不能审核",
        refusal=ValidationError,
        scope=lambda prospectus: "",
    )
    with pytest.raises(ValidationError) as refused:
        strict.move(actor=actor(cast), obj=prospectus, action="approve")
    assert not isinstance(refused.value, AlreadyDone)
    assert refused.value.messages == ["“编辑中”时不能审核"]
