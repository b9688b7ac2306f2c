"""A round's expert panel and who scores which case (HN-5.3, issue 17 §4).

Assignment reuses the selection's flow (``selection.assignment.assign``): balanced loads, each
expert's capacity a hard maximum, ``experts_per_subject`` experts per case. A case blocks the
experts who host or belong to the studio (their linked accounts), the experts whose school
(``Panel.school``) is the host's, the base school's or any member's school, and those who
declared a conflict with the studio; a trainee's case blocks the trainee and their school.
These blocks are per case, so they are handed to the flow as each expert's conflicts with
cases (``conflict_principals`` keyed by case id, with no school of their own to compare).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from touyan.accounts.models import User
from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor
from touyan.core.steps import require
from touyan.core.transitions import AlreadyDone
from touyan.notifications.services import notify
from touyan.people.models import Principal, School
from touyan.programmes.models import Studio, StudioMember
from touyan.selection import assignment
from touyan.selection.selectors import experts_for

from ..models import Assessor, Case, Conflict, Panel, Round, Score
from ..rubric import rubric_of
from ..states import ROUND

ASSIGNABLE = (Case.Status.PREPARING, Case.Status.SUBMITTED)


# Who may not score what ----------------------------------------------------------------------


@dataclass
class CaseTies:
    """What a case is tied to: its studio, the accounts of the people in it and their
    schools."""

    studio: int | None = None
    users: set[int] = field(default_factory=set)
    schools: set[int] = field(default_factory=set)


def case_ties(round_: Round, case_ids: list[int] | None = None) -> dict[int, CaseTies]:
    cases = Case.objects.filter(round=round_)
    if case_ids is not None:
        cases = cases.filter(pk__in=case_ids)
    rows = list(cases.values_list("pk", "studio_id", "trainee__principal_id"))
    ties: dict[int, CaseTies] = {pk: CaseTies(studio) for pk, studio, _trainee in rows}
    by_studio = defaultdict(list)
    principals: dict[int, list[int]] = defaultdict(list)  # principal → cases
    for pk, studio, trainee in rows:
        if studio is not None:
            by_studio[studio].append(pk)
        if trainee is not None:
            principals[trainee].append(pk)
    studios = Studio.objects.filter(pk__in=by_studio).values_list("pk", "host_id", "base_school_id")
    for studio, host, base_school in studios:
        for pk in by_studio[studio]:
            ties[pk].schools.add(base_school)
            principals[host].append(pk)
    members = StudioMember.objects.filter(studio__in=by_studio).values_list(
        "studio_id", "principal_id"
    )
    for studio, principal in members:
        principals[principal].extend(by_studio[studio])
    people = Principal.objects.filter(pk__in=principals).values_list("pk", "user_id", "school_id")
    for principal, user, school in people:
        for pk in principals[principal]:
            if user is not None:
                ties[pk].users.add(user)
            if school is not None:
                ties[pk].schools.add(school)
    return ties


def _blocked(round_: Round, panel: list[Panel], ties: dict[int, CaseTies]) -> dict[int, set[int]]:
    """Per expert (user id), the cases they may not score."""
    blocked: dict[int, set[int]] = {member.expert_id: set() for member in panel}
    from_school = defaultdict(list)
    for member in panel:
        if member.school_id is not None:
            from_school[member.school_id].append(member.expert_id)
    studio_cases = defaultdict(list)
    for pk, tie in ties.items():
        if tie.studio is not None:
            studio_cases[tie.studio].append(pk)
        for expert in tie.users & blocked.keys():
            blocked[expert].add(pk)
        for school in tie.schools:
            for expert in from_school.get(school, ()):
                blocked[expert].add(pk)
    declared = Conflict.objects.filter(round=round_, expert__in=blocked).values_list(
        "expert_id", "studio_id"
    )
    for expert, studio in declared:
        blocked[expert].update(studio_cases.get(studio, ()))
    return blocked


def conflict_reason(round_: Round, expert: User, case: Case) -> str:
    """Why the expert may not score the case, in words; '' when they may."""
    member = Panel.objects.filter(round=round_, expert=expert, for_review=False).first()
    if member is None:
        return _("%(name)s 不在本轮考核的专家组中") % {"name": expert}
    return tie_to(round_, expert, member.school_id, case)


def tie_to(round_: Round, expert: User, school_id: int | None, case: Case) -> str:
    """Why the expert's ties keep them off the case, in words; '' when there is none."""
    declared = Conflict.objects.filter(
        round=round_, expert=expert, studio_id=case.studio_id
    ).values_list("expert_id", flat=True)
    return tie_reason(case_ties(round_, [case.pk])[case.pk], set(declared), expert.pk, school_id)


