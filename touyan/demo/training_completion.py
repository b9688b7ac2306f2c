"""The demo's completion story (HZ-3.4.3, HZ-3.3.3): the lead mentors write their opinions, the
mentors judge each milestone of the approved plans, and the centre decides the whole cohort —
passes, and one fail when the evidence says so. Built only through the services."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Mapping

from touyan.core.actors import Actor
from touyan.programmes.models import Cohort, Trainee
from touyan.training.evidence import evidence_for, final_round, flags
from touyan.training.models import Completion, Mentor, MilestoneVerdict
from touyan.training.services.completion import (
    FAIL,
    PASS,
    Choice,
    decide_cohort,
    judge_milestone,
    write_opinion,
)

OPINIONS = (
    "该同志学习态度端正，按计划完成各专题学习，办学主张逐步清晰，课题研究扎实，建议准予结业。",
    "能将培训所学转化为学校改革实践，工作室运行规范，带动作用明显，建议准予结业。",
    "理论学习投入，示范引领有成效；研究成果的提炼仍可加强，建议准予结业并持续跟踪。",
)
SHORT = "学习任务完成情况不理想，部分规定成果未按要求完成，请中心审议。"
# Flags that alone do not make a fail: they are about the review's own paperwork.
SOFT = ("导师团队意见尚未填写", "个里程碑尚未评价")


def _lead_of(trainee: Trainee, lead_mentors: Mapping[int, object] | Iterable) -> object | None:
    if isinstance(lead_mentors, Mapping) and trainee.pk in lead_mentors:
        return lead_mentors[trainee.pk]
    leads = list(lead_mentors.values()) if isinstance(lead_mentors, Mapping) else list(lead_mentors)
    found = (
        Mentor.objects.filter(lead=True, team__trainees=trainee, user__in=leads)
        .select_related("user")
        .first()
    )
    return found.user if found else None


def _hard(found: list[str]) -> list[str]:
    return [f for f in found if not any(soft in f for soft in SOFT)]


def build_completion(
    *,
    actor: Actor,
    rng: random.Random,
    today: dt.date,
    cohort: Cohort,
    lead_mentors: Mapping[int, object] | Iterable,
) -> dict:
    """Opinions, milestone verdicts and the centre's decisions for every active trainee of
    ``cohort``; ``lead_mentors`` maps a trainee's pk to their team's lead mentor (or lists the
    lead mentors' accounts). Returns counts."""
    trainees = list(
        cohort.trainees.filter(status=Trainee.Status.ACTIVE)
        .exclude(completion__isnull=False)
        .select_related("principal__user", "principal__school", "cohort__programme")
        .order_by("pk")
    )
    counts = {"opinions": 0, "verdicts": 0, "passed": 0, "failed": 0}
    if not trainees:
        return counts
    round_ = final_round(cohort)
    before = evidence_for(cohort, trainees, round_)
    weakest = max(trainees, key=lambda t: (len(_hard(flags(before[t.pk]))), -t.pk))
    failing = weakest.pk if _hard(flags(before[weakest.pk])) else None
    for trainee in trainees:
        lead = _lead_of(trainee, lead_mentors)
        judge = Actor(lead, source=actor.source) if lead is not None else actor
        plan = getattr(trainee, "plan", None)
        if plan is not None and plan.approved_id is not None:
            judged = set(
                MilestoneVerdict.objects.filter(plan=plan).values_list("milestone_id", flat=True)
            )
            for milestone in plan.approved.milestones.all():
                if milestone.pk in judged:
                    continue
                if trainee.pk == failing:
                    level = MilestoneVerdict.Level.NOT_MET
                else:
                    level = rng.choice(
                        [MilestoneVerdict.Level.MET] * 4 + [MilestoneVerdict.Level.PARTLY]
                    )
                judge_milestone(actor=judge, trainee=trainee, milestone=milestone, level=level)
                counts["verdicts"] += 1
        if lead is not None:
            text = SHORT if trainee.pk == failing else rng.choice(OPINIONS)
            write_opinion(actor=Actor(lead, source=actor.source), trainee=trainee, text=text)
            counts["opinions"] += 1
    choices = {}
    for trainee in trainees:
        if trainee.pk == failing:
            reasons = "；".join(_hard(flags(before[trainee.pk]))[:3])
            choices[trainee.pk] = Choice(FAIL, f"经综合考核，{reasons}，不予结业。")
        else:
            choices[trainee.pk] = Choice(PASS, "")
    done = decide_cohort(actor=actor, cohort=cohort, choices=choices)
    counts["passed"] = sum(1 for c in done if c.result == Completion.Result.PASS)
    counts["failed"] = len(done) - counts["passed"]
    return counts
