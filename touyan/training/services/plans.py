"""The personal development plan (个人发展规划, 一人一方案, HZ-3.3.3).

The trainee drafts a version — goals by dimension, actions, milestones with dates, expected
results — and submits it; mentors comment (``comments.add_comment`` on the plan); the centre
approves it or returns it with a note. A returned version is revised and submitted again; a
new version after an approval starts from the approved one, its milestones keeping their keys,
so progress noted per milestone follows them.

Approving hands the approved text in as the trainee's ``development_plan`` deliverable through
``records.services.submit_deliverable``: the compliance rule ``hz-development-plan`` counts it
as it counts any deliverable, and nothing in the engine needs to know about plans.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor
from touyan.core.steps import require
from touyan.core.transitions import Stamp, Workflow, step
from touyan.notifications.services import notify
from touyan.programmes.models import Trainee
from touyan.programmes.policy import spec_of
from touyan.records import services as records

from ..models import DevelopmentPlan, Milestone, MilestoneProgress, PlanVersion

# The dimensions a plan's goals are written under (校长专业发展的六个方面). The policy schema has
# no list of its own for them; a province that needs others changes this one list.
DIMENSIONS: tuple[tuple[str, str], ...] = (
    ("philosophy", gettext_lazy("办学思想")),
    ("curriculum", gettext_lazy("课程与教学领导")),
    ("teachers", gettext_lazy("教师发展")),
    ("governance", gettext_lazy("学校治理")),
    ("research", gettext_lazy("教育科研")),
    ("leadership", gettext_lazy("示范引领")),
)
DIMENSION_NAMES = dict(DIMENSIONS)
PLAN_KIND = "development_plan"

State = PlanVersion.State


def _scope(version: PlanVersion) -> str:
    return version.plan.trainee.principal.school.region_id


PLAN = Workflow(
    PlanVersion,
    field="state",
    scope=_scope,
    related=("plan__trainee__principal__school",),
    stamp=Stamp(who="decided_by", when="decided_at", states=frozenset({State.APPROVED})),
    steps={
        "edit": step(
            State.DRAFT,
            State.RETURNED,
            refused=gettext_lazy("规划当前为“%(status)s”，不能修改"),
        ),
        "submit": step(State.DRAFT, State.RETURNED, to=State.SUBMITTED),
        "approve": step(State.SUBMITTED, to=State.APPROVED),
        "return": step(State.SUBMITTED, to=State.RETURNED),
        "supersede": step(State.APPROVED, to=State.SUPERSEDED),
    },
)


@dataclass(frozen=True)
class MilestoneInput:
    title: str
    due_on: dt.date
    expected: str = ""
    key: uuid.UUID | None = None  # the milestone of the version before, when it is the same


def plan_url(plan: DevelopmentPlan) -> str:
    return reverse("training:plan", args=[plan.trainee_id])


def open_version(plan: DevelopmentPlan) -> PlanVersion | None:
    return plan.versions.filter(state__in=[State.DRAFT, State.SUBMITTED, State.RETURNED]).first()


@transaction.atomic
def start_plan(*, actor: Actor, trainee: Trainee) -> PlanVersion:
    """The trainee's plan and its first draft; after an approval, a new draft copied from the
    approved version (milestones keep their keys). The open version if there is one."""
    plan, _created = DevelopmentPlan.objects.get_or_create(trainee=trainee)
    require(actor, "training.write_plan", plan, _("只有培养人选本人可以编写个人发展规划"))
    plan = DevelopmentPlan.objects.select_for_update().get(pk=plan.pk)
    if trainee.status == Trainee.Status.REMOVED:
        raise ValidationError(_("已被淘汰的培养人选不再编写规划"))
    current = open_version(plan)
    if current is not None:
        return current
    last = plan.versions.order_by("-number").first()
    base = plan.approved
    version = PlanVersion.objects.create(
        plan=plan,
        number=(last.number + 1) if last else 1,
        goals=list(base.goals) if base else [],
        actions=base.actions if base else "",
        expected_results=base.expected_results if base else "",
    )
    if base is not None:
        Milestone.objects.bulk_create(
            [
                Milestone(
                    version=version,
                    key=m.key,
                    position=m.position,
                    title=m.title,
                    due_on=m.due_on,
                    expected=m.expected,
                )
                for m in base.milestones.all()
            ]
        )
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=version,
        scope_code=trainee.principal.school.region_id,
        changes={"number": [None, version.number], "from": [None, base.number if base else None]},
    )
    return version


def _goals(goals: Sequence[dict]) -> list[dict]:
    cleaned, errors = [], []
    for goal in goals:
        text = (goal.get("text") or "").strip()
        if not text:
            continue
        if goal.get("dimension") not in DIMENSION_NAMES:
            errors.append(_("没有“%(code)s”这个发展维度") % {"code": goal.get("dimension")})
        cleaned.append({"dimension": goal["dimension"], "text": text[:2000]})
    if errors:
        raise ValidationError({"goals": errors})
    return cleaned


@transaction.atomic
def save_draft(
    *,
    actor: Actor,
    version: PlanVersion,
    goals: Sequence[dict],
    actions: str,
    expected_results: str,
    milestones: Sequence[MilestoneInput],
) -> PlanVersion:
    """Replace the open version's content; milestones given with a key of this version keep
    it (and their progress)."""
    require(actor, "training.write_plan", version.plan, _("只有培养人选本人可以编写个人发展规划"))
    version = PLAN.lock(version)
    PLAN.check(version, "edit")
    before = _content(version)
    version.goals = _goals(goals)
    version.actions = (actions or "").strip()
    version.expected_results = (expected_results or "").strip()
    errors = {}
    if len(version.actions) > 10000:
        errors["actions"] = _("主要举措不能超过 10000 字")
    if len(version.expected_results) > 5000:
        errors["expected_results"] = _("预期成果不能超过 5000 字")
    if any(not m.title.strip() for m in milestones):
        errors["milestones"] = _("每个里程碑都要有名称")
    if errors:
        raise ValidationError(errors)
    existing = {m.key: m for m in version.milestones.all()}
    keep = {m.key for m in milestones if m.key in existing}
    version.milestones.exclude(key__in=keep).delete()
    for position, item in enumerate(milestones):
        row = existing.get(item.key) or Milestone(version=version)
        row.position, row.title, row.due_on, row.expected = (
            position,
            item.title.strip()[:200],
            item.due_on,
            item.expected.strip()[:2000],
        )
        row.save()
    version.save()
    after = _content(version)
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if changes:
        record(
            actor=actor,
            verb=Verb.UPDATE,
            target=version,
            scope_code=_scope(version),
            changes=changes,
        )
    return version


def _content(version: PlanVersion) -> dict[str, str]:
    """A version's content as text per field: what the audit and the comparison show."""
    goals = "\n".join(
        f"{DIMENSION_NAMES.get(g['dimension'], g['dimension'])}：{g['text']}" for g in version.goals
    )
    milestones = "\n".join(
        f"{m.due_on:%Y-%m-%d} {m.title}" + (f"（{m.expected}）" if m.expected else "")
        for m in version.milestones.all()
    )
    return {
        "goals": goals,
        "actions": version.actions,
        "milestones": milestones,
        "expected_results": version.expected_results,
    }


