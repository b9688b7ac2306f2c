"""Expert review: the panel, declared conflicts, assignment (automatic and by hand), scoring.
Experts propose with their scores; deciding is a separate step (``decisions.py``)."""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg, Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.accounts.models import User
from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor
from touyan.core.steps import require
from touyan.core.transitions import AlreadyDone
from touyan.people.models import Principal, School

from .. import assignment
from ..models import Application, Call, Conflict, Panel, Review
from ..policy import call_spec
from ..states import CALL
from .common import tell


@transaction.atomic
def add_to_panel(
    *, actor: Actor, call: Call, expert: User, school: School | None = None, capacity=None
) -> Panel:
    from ..selectors import experts_for

    call = CALL.lock(call)
    require(actor, "selection.manage_call", call)
    if not experts_for(call).filter(pk=expert.pk).exists():
        raise ValidationError(_("%(name)s 不是本项目辖区的评审专家") % {"name": expert})
    if school is None:
        own = Principal.objects.filter(user=expert).select_related("school").first()
        school = own.school if own else None
    panel, created = Panel.objects.get_or_create(
        call=call, expert=expert, defaults={"school": school, "capacity": capacity}
    )
    if created:
        record(
            actor=actor,
            verb=Verb.CREATE,
            target=panel,
            scope_code=call.programme.jurisdiction_id,
            note=str(expert),
        )
    return panel


@transaction.atomic
def declare_conflict(
    *,
    actor: Actor,
    call: Call,
    expert: User,
    reason: str,
    principal: Principal | None = None,
    school: School | None = None,
) -> Conflict:
    """An expert declares (or staff record for them) a conflict with an applicant or a school.
    Open reviews the conflict touches are withdrawn at once."""
    if actor.user is not None and actor.user != expert:
        require(actor, "selection.manage_call", call)
    if principal is None and school is None:
        raise ValidationError(_("请指明回避的申报人或学校"))
    if not reason.strip():
        raise ValidationError({"reason": _("请写明回避理由")})
    conflict = Conflict.objects.create(
        call=call, expert=expert, principal=principal, school=school, reason=reason.strip()
    )
    touched = Review.objects.filter(
        application__call=call, expert=expert, submitted_at__isnull=True
    ).filter(
        Q(application__principal=principal)
        if principal
        else Q(application__principal__school=school)
    )
    withdrawn = list(touched.values_list("application_id", flat=True))
    touched.delete()
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=conflict,
        scope_code=call.programme.jurisdiction_id,
        note=_("%(expert)s 声明回避：%(reason)s（撤回评审 %(count)d 份）")
        % {"expert": expert, "reason": conflict.reason, "count": len(withdrawn)},
    )
    return conflict


def _reviewers(call: Call) -> list[assignment.Reviewer]:
    principals, schools = defaultdict(set), defaultdict(set)
    for expert_id, principal_id, school_id in Conflict.objects.filter(call=call).values_list(
        "expert_id", "principal_id", "school_id"
    ):
        if principal_id:
            principals[expert_id].add(principal_id)
        if school_id:
            schools[expert_id].add(school_id)
    return [
        assignment.Reviewer(
            id=expert_id,
            school_id=school_id,
            capacity=capacity,
            conflict_principals=frozenset(principals[expert_id]),
            conflict_schools=frozenset(schools[expert_id]),
        )
        for expert_id, school_id, capacity in call.panel.values_list(
            "expert_id", "school_id", "capacity"
        )
    ]


def _cases(call: Call) -> list[assignment.Case]:
    from ..selectors import forwarded

    return [
        assignment.Case(id=pk, principal_id=principal_id, school_id=school_id)
        for pk, principal_id, school_id in forwarded(call).values_list(
            "pk", "principal_id", "principal__school_id"
        )
    ]


@transaction.atomic
def assign_automatically(*, actor: Actor, call: Call) -> assignment.Assignment:
    """Give every forwarded case the policy's number of experts, keeping every assignment
    already made, with balanced loads and no conflicts."""
    call = CALL.lock(call)
    require(actor, "selection.manage_call", call)
    CALL.check(call, "expert_review")
    reviewers = _reviewers(call)
    if not reviewers:
        raise ValidationError(_("评审专家组还没有专家"))
    existing = defaultdict(set)
    for application_id, expert_id in Review.objects.filter(application__call=call).values_list(
        "application_id", "expert_id"
    ):
        existing[application_id].add(expert_id)
    result = assignment.assign(
        cases=_cases(call),
        reviewers=reviewers,
        per_application=call_spec(call).experts_per_application,
        existing=existing,
    )
    now = timezone.now()
    new = [
        Review(application_id=case_id, expert_id=expert_id, assigned_at=now)
        for case_id, expert_ids in result.reviewers_of.items()
        for expert_id in expert_ids
        if expert_id not in existing.get(case_id, ())
    ]
    Review.objects.bulk_create(new, batch_size=2000)
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=call,
        scope_code=call.programme.jurisdiction_id,
        note=_("自动分配评审 %(count)d 份；未配足 %(short)d 份")
        % {"count": len(new), "short": len(result.short)},
    )
    counts = defaultdict(int)
    for review in new:
        counts[review.expert_id] += 1
    for expert in User.objects.filter(pk__in=counts):
        tell(
            [expert],
            _("您有 %(count)d 份新的评审任务") % {"count": counts[expert.pk]},
            call.title,
            reverse("selection:my_reviews"),
        )
    return result


