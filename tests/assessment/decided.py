"""Rounds put straight into the state the decisions need: scored cases with proposals, the
round at 结果审定 (the scoring services put them there in real use)."""

from decimal import Decimal

from touyan.accounts.roles import Role
from touyan.assessment.models import Case, Round
from touyan.assessment.services.decisions import decide_case, publish_round
from touyan.core.actors import Actor

from ..factories import UserFactory, grant
from ..programmes import Hainan
from .rounds import annual

SCORES = {"excellent": "93.50", "good": "84.00", "pass": "70.00", "fail": "41.25"}


def authority(region: str = "460000"):
    user = UserFactory(full_name="省教育厅审定人")
    grant(user, Role.AUTHORITY_ADMIN, region)
    return user


def deciding(hn: Hainan, proposals: list[str], *, flagged: tuple[int, ...] = ()) -> Round:
    """The programme's first annual round at 结果审定, its cases (in studio order) scored with
    these proposals; the cases at the indexes in ``flagged`` need moderation."""
    round_ = annual(hn)
    Round.objects.filter(pk=round_.pk).update(stage=Round.Stage.DECIDING)
    cases = list(round_.cases.order_by("studio_id"))
    for index, (case, grade) in enumerate(zip(cases, proposals, strict=True)):
        case.status = Case.Status.SCORED
        case.proposed_grade = grade
        case.score = Decimal(SCORES[grade])
        case.spread = Decimal("20.00") if index in flagged else Decimal("4.00")
        case.needs_moderation = index in flagged
    Case.objects.bulk_update(
        cases, ["status", "proposed_grade", "score", "spread", "needs_moderation"]
    )
    round_.refresh_from_db()
    return round_


def published(hn: Hainan, grades: list[str], *, by=None, today=None) -> Round:
    """A round decided at these grades and published (by the authority ``by``)."""
    round_ = deciding(hn, grades)
    actor = Actor(user=by or authority())
    for case in round_.cases.order_by("studio_id"):
        decide_case(actor=actor, case=case, grade=case.proposed_grade, reason="同意专家组意见")
    return publish_round(actor=actor, round_=round_, today=today)