def tie_reason(
    tie: CaseTies, declared: Collection[int], expert_id: int, school_id: int | None
) -> str:
    """The words for what keeps an expert off a case — their own account or school among its
    people, or a conflict they declared (``declared``: the experts who did) — or ''. The first
    panel and the review panel (复核) both ask this."""
    if expert_id in tie.users:
        return _("专家本人是该考核对象的主持人、成员或培养人选，须回避")
    if school_id is not None and school_id in tie.schools:
        return _("专家所在学校与该考核对象（主持人、基地学校或成员）相同，须回避")
    if expert_id in declared:
        return _("专家已声明与该工作室存在利益冲突，须回避")
    return ""


# The panel -----------------------------------------------------------------------------------


def _lock_for_panel(actor: Actor, round_: Round) -> Round:
    round_ = ROUND.lock(round_)
    require(actor, "assessment.manage_round", round_)
    if round_.assessed_by != Assessor.EXPERTS:
        raise ValidationError(_("本轮考核不由专家组评审，无需组建专家组"))
    return round_


def _check_assigning(round_: Round) -> None:
    """Assignments are made while hosts prepare and may be mended during scoring."""
    if not (ROUND.allows(round_, "prepare") or ROUND.allows(round_, "score")):
        ROUND.check(round_, "prepare")


def _expert_school(expert: User) -> School | None:
    own = Principal.objects.filter(user=expert).select_related("school").first()
    return own.school if own else None


@transaction.atomic
def add_expert(
    *,
    actor: Actor,
    round_: Round,
    expert: User,
    school: School | None = None,
    capacity: int | None = None,
    for_review: bool = False,
) -> Panel:
    """Put an expert on the round's panel (or on its separate review panel), with their school
    (by default the registry's school of the principal the account belongs to)."""
    round_ = _lock_for_panel(actor, round_)
    if not expert.is_active:
        raise ValidationError(_("%(name)s 的账号已停用") % {"name": expert})
    if not experts_for(round_).filter(pk=expert.pk).exists():
        raise ValidationError({"expert": _("%(name)s 不在本项目的专家库中") % {"name": expert}})
    if capacity is not None and capacity < 1:
        raise ValidationError({"capacity": _("评审上限至少为 1")})
    if Panel.objects.filter(round=round_, expert=expert, for_review=for_review).exists():
        raise AlreadyDone(_("%(name)s 已在专家组中") % {"name": expert})
    panel = Panel.objects.create(
        round=round_,
        expert=expert,
        school=school or _expert_school(expert),
        capacity=capacity,
        for_review=for_review,
    )
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=panel,
        scope_code=round_.programme.jurisdiction_id,
        note=str(expert),
    )
    return panel


@transaction.atomic
def remove_expert(*, actor: Actor, panel: Panel) -> None:
    """Take an expert off the panel with their assignments; refused once they submitted one."""
    round_ = _lock_for_panel(actor, panel.round)
    _check_assigning(round_)
    scores = Score.objects.filter(
        case__round=round_, expert_id=panel.expert_id, for_review=panel.for_review
    )
    if scores.filter(submitted_at__isnull=False).exists():
        raise ValidationError(_("该专家已提交评分，不能移出专家组"))
    withdrawn = scores.count()
    scores.delete()
    record(
        actor=actor,
        verb=Verb.DELETE,
        target=panel,
        scope_code=round_.programme.jurisdiction_id,
        note=_("%(name)s 移出专家组（撤回分配 %(count)d 份）")
        % {"name": panel.expert, "count": withdrawn},
    )
    panel.delete()


@transaction.atomic
def declare_conflict(
    *, actor: Actor, round_: Round, expert: User, studio: Studio, reason: str
) -> Conflict:
    """An expert declares (or the centre records for them) a conflict with a studio; their
    unsubmitted scoring of its case is withdrawn at once."""
    round_ = ROUND.lock(round_)
    if actor.user is None or actor.user != expert:
        require(actor, "assessment.manage_round", round_)
    elif not Panel.objects.filter(round=round_, expert=expert).exists():
        raise ValidationError(_("您不在本轮考核的专家组中"))
    if not reason.strip():
        raise ValidationError({"reason": _("请写明回避理由")})
    if not round_.cases.filter(studio=studio).exists():
        raise ValidationError({"studio": _("该工作室不在本轮考核中")})
    conflict, created = Conflict.objects.get_or_create(
        round=round_, expert=expert, studio=studio, defaults={"reason": reason.strip()}
    )
    if not created:
        raise AlreadyDone(_("已声明过与该工作室的回避"))
    touched = Score.objects.filter(
        case__round=round_, case__studio=studio, expert=expert, submitted_at__isnull=True
    )
    withdrawn = touched.count()
    touched.delete()
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=conflict,
        scope_code=round_.programme.jurisdiction_id,
        note=_("%(expert)s 声明回避：%(reason)s（撤回评分 %(count)d 份）")
        % {"expert": expert, "reason": conflict.reason, "count": withdrawn},
    )
    return conflict