def _conflict_reason(call: Call, expert: User, application: Application) -> str:
    panel = Panel.objects.filter(call=call, expert=expert).first()
    if panel is None:
        return _("%(name)s 不在本次评审专家组中") % {"name": expert}
    school_id = application.principal.school_id
    if panel.school_id and panel.school_id == school_id:
        return _("专家与申报人同一学校，须回避")
    declared = Conflict.objects.filter(call=call, expert=expert).filter(
        Q(principal_id=application.principal_id) | Q(school_id=school_id)
    )
    if declared.exists():
        return _("专家已声明与该申报人存在利益冲突")
    return ""


@transaction.atomic
def assign_expert(*, actor: Actor, application: Application, expert: User) -> Review:
    call = CALL.lock(application.call)
    require(actor, "selection.manage_call", call)
    CALL.check(call, "expert_review")
    reason = _conflict_reason(call, expert, application)
    if reason:
        raise ValidationError(reason)
    review, created = Review.objects.get_or_create(
        application=application, expert=expert, defaults={"manual": True}
    )
    if not created:
        raise AlreadyDone(_("该专家已在评审这份申报"))
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=review,
        scope_code=application.district_id,
        note=_("人工指定"),
    )
    tell([expert], _("您有 1 份新的评审任务"), call.title, reverse("selection:my_reviews"))
    return review


@transaction.atomic
def unassign(*, actor: Actor, review: Review) -> None:
    call = CALL.lock(review.application.call)
    require(actor, "selection.manage_call", call)
    CALL.check(call, "expert_review")
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.submitted_at:
        raise ValidationError(_("评审已提交，不能撤回"))
    record(actor=actor, verb=Verb.DELETE, target=review, scope_code=review.application.district_id)
    review.delete()


@transaction.atomic
def submit_review(
    *,
    actor: Actor,
    review: Review,
    scores: dict[str, int],
    comment: str,
    recommend: bool | None = None,
) -> Review:
    review = (
        Review.objects.select_for_update().select_related("application__call").get(pk=review.pk)
    )
    require(actor, "selection.score", review)
    call = review.application.call
    CALL.check(call, "expert_review")
    if review.submitted_at:
        raise AlreadyDone(
            _("这份评审已于 %(at)s 提交")
            % {"at": timezone.localtime(review.submitted_at).strftime("%Y-%m-%d %H:%M")}
        )
    rubric = call_spec(call).rubric
    cleaned, problems = {}, []
    for criterion in rubric:
        value = scores.get(criterion.code)
        try:
            value = int(value)
        except (TypeError, ValueError):
            problems.append(_("请为“%(name)s”打分") % {"name": criterion.name})
            continue
        if not 0 <= value <= criterion.points:
            problems.append(
                _("“%(name)s”的得分应在 0 到 %(points)d 之间")
                % {"name": criterion.name, "points": criterion.points}
            )
            continue
        cleaned[criterion.code] = value
    if set(scores) - {c.code for c in rubric}:
        problems.append(_("评分项与评分细则不符"))
    if not comment.strip():
        problems.append(_("请填写评审意见"))
    if problems:
        raise ValidationError(problems)
    review.scores = cleaned
    review.total = Decimal(sum(cleaned.values()))
    review.comment = comment.strip()
    review.recommend = recommend
    review.submitted_at = timezone.now()
    review.save()
    _rescore(review.application_id)
    record(
        actor=actor,
        verb=Verb.UPDATE,
        target=review,
        scope_code=review.application.district_id,
        changes={"total": [None, str(review.total)]},
    )
    return review


def _rescore(application_id: int) -> None:
    summary = Review.objects.filter(
        application_id=application_id, submitted_at__isnull=False
    ).aggregate(mean=Avg("total"), count=Count("pk"))
    mean = summary["mean"]
    Application.objects.filter(pk=application_id).update(
        score=None if mean is None else Decimal(mean).quantize(Decimal("0.01"), ROUND_HALF_UP),
        scored_reviews=summary["count"],
    )
