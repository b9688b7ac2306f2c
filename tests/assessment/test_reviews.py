"""Review requests (复核, HN-5.4, HN-5.4.1): once, within the window, by the host; a different
panel; the authority upholds with a new grade or refuses; a revocation waits for the decision."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from touyan.accounts.roles import Role
from touyan.assessment.consequences import apply_due
from touyan.assessment.models import Case, Conflict, Consequence, ReviewRequest, Score
from touyan.assessment.services.reviews import (
    assign_reviewer,
    decide_review,
    request_review,
    submit_review_score,
)
from touyan.core.actors import Actor

from ..factories import UserFactory, grant
from ..formation import with_user
from ..programmes import hainan
from .decided import authority, published

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HN-5.4", "HN-5.4.1")]

DAY = dt.date(2026, 10, 10)
POINTS = {"building": 75, "research": 70, "performance": 72}


def expert(name="复核专家"):
    user = UserFactory(full_name=name)
    grant(user, Role.EXPERT, "460000")
    return user


def centre():
    user = UserFactory(full_name="培训中心")
    grant(user, Role.CENTRE_STAFF, "460000")
    return user


@pytest.fixture
def failed(pin_today):
    """A published round with one 不合格 studio; its host has an account."""
    pin_today(DAY)
    hn = hainan(studios=2, members=2)
    decider = authority()
    round_ = published(hn, ["pass", "fail"], by=decider, today=DAY)
    case = round_.cases.get(studio=hn.studios[1])
    host = with_user(case.studio.host)
    return hn, round_, case, host, decider


def scored_review(case, host):
    review = request_review(actor=Actor(user=host.user), case=case, reason="材料遗漏了课题结题证书")
    reviewer = expert()
    score = assign_reviewer(actor=Actor(user=centre()), review=review, expert=reviewer)
    submit_review_score(actor=Actor(user=reviewer), score=score, points=POINTS, comment="达到合格")
    return review


def test_the_host_asks_once_within_the_window(failed, pin_today):
    hn, round_, case, host, _decider = failed
    other = with_user(hn.studios[0].host)
    with pytest.raises(PermissionDenied):
        request_review(actor=Actor(user=other.user), case=case, reason="理由")
    with pytest.raises(ValidationError):
        request_review(actor=Actor(user=host.user), case=case, reason="  ")
    pin_today(round_.review_closes_on + dt.timedelta(days=1))
    with pytest.raises(ValidationError) as late:
        request_review(actor=Actor(user=host.user), case=case, reason="理由")
    assert "截止" in str(late.value)
    pin_today(round_.review_closes_on)
    review = request_review(actor=Actor(user=host.user), case=case, reason="理由")
    assert review.original_grade == "fail" and review.status == ReviewRequest.Status.REQUESTED
    with pytest.raises(ValidationError) as twice:
        request_review(actor=Actor(user=host.user), case=case, reason="再次")
    assert "只能申请一次" in str(twice.value)


def test_the_review_panel_excludes_first_scorers_and_conflicts(failed):
    _hn, round_, case, host, _decider = failed
    review = request_review(actor=Actor(user=host.user), case=case, reason="理由")
    first = expert("初评专家")
    Score.objects.create(case=case, expert=first, submitted_at=None)
    declared = expert("申报回避专家")
    Conflict.objects.create(round=round_, expert=declared, studio=case.studio)
    member = case.studio.members.select_related("principal").first().principal
    as_member = with_user(member).user
    grant(as_member, Role.EXPERT, "460000")
    office = Actor(user=centre())
    for refused, words in (
        (first, "初评"),
        (declared, "回避"),
        (as_member, "成员"),
        (host.user, "主持人"),
    ):
        with pytest.raises(ValidationError) as error:
            assign_reviewer(actor=office, review=review, expert=refused)
        assert words in str(error.value)
    same_school = expert("同校专家")
    with pytest.raises(ValidationError):
        assign_reviewer(
            actor=office, review=review, expert=same_school, school=case.studio.host.school
        )
    score = assign_reviewer(actor=office, review=review, expert=expert())
    assert score.for_review and round_.panel.filter(for_review=True).count() == 1


def test_a_pending_review_holds_the_revocation_and_a_refusal_applies_it(failed, pin_today):
    _hn, round_, case, host, decider = failed
    review = scored_review(case, host)
    pin_today(round_.review_closes_on + dt.timedelta(days=5))
    assert apply_due(actor=Actor.system()) == 0
    case.studio.refresh_from_db()
    assert case.studio.revoked_on is None
    with pytest.raises(PermissionDenied):
        decide_review(actor=Actor(user=centre()), review=review, upheld=False, decision="维持")
    decide_review(actor=Actor(user=decider), review=review, upheld=False, decision="维持原等次")
    review.refresh_from_db()
    assert review.status == ReviewRequest.Status.REFUSED
    case.refresh_from_db()
    case.studio.refresh_from_db()
    assert case.grade == "fail" and case.applied_at is not None
    assert case.studio.revoked_on == round_.review_closes_on + dt.timedelta(days=5)


def test_an_upheld_review_changes_the_grade_and_cancels_the_revocation(failed, pin_today):
    _hn, round_, case, host, decider = failed
    review = scored_review(case, host)
    actor = Actor(user=decider)
    with pytest.raises(ValidationError):
        decide_review(actor=actor, review=review, upheld=True, grade="fail", decision="改定")
    decide_review(actor=actor, review=review, upheld=True, grade="pass", decision="补充材料后合格")
    case = Case.objects.get(pk=case.pk)
    assert (case.grade, case.consequence, case.effective_on) == ("pass", Consequence.NONE, None)
    assert ReviewRequest.objects.get().status == ReviewRequest.Status.UPHELD
    pin_today(round_.review_closes_on + dt.timedelta(days=30))
    apply_due(actor=Actor.system())
    case.studio.refresh_from_db()
    assert case.studio.revoked_on is None
    with pytest.raises(ValidationError):
        decide_review(actor=actor, review=review, upheld=False, decision="再决定")


def test_the_authority_decides_only_when_the_review_panel_has_scored(failed):
    _hn, _round, case, host, decider = failed
    review = request_review(actor=Actor(user=host.user), case=case, reason="理由")
    with pytest.raises(ValidationError):
        decide_review(actor=Actor(user=decider), review=review, upheld=False, decision="维持")
    reviewer = expert()
    score = assign_reviewer(actor=Actor(user=centre()), review=review, expert=reviewer)
    with pytest.raises(ValidationError) as bad:
        submit_review_score(
            actor=Actor(user=reviewer), score=score, points={"building": 101}, comment=""
        )
    assert set(bad.value.message_dict) == {"building", "research", "performance", "comment"}
    with pytest.raises(PermissionDenied):
        submit_review_score(
            actor=Actor(user=expert("他人")), score=score, points=POINTS, comment="x"
        )