# Assignments ---------------------------------------------------------------------------------


@transaction.atomic
def assign_automatically(*, actor: Actor, round_: Round) -> assignment.Assignment:
    """Give every case still to be scored the rubric's number of experts, keeping the
    assignments already made, with balanced loads and no conflicts."""
    round_ = _lock_for_panel(actor, round_)
    _check_assigning(round_)
    panel = list(round_.panel.filter(for_review=False))
    if not panel:
        raise ValidationError(_("专家组还没有专家"))
    case_ids = list(
        round_.cases.filter(status__in=ASSIGNABLE).order_by("pk").values_list("pk", flat=True)
    )
    blocked = _blocked(round_, panel, case_ties(round_, case_ids))
    existing = defaultdict(set)
    held = Score.objects.filter(case__in=case_ids, for_review=False)
    for case_id, expert_id in held.values_list("case_id", "expert_id"):
        existing[case_id].add(expert_id)
    result = assignment.assign(
        # A case's own id stands for "who it is tied to"; no school is compared by the flow.
        cases=[assignment.Case(id=pk, principal_id=pk, school_id=-pk) for pk in case_ids],
        reviewers=[
            assignment.Reviewer(
                id=member.expert_id,
                school_id=None,
                capacity=member.capacity,
                conflict_principals=frozenset(blocked[member.expert_id]),
            )
            for member in panel
        ],
        per_application=rubric_of(round_).experts_per_subject,
        existing={pk: experts & set(blocked) for pk, experts in existing.items()},
    )
    new = [
        Score(case_id=case_id, expert_id=expert_id, manual=False)
        for case_id, expert_ids in result.reviewers_of.items()
        for expert_id in expert_ids
        if expert_id not in existing.get(case_id, ())
    ]
    Score.objects.bulk_create(new, batch_size=2000)
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=round_,
        scope_code=round_.programme.jurisdiction_id,
        note=_("自动分配评分 %(count)d 份；未配足 %(short)d 个考核对象")
        % {"count": len(new), "short": len(result.short)},
    )
    if round_.stage == Round.Stage.SCORING:
        counts = defaultdict(int)
        for score in new:
            counts[score.expert_id] += 1
        for expert in User.objects.filter(pk__in=counts):
            _tell(expert, counts[expert.pk], round_)
    return result


def _tell(expert: User, count: int, round_: Round) -> None:
    notify(
        users=[expert],
        title=_("您有 %(count)d 份新的考核评分任务") % {"count": count},
        body=round_.name,
        url=reverse("assessment:expert_cases"),
    )


@transaction.atomic
def assign_expert(*, actor: Actor, case: Case, expert: User) -> Score:
    """The centre puts one expert on one case, refused when they are in conflict with it."""
    round_ = _lock_for_panel(actor, case.round)
    _check_assigning(round_)
    case = Case.objects.get(pk=case.pk)
    if case.status not in ASSIGNABLE:
        raise ValidationError(_("该考核对象已评审完成，不能再分配专家"))
    reason = conflict_reason(round_, expert, case)
    if reason:
        raise ValidationError(reason)
    score, created = Score.objects.get_or_create(
        case=case, expert=expert, for_review=False, defaults={"manual": True}
    )
    if not created:
        raise AlreadyDone(_("该专家已在评审这个考核对象"))
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=score,
        scope_code=round_.programme.jurisdiction_id,
        note=_("人工指定"),
    )
    if round_.stage == Round.Stage.SCORING:
        _tell(expert, 1, round_)
    return score


@transaction.atomic
def unassign(*, actor: Actor, score: Score) -> None:
    round_ = _lock_for_panel(actor, score.case.round)
    _check_assigning(round_)
    score = Score.objects.select_for_update().get(pk=score.pk)
    if score.submitted_at:
        raise ValidationError(_("评分已提交，不能撤回"))
    record(actor=actor, verb=Verb.DELETE, target=score, scope_code=round_.programme.jurisdiction_id)
    score.delete()


def missing_experts(round_: Round) -> int:
    """How many cases still to be scored have fewer experts than the rubric asks."""
    wanted = rubric_of(round_).experts_per_subject
    return (
        round_.cases.filter(status__in=ASSIGNABLE)
        .annotate(experts=Count("scores", filter=Q(scores__for_review=False)))
        .filter(experts__lt=wanted)
        .count()
    )
