"""Experts' scores (HN-5.3, HN-5.4): validation, drafts, the case's score, spread and proposed
grade when the last expert submits, and moderation of a case whose totals spread too far."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from touyan.assessment.models import Case, Round, Score
from touyan.assessment.services import moderation, panel, scoring, stages
from touyan.audit.models import AuditEntry
from touyan.core.actors import Actor
from touyan.core.transitions import AlreadyDone

from ..programmes import SYSTEM, hainan
from .scoring import centre_staff, points, scoring_round, submit, with_panel

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HN-5.3", "HN-5.4")]


def scores_of(case: Case) -> list[Score]:
    return list(case.scores.select_related("expert").order_by("pk"))


def test_points_must_be_whole_numbers_from_0_to_100_for_every_criterion():
    round_, people = scoring_round(hainan(studios=1, members=1))
    score = scores_of(round_.cases.get())[0]
    actor = Actor(user=score.expert)
    bad = [
        ({"building": 101, "research": 80, "performance": 80}, "0 到 100"),
        ({"building": -1, "research": 80, "performance": 80}, "0 到 100"),
        ({"building": "八十", "research": 80, "performance": 80}, "整数"),
        ({"building": 80, "research": 80}, "请为“办学业绩”打分"),
        ({"building": 80, "research": 80, "performance": 80, "extra": 1}, "不符"),
    ]
    for given, words in bad:
        with pytest.raises(ValidationError, match=words):
            scoring.submit_score(actor=actor, score=score, points=given, comment="意见")
    score.refresh_from_db()
    assert score.submitted_at is None


def test_a_comment_is_required_below_the_pass_mark():
    round_, people = scoring_round(hainan(studios=1, members=1))
    score = scores_of(round_.cases.get())[0]
    with pytest.raises(ValidationError, match="低于 60 分"):
        submit(score, 59, comment="")
    assert submit(score, 60, comment="").total == Decimal("60.00")


def test_a_draft_keeps_partial_work_and_submitting_twice_is_refused():
    round_, people = scoring_round(hainan(studios=1, members=1))
    score = scores_of(round_.cases.get())[0]
    actor = Actor(user=score.expert)
    scoring.save_score(
        actor=actor, score=score, points={"building": 88}, remarks={"building": "活动扎实"}
    )
    score.refresh_from_db()
    assert score.points == {"building": 88} and score.remarks == {"building": "活动扎实"}
    assert score.submitted_at is None and score.total is None
    submit(score, 90)
    with pytest.raises(AlreadyDone):
        submit(score, 91)


def test_only_the_assigned_expert_scores():
    round_, people = scoring_round(hainan(studios=1, members=1))
    score = scores_of(round_.cases.get())[0]
    other = next(p for p in people if p.pk != score.expert_id)
    with pytest.raises(PermissionDenied):
        scoring.submit_score(actor=Actor(user=other), score=score, points=points(80), comment="x")


def test_the_last_submission_scores_the_case_with_its_spread_and_proposed_grade():
    round_, people = scoring_round(hainan(studios=1, members=1))
    case = round_.cases.get()
    for score, value in zip(scores_of(case), [95, 90, 92], strict=True):
        submit(score, value)
    case.refresh_from_db()
    assert case.status == Case.Status.SCORED
    assert case.score == Decimal("92.33")
    assert case.spread == Decimal("5.00")
    assert not case.needs_moderation
    assert case.proposed_grade == "excellent"


def test_a_spread_beyond_the_threshold_flags_the_case_and_blocks_closing():
    round_, people = scoring_round(hainan(studios=1, members=1))
    case = round_.cases.get()
    for score, value in zip(scores_of(case), [90, 70, 80], strict=True):
        submit(score, value)
    case.refresh_from_db()
    assert case.spread == Decimal("20.00") and case.needs_moderation
    assert case.proposed_grade == "good"
    with pytest.raises(ValidationError, match="需合议"):
        stages.close_scoring(actor=SYSTEM, round_=round_)
    staff = centre_staff()
    moderation.moderate(
        actor=Actor(user=staff), case=case, note="合议后认为成果突出", grade="excellent"
    )
    case.refresh_from_db()
    assert not case.needs_moderation and case.proposed_grade == "excellent"
    entry = AuditEntry.objects.filter(target_id=case.pk).latest("pk")
    assert entry.changes["needs_moderation"] == [True, False]
    assert entry.actor == staff and entry.at is not None
    round_ = stages.close_scoring(actor=SYSTEM, round_=round_)
    assert round_.stage == Round.Stage.DECIDING


def test_moderation_may_ask_one_expert_to_reconsider():
    round_, people = scoring_round(hainan(studios=1, members=1))
    case = round_.cases.get()
    scores = scores_of(case)
    for score, value in zip(scores, [90, 60, 85], strict=True):
        submit(score, value)
    with pytest.raises(ValidationError, match="合议意见"):
        moderation.ask_to_reconsider(actor=SYSTEM, score=scores[1], note=" ")
    moderation.ask_to_reconsider(actor=SYSTEM, score=scores[1], note="请再核对研究成果")
    case.refresh_from_db()
    assert case.status == Case.Status.SUBMITTED and case.score is None
    with pytest.raises(ValidationError, match="未评审完成"):
        stages.close_scoring(actor=SYSTEM, round_=round_)
    submit(scores[1], 84)
    case.refresh_from_db()
    assert case.status == Case.Status.SCORED
    assert case.spread == Decimal("6.00") and not case.needs_moderation
    assert case.moderation_note == "请再核对研究成果"


def test_scores_are_refused_before_scoring_starts():
    hn = hainan(studios=1, members=1)
    round_, people = with_panel(hn)
    panel.assign_automatically(actor=SYSTEM, round_=round_)
    score = Score.objects.filter(case__round=round_).first()
    with pytest.raises(ValidationError, match="准备材料"):
        submit(score, 80)
