"""Review requests (复核, HN-5.4): the studio's host asks once, within the round's review window;
the centre forms a different panel, whose experts score the case like the first panel; the
authority upholds the request with a new grade or refuses it. A revocation waits for the
decision, and a refusal lets it take effect at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.accounts.models import User
from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor
from touyan.core.steps import display_name, require
from touyan.notifications.services import notify
from touyan.people.models import School
from touyan.programmes.selectors import programme_managers
from touyan.selection.selectors import experts_for

from ..models import Case, Conflict, Panel, ReviewRequest, Score
from ..rubric import grade_name, rubric_of, weighted_total
from ..states import CASE, ROUND
from .decisions import change_decision, consequence_of
from .panel import CaseTies, case_ties, tie_reason

R = ReviewRequest.Status


def _scope(case: Case) -> str:
    return case.round.programme.jurisdiction_id


@transaction.atomic
def request_review(
    *, actor: Actor, case: Case, reason: str, now: dt.datetime | None = None
) -> ReviewRequest:
    """The host asks for a review of the studio's published grade, once, by the window's end."""
    case = CASE.lock(case)
    require(actor, "assessment.request_review", case)
    round_ = case.round
    ROUND.check(round_, "review")
    today = timezone.localdate(now) if now else timezone.localdate()
    now = now or timezone.now()
    if ReviewRequest.objects.filter(case=case).exists():
        raise ValidationError(_("每个考核结果只能申请一次复核"))
    if round_.review_closes_on is None or today > round_.review_closes_on:
        raise ValidationError(_("复核申请已于 %(date)s 截止") % {"date": round_.review_closes_on})
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请写明申请复核的理由")})
    if len(reason) > ReviewRequest._meta.get_field("reason").max_length:
        raise ValidationError({"reason": _("复核理由不能超过 4000 字")})
    review = ReviewRequest.objects.create(
        case=case,
        reason=reason,
        requested_at=now,
        requested_by=actor.user,
        requester_name=display_name(actor),
        original_grade=case.grade,
    )
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=review,
        scope_code=_scope(case),
        changes={"grade": [None, case.grade]},
        note=reason,
    )
    notify(
        users=programme_managers(round_.programme),
        title=_("%(studio)s申请复核%(round)s结果") % {"studio": case.studio, "round": round_},
        body=reason,
        url=reverse("assessment:review", args=[review.pk]),
    )
    return review


def _blocks(case: Case) -> tuple[CaseTies, frozenset[int], frozenset[int]]:
    """Who may not review a case, read once and then asked of each expert: its ties (as for
    the first panel), the experts who declared a conflict, the first panel's experts."""
    declared = Conflict.objects.filter(round=case.round, studio_id=case.studio_id).values_list(
        "expert_id", flat=True
    )
    first_panel = Score.objects.filter(case=case, for_review=False).values_list(
        "expert_id", flat=True
    )
    tie = case_ties(case.round, [case.pk])[case.pk]
    return tie, frozenset(declared), frozenset(first_panel)


def _reason(blocks, expert_id: int, school_id: int | None) -> str | None:
    tie, declared, first_panel = blocks
    if expert_id in first_panel:
        return _("该专家参加过本案的初评，复核须由其他专家进行")
    return tie_reason(tie, declared, expert_id, school_id) or None


def conflict_of(case: Case, expert: User, school: School | None) -> str | None:
    """Why the expert may not review the case, or None: nobody who scored it in the first
    panel, nor anyone the first panel's rules keep off it (``panel.tie_reason``)."""
    return _reason(_blocks(case), expert.pk, school.pk if school is not None else None)


def review_pool(case: Case):
    """The experts a review of the case may draw on: the programme's expert pool, as for its
    first panel. No one from another province's pool, nor an account that is no expert."""
    return experts_for(case.round)


def review_candidates(case: Case, taken: set[int], limit: int = 100) -> list[User]:
    """Experts of the pool not yet on the case and free of conflicts with it, in a fixed
    number of queries."""
    from touyan.people.models import Principal

    pool = list(review_pool(case).exclude(pk__in=taken).order_by("full_name", "pk")[:limit])
    schools = dict(
        Principal.objects.filter(user__in=[expert.pk for expert in pool]).values_list(
            "user_id", "school_id"
        )
    )
    blocks = _blocks(case)
    return [e for e in pool if _reason(blocks, e.pk, schools.get(e.pk)) is None]


def _open_review(review: ReviewRequest) -> ReviewRequest:
    review = ReviewRequest.objects.select_for_update().get(pk=review.pk)
    if review.status != R.REQUESTED:
        raise ValidationError(
            _("复核已于 %(when)s 由 %(who)s 决定，本次操作未执行")
            % {
                "when": timezone.localtime(review.decided_at).strftime("%Y-%m-%d %H:%M"),
                "who": review.decider_name,
            }
        )
    return review


@transaction.atomic
def assign_reviewer(
    *, actor: Actor, review: ReviewRequest, expert: User, school: School | None = None
) -> Score:
    """Put an expert on the round's review panel and give them the case to score."""
    review = _open_review(review)
    case = Case.objects.select_related("round__programme", "studio__host").get(pk=review.case_id)
    require(actor, "assessment.manage_reviews", case)
    if school is None:
        school = _school_of(expert)
    if problem := conflict_of(case, expert, school):
        raise ValidationError({"expert": problem})
    if not review_pool(case).filter(pk=expert.pk).exists():
        raise ValidationError({"expert": _("%(name)s 不在本项目的专家库中") % {"name": expert}})
    panel, _created = Panel.objects.get_or_create(
        round=case.round, expert=expert, for_review=True, defaults={"school": school}
    )
    score, created = Score.objects.get_or_create(
        case=case, expert=expert, for_review=True, defaults={"manual": True}
    )
    if not created:
        raise ValidationError({"expert": _("该专家已在本案的复核专家中")})
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=score,
        scope_code=_scope(case),
        changes={"expert": [None, expert.full_name or expert.username]},
    )
    notify(
        users=[expert],
        title=_("请对%(studio)s的复核进行评分") % {"studio": case.studio},
        url=reverse("assessment:review_score", args=[score.pk]),
    )
    return score


