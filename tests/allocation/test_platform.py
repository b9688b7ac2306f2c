"""Studio formation in the platform: studios carried over with their members (locked), the
member call with ranked studios, a run kept with its inputs and repeatable, manual moves with
their reason and objective change, publishing (HN-3.3, HN-3.6, HN-3.7, HN-3.8)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import UserFactory
from tests.formation import (
    close_and_approve,
    formation,
    member_applicant,
    member_apply,
    member_call,
)
from tests.selection_chain import actor_of
from touyan.allocation import jobs, services
from touyan.allocation.inputs import applicant_id
from touyan.allocation.models import Move, Run
from touyan.allocation.outcome import Outcome
from touyan.core.transitions import AlreadyDone
from touyan.programmes.models import StudioMember
from touyan.selection.models import Application, Call
from touyan.selection.services import applications, choices

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready():
    f = formation(carried=2, members=3, new=1)
    member_call(f)
    kept, other, new = f.studios
    f.applications = [
        member_apply(f.call, member_applicant("460106"), [kept, other]),
        member_apply(f.call, member_applicant("460203"), [new]),
        member_apply(f.call, member_applicant("460203"), [other, new]),
    ]
    close_and_approve(f)
    return f


@pytest.mark.clause("HN-3.3")
def test_carried_over_studios_keep_host_name_base_and_members(ready):
    kept = ready.studios[0]
    assert kept.carried_from is not None
    assert kept.name == kept.carried_from.name and kept.host_id == kept.carried_from.host_id
    assert kept.base_title == "海南省中学卓越校长培养实践基地"
    assert kept.members.count() == 3
    assert ready.studios[2].carried_from is None and ready.studios[2].members.count() == 0
    with pytest.raises(ValidationError):
        from touyan.programmes import services as programmes

        programmes.carry_over_studio(
            actor=actor_of(ready.centre), studio=kept.carried_from, programme=ready.programme
        )


@pytest.mark.clause("HN-3.6", "HN-3.8", "HN-3.7")
def test_a_run_locks_continuing_members_and_places_applicants_by_their_ranking(ready):
    run = jobs.start_run(actor=actor_of(ready.centre), call=ready.call, note="第一次")
    assert run.status == Run.Status.DONE and run.progress == 100
    problem = run.problem
    locked = [a for a in problem["applicants"] if "locked" in a]
    assert len(locked) == 6 and all(a["id"].startswith("M") for a in locked)
    assert {s["min"] for s in problem["studios"]} == {10} and {
        s["max"] for s in problem["studios"]
    } == {12}
    assignments = run.result["assignments"]
    kept, other, new = ready.studios
    first, second, third = ready.applications
    assert assignments[applicant_id(first.pk)] == kept.pk
    assert assignments[applicant_id(second.pk)] == new.pk
    assert assignments[applicant_id(third.pk)] == other.pk
    outcome = Outcome(run)
    assert outcome.objective == run.objective
    assert outcome.sizes == (4, 4, 1) and len(outcome.below_minimum) == 3
    assert "第一志愿" in run.result["explanations"][applicant_id(first.pk)]
    assert "“" + kept.name + "”" in run.result["explanations"][applicant_id(first.pk)]
    assert services.repeat_run(run=run)


@pytest.mark.clause("HN-3.7")
def test_a_manual_move_records_its_reason_and_the_objectives_change(ready):
    run = jobs.start_run(actor=actor_of(ready.centre), call=ready.call)
    kept, other, new = ready.studios
    first = applicant_id(ready.applications[0].pk)
    with pytest.raises(ValidationError):
        services.move_member(
            actor=actor_of(ready.centre), run=run, applicant=first, studio=other, reason=" "
        )
    moved = services.move_member(
        actor=actor_of(ready.centre), run=run, applicant=first, studio=other, reason="便于参加活动"
    )
    assert moved.objective_before == run.objective
    # second choice (100) in another city of the province (50) instead of first, same county
    assert moved.objective_after - moved.objective_before == 150
    assert Outcome(run).assignments[first] == other.pk
    member = next(a["id"] for a in run.problem["applicants"] if "locked" in a)
    with pytest.raises(ValidationError):
        services.move_member(
            actor=actor_of(ready.centre), run=run, applicant=member, studio=new, reason="x"
        )
    with pytest.raises(PermissionDenied):
        services.move_member(
            actor=actor_of(UserFactory()), run=run, applicant=first, studio=kept, reason="x"
        )


@pytest.mark.clause("HN-3.6", "HN-3.8")
def test_publishing_places_members_once_and_tells_each_why(ready):
    run = jobs.start_run(actor=actor_of(ready.centre), call=ready.call)
    kept, other, new = ready.studios
    first = ready.applications[0]
    services.move_member(
        actor=actor_of(ready.centre),
        run=run,
        applicant=applicant_id(first.pk),
        studio=other,
        reason="便于参加活动",
    )
    services.publish_run(actor=actor_of(ready.centre), run=run)
    ready.call.refresh_from_db()
    assert ready.call.stage == Call.Stage.FINAL
    first.refresh_from_db()
    assert first.status == Application.Status.CONFIRMED and first.placed_studio_id == other.pk
    assert "人工调整" in first.placement_note and "便于参加活动" in first.placement_note
    assert StudioMember.objects.filter(studio=other, principal=first.principal).exists()
    with pytest.raises(AlreadyDone):
        services.publish_run(actor=actor_of(ready.centre), run=run)
    assert StudioMember.objects.filter(principal=first.principal).count() == 1
    with pytest.raises(ValidationError):
        jobs.start_run(actor=actor_of(ready.centre), call=ready.call)
    assert Move.objects.count() == 1


def test_choices_follow_the_policy_and_close_with_the_call(ready):
    application = ready.applications[0]
    with pytest.raises(ValidationError):  # the call has closed (decision stage)
        choices.set_choices(
            actor=actor_of(application.principal.user), application=application, studios=[]
        )


@pytest.mark.clause("HN-3.6")
def test_an_applicant_ranks_at_most_k_distinct_public_studios():
    f = formation(carried=2, members=1, new=2)
    member_call(f)
    principal = member_applicant()
    application = member_apply(f.call, principal, [f.studios[0]], submit=False)
    actor = actor_of(principal.user)
    with pytest.raises(ValidationError, match="最多填报 3 个"):
        choices.set_choices(actor=actor, application=application, studios=f.studios)
    with pytest.raises(ValidationError, match="只能填报一次"):
        choices.set_choices(actor=actor, application=application, studios=[f.studios[0]] * 2)
    choices.set_choices(actor=actor, application=application, studios=f.studios[2::-1])
    application.refresh_from_db()
    assert application.studio_choices == [s.pk for s in f.studios[2::-1]]
    choices.set_choices(actor=actor, application=application, studios=[])
    with pytest.raises(ValidationError, match="至少填报一个"):
        applications.submit_application(actor=actor, application=application)


@pytest.mark.clause("HN-3.6")
def test_member_calls_are_decided_by_the_allocation_not_one_by_one(ready):
    from touyan.selection.services import decisions

    with pytest.raises(ValidationError, match="成员分配"):
        decisions.decide(
            actor=actor_of(ready.centre),
            application=ready.applications[0],
            selected=True,
            reason="优秀",
        )
    with pytest.raises(ValidationError, match="成员分配"):
        decisions.publish_notice(actor=actor_of(ready.centre), call=ready.call)


def test_a_programme_goes_with_its_runs_and_their_moves(ready):
    run = jobs.start_run(actor=actor_of(ready.centre), call=ready.call)
    kept, other, _new = ready.studios
    first = applicant_id(ready.applications[0].pk)
    services.move_member(
        actor=actor_of(ready.centre), run=run, applicant=first, studio=other, reason="便于参加活动"
    )
    ready.programme.delete()
    assert not Run.objects.exists() and not Move.objects.exists()