FIELD_LABELS = {
    "goals": gettext_lazy("发展目标"),
    "actions": gettext_lazy("主要举措"),
    "milestones": gettext_lazy("里程碑"),
    "expected_results": gettext_lazy("预期成果"),
}


def compare(before: PlanVersion | None, after: PlanVersion) -> list[tuple[str, str, str]]:
    """(field label, before, after) for each field that differs between two versions."""
    old = _content(before) if before is not None else dict.fromkeys(FIELD_LABELS, "")
    new = _content(after)
    return [(str(FIELD_LABELS[k]), old[k], new[k]) for k in FIELD_LABELS if old[k] != new[k]]


def _mentors_of(trainee: Trainee):
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(pk__in=trainee.mentor_teams.values("mentors__user"))
        .distinct()
    )


@transaction.atomic
def submit_plan(*, actor: Actor, version: PlanVersion, today: dt.date | None = None) -> PlanVersion:
    require(actor, "training.write_plan", version.plan, _("只有培养人选本人可以提交个人发展规划"))
    version = PLAN.lock(version)
    problems = []
    if not version.goals:
        problems.append(_("至少填写一个发展维度的目标"))
    if not version.milestones.exists():
        problems.append(_("至少列出一个里程碑"))
    if PLAN.allows(version, "submit") and problems:
        raise ValidationError(problems)
    version = PLAN.move(
        actor=actor, obj=version, action="submit", fields={"submitted_at": timezone.now()}
    )
    trainee = version.plan.trainee
    notify(
        users=_mentors_of(trainee),
        title=_("%(name)s 提交了个人发展规划（第 %(number)d 版）")
        % {"name": trainee.principal.name, "number": version.number},
        body=_("请审阅并提出指导意见；培训中心将批准或退回。"),
        url=plan_url(version.plan),
    )
    return version