def _school_of(expert: User) -> School | None:
    from touyan.people.models import Principal

    found = Principal.objects.filter(user=expert).select_related("school").first()
    return found.school if found else None


@transaction.atomic
def unassign_reviewer(*, actor: Actor, score: Score) -> None:
    score = (
        Score.objects.select_for_update()
        .select_related("case__round__programme")
        .get(pk=score.pk, for_review=True)
    )
    require(actor, "assessment.manage_reviews", score.case)
    _open_review(score.case.review_request)
    if score.submitted_at is not None:
        raise ValidationError(_("该专家已提交复核评分，不能撤回"))
    record(
        actor=actor,
        verb=Verb.DELETE,
        target=score,
        scope_code=_scope(score.case),
        changes={"expert": [str(score.expert), None]},
    )
    score.delete()


@transaction.atomic
def submit_review_score(
    *,
    actor: Actor,
    score: Score,
    points: Mapping[str, object],
    comment: str,
    remarks: Mapping[str, str] | None = None,
    now: dt.datetime | None = None,
) -> Score:
    """A review expert's scores: every criterion 0–100, and an overall comment."""
    score = (
        Score.objects.select_for_update().select_related("case__round__programme").get(pk=score.pk)
    )
    require(actor, "assessment.score_review", score)
    _open_review(score.case.review_request)
    if score.submitted_at is not None:
        raise ValidationError(_("复核评分已提交"))
    rubric = rubric_of(score.case.round)
    errors, clean = {}, {}
    for criterion in rubric.rubric:
        value = points.get(criterion.code)
        try:
            number = int(str(value).strip())
        except (TypeError, ValueError):
            number = None
        if number is None or not 0 <= number <= 100:
            errors[criterion.code] = _("请填写 0–100 的整数")
        else:
            clean[criterion.code] = number
    comment = comment.strip()
    if not comment:
        errors["comment"] = _("请写明复核意见")
    if errors:
        raise ValidationError(errors)
    score.points = clean
    score.remarks = {k: v.strip() for k, v in (remarks or {}).items() if v and v.strip()}
    score.total = weighted_total(rubric, clean)
    score.comment = comment
    score.submitted_at = now or timezone.now()
    score.save()
    record(
        actor=actor,
        verb=Verb.UPDATE,
        target=score,
        scope_code=_scope(score.case),
        changes={"total": [None, str(score.total)]},
    )
    return score


@transaction.atomic
def decide_review(
    *,
    actor: Actor,
    review: ReviewRequest,
    upheld: bool,
    decision: str,
    grade: str = "",
    now: dt.datetime | None = None,
) -> ReviewRequest:
    """The authority's decision once the review panel has scored: upheld with a new grade
    (the consequence follows the new grade) or refused (the grade stands). Either way the
    consequence now takes effect."""
    from ..consequences import apply_case

    review = _open_review(review)
    case = CASE.lock(Case(pk=review.case_id))
    require(actor, "assessment.decide_review", case)
    round_ = case.round
    ROUND.check(round_, "review")
    today = timezone.localdate(now) if now else timezone.localdate()
    now = now or timezone.now()
    scores = Score.objects.filter(case=case, for_review=True)
    if not scores.exists() or scores.filter(submitted_at__isnull=True).exists():
        raise ValidationError(_("复核专家全部提交评分后才能作出复核决定"))
    decision = decision.strip()
    if not decision:
        raise ValidationError({"decision": _("请写明复核结论")})
    rubric = rubric_of(round_)
    if upheld:
        if rubric.grade(grade) is None:
            raise ValidationError({"grade": _("请从本轮考核的等次中选择改定的等次")})
        if grade == case.grade:
            raise ValidationError({"grade": _("复核成立须改定等次；维持原等次请选择复核不成立")})
        consequence = consequence_of(round_, grade)
        change_decision(
            actor=actor,
            case=case,
            fields={
                "grade": grade,
                "reason": decision,
                "decided_at": now,
                "decided_by": actor.user,
                "decider_name": display_name(actor),
                "consequence": consequence,
                "effective_on": today if consequence != "none" else None,
                "applied_at": None,
            },
            changes={"grade": [case.grade, grade], "consequence": [case.consequence, consequence]},
            note=decision,
        )
    elif case.consequence != "none" and case.applied_at is None:
        case.effective_on = today
        case.save(update_fields=["effective_on"])
    review.status = R.UPHELD if upheld else R.REFUSED
    review.decision = decision
    review.decided_at = now
    review.decided_by = actor.user
    review.decider_name = display_name(actor)
    review.save()
    record(
        actor=actor,
        verb=Verb.UPDATE,
        target=review,
        scope_code=_scope(case),
        changes={
            "status": [R.REQUESTED, review.status],
            "grade": [review.original_grade, case.grade],
        },
        note=decision,
    )
    apply_case(actor=actor, case=case, today=today, now=now)
    host = case.studio.host.user if case.studio else None
    notify(
        users=[host],
        title=_("复核结果：%(outcome)s（%(grade)s）")
        % {"outcome": review.get_status_display(), "grade": grade_name(rubric, case.grade)},
        body=decision,
        url=reverse("assessment:result", args=[case.pk]),
    )
    return review
