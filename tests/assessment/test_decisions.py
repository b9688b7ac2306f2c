"""The authority decides grades with reasons and publishes the round (HN-5.4)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from touyan.assessment.models import Case, Consequence, Round
from touyan.assessment.services.decisions import accept_proposals, decide_case, publish_round
from touyan.audit.models import AuditEntry
from touyan.core.actors import Actor
from touyan.core.transitions import AlreadyDone
from touyan.notifications.models import Notification

from ..factories import UserFactory
from ..programmes import hainan
from .decided import authority, deciding

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HN-5.4")]


def cases_of(round_):
    return list(round_.cases.order_by("studio_id"))


def test_the_authority_confirms_a_grade_with_reasons():
    hn = hainan(studios=2, members=2)
    round_ = deciding(hn, ["excellent", "pass"])
    actor = Actor(user=authority())
    first, second = cases_of(round_)
    with pytest.raises(ValidationError) as refused:
        decide_case(actor=actor, case=first, grade="excellent", reason=" ")
    assert "理由" in str(refused.value)
    with pytest.raises(ValidationError) as changed:
        decide_case(actor=actor, case=second, grade="good", reason="")
    assert "与建议等次不同" in str(changed.value)
    with pytest.raises(ValidationError):
        decide_case(actor=actor, case=first, grade="outstanding", reason="理由")
    decided = decide_case(actor=actor, case=first, grade="excellent", reason="成果突出")
    assert (decided.status, decided.grade, decided.reason) == (
        Case.Status.DECIDED,
        "excellent",
        "成果突出",
    )
    assert decided.decider_name == "省教育厅审定人"
    # Before publication the authority may change its mind.
    again = decide_case(actor=actor, case=first, grade="good", reason="经合议调整")
    assert again.grade == "good"
    assert (
        AuditEntry.objects.filter(target_id=str(first.pk), target_type__model="case").count() == 2
    )


@pytest.mark.clause("HN-5.1")
def test_only_the_authority_decides():
    hn = hainan(studios=1, members=2)
    round_ = deciding(hn, ["pass"])
    case = cases_of(round_)[0]
    centre = UserFactory()
    from touyan.accounts.roles import Role

    from ..factories import grant

    grant(centre, Role.CENTRE_STAFF, "460000")
    elsewhere = authority("330100")
    for user in (centre, elsewhere, UserFactory()):
        with pytest.raises(PermissionDenied):
            decide_case(actor=Actor(user=user), case=case, grade="pass", reason="同意")


def test_decisions_wait_for_the_deciding_stage():
    hn = hainan(studios=1, members=2)
    round_ = deciding(hn, ["pass"])
    Round.objects.filter(pk=round_.pk).update(stage=Round.Stage.SCORING)
    with pytest.raises(ValidationError):
        decide_case(
            actor=Actor(user=authority()), case=cases_of(round_)[0], grade="pass", reason="同意"
        )


def test_accepting_proposals_leaves_flagged_cases():
    hn = hainan(studios=2, members=2)
    round_ = deciding(hn, ["good", "fail"], flagged=(1,))
    decided = accept_proposals(actor=Actor(user=authority()), round_=round_, reason="同意建议")
    assert [case.grade for case in decided] == ["good"]
    flagged = cases_of(round_)[1]
    assert flagged.status == Case.Status.SCORED and flagged.grade == ""
    with pytest.raises(ValidationError):
        accept_proposals(actor=Actor(user=authority()), round_=round_, reason="")


def test_publication_needs_every_case_decided_and_locks_the_results(pin_today):
    day = dt.date(2026, 10, 10)
    pin_today(day)
    hn = hainan(studios=3, members=2)
    round_ = deciding(hn, ["excellent", "pass", "fail"])
    actor = Actor(user=authority())
    first, second, third = cases_of(round_)
    decide_case(actor=actor, case=first, grade="excellent", reason="成果突出")
    decide_case(actor=actor, case=second, grade="pass", reason="同意")
    with pytest.raises(ValidationError) as waiting:
        publish_round(actor=actor, round_=round_)
    assert "1 个考核对象未审定" in str(waiting.value)
    decide_case(actor=actor, case=third, grade="fail", reason="未完成年度任务")
    published = publish_round(actor=actor, round_=round_)
    assert published.stage == Round.Stage.PUBLISHED
    assert published.review_closes_on == day + dt.timedelta(days=15)
    assert published.publisher_name == "省教育厅审定人"
    first, second, third = cases_of(round_)
    assert (first.consequence, first.effective_on) == (Consequence.COMMEND, day)
    assert first.applied_at is not None  # a commendation counts from publication
    assert (second.consequence, second.effective_on) == (Consequence.NONE, None)
    assert third.consequence == Consequence.REVOKE
    assert third.effective_on == day + dt.timedelta(days=16)
    assert third.applied_at is None
    # Every host is told.
    hosts = {studio.host.user_id for studio in hn.studios} - {None}
    assert set(Notification.objects.values_list("user_id", flat=True)) >= hosts
    # Locked: no decision changes after publication, and no second publication.
    with pytest.raises(ValidationError):
        decide_case(actor=actor, case=second, grade="good", reason="改")
    with pytest.raises(AlreadyDone):
        publish_round(actor=actor, round_=round_)


def test_consequences_follow_the_round_subjects():
    from touyan.assessment.services.decisions import consequence_of

    hn = hainan(studios=1, members=2)
    round_ = deciding(hn, ["fail"])
    assert consequence_of(round_, "fail") == Consequence.REVOKE
    round_.subjects = "members"
    assert consequence_of(round_, "fail") == Consequence.NONE


@pytest.mark.clause("HZ-3.4.3")
def test_only_the_course_end_certifies_trainees():
    from touyan.assessment.services.decisions import consequence_of

    from ..programmes import hangzhou
    from .rounds import trainee_round

    hz = hangzhou(trainees=1)
    process = trainee_round(hz)
    final = trainee_round(hz, code="final", period="cycle-1")
    assert consequence_of(process, "pass") == Consequence.NONE
    assert consequence_of(final, "pass") == Consequence.CERTIFY
    assert consequence_of(final, "fail") == Consequence.NONE