@transaction.atomic
def approve_plan(
    *, actor: Actor, version: PlanVersion, note: str = "", today: dt.date | None = None
) -> PlanVersion:
    """The centre approves; the approved version before it is superseded, and the plan's text
    is handed in as the trainee's ``development_plan`` deliverable (HZ-3.3.3)."""
    require(actor, "training.decide_plan", version.plan, _("您无权批准这份规划"))
    version = PLAN.lock(version)
    plan = DevelopmentPlan.objects.select_for_update().get(pk=version.plan_id)
    previous = plan.approved
    version = PLAN.move(
        actor=actor,
        obj=version,
        action="approve",
        fields={
            "decided_at": timezone.now(),
            "decided_by": actor.user,
            "decision_note": (note or "").strip(),
        },
    )
    if previous is not None:
        PLAN.move(actor=actor, obj=previous, action="supersede")
    plan.approved = version
    plan.save(update_fields=["approved"])
    trainee = plan.trainee
    spec = spec_of(trainee.cohort.programme)
    if spec.deliverable_kind(PLAN_KIND) is not None:
        records.submit_deliverable(
            actor=actor,
            programme=trainee.cohort.programme,
            kind=PLAN_KIND,
            title=_("个人发展规划（第 %(number)d 版，已批准）") % {"number": version.number},
            principal=trainee.principal,
            body=plan_text(version),
            today=today,
        )
    notify(
        users=[trainee.principal.user],
        title=_("您的个人发展规划（第 %(number)d 版）已获批准") % {"number": version.number},
        body=version.decision_note,
        url=plan_url(plan),
    )
    return version


@transaction.atomic
def return_plan(*, actor: Actor, version: PlanVersion, note: str) -> PlanVersion:
    require(actor, "training.decide_plan", version.plan, _("您无权退回这份规划"))
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("退回修改须写明意见")})
    version = PLAN.lock(version)
    version = PLAN.move(
        actor=actor,
        obj=version,
        action="return",
        fields={"decided_at": timezone.now(), "decided_by": actor.user, "decision_note": note},
        changes={"decision_note": [None, note]},
    )
    trainee = version.plan.trainee
    notify(
        users=[trainee.principal.user],
        title=_("您的个人发展规划（第 %(number)d 版）被退回修改") % {"number": version.number},
        body=note,
        url=plan_url(version.plan),
    )
    return version


def plan_text(version: PlanVersion) -> str:
    """The version as plain text: the deliverable's body."""
    content = _content(version)
    parts = [_("个人发展规划（第 %(number)d 版）") % {"number": version.number}]
    for key, label in FIELD_LABELS.items():
        parts.append(f"{label}\n{content[key]}")
    return "\n\n".join(parts)


@transaction.atomic
def note_progress(
    *,
    actor: Actor,
    plan: DevelopmentPlan,
    milestone_key: uuid.UUID,
    status: str,
    note: str = "",
    today: dt.date | None = None,
) -> MilestoneProgress:
    """Progress on a milestone of the approved version (by its key, so it follows the
    milestone into later versions)."""
    require(actor, "training.note_progress", plan, _("您无权记录这份规划的进展"))
    plan = (
        DevelopmentPlan.objects.select_for_update(of=("self",))
        .select_related("approved")
        .get(pk=plan.pk)
    )
    if plan.approved is None:
        raise ValidationError(_("规划获批准后才能记录里程碑进展"))
    if not plan.approved.milestones.filter(key=milestone_key).exists():
        raise ValidationError({"milestone": _("已批准的规划中没有这个里程碑")})
    if status not in MilestoneProgress.Status.values:
        raise ValidationError({"status": _("请选择进展情况")})
    progress = MilestoneProgress.objects.create(
        plan=plan,
        milestone_key=milestone_key,
        status=status,
        note=(note or "").strip()[:2000],
        noted_on=today or timezone.localdate(),
        noted_by=actor.user,
    )
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=plan,
        scope_code=plan.trainee.principal.school.region_id,
        changes={"milestone": [None, str(milestone_key)], "status": [None, status]},
        note=_("里程碑进展"),
    )
    return progress
