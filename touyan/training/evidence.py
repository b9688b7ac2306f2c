"""A trainee's evidence at the end of the course (HZ-3.4.3, HZ-3.3.3): one source of truth for
the completion review, the assessment dossier of the comprehensive round and the transcript.

The records the assessment dossier already reads (hours per topic against the policy's,
attendance, deliverables, research, talks, paired support, the compliance verdicts) come from
``assessment/dossier/trainees.py``; this module adds what belongs to the training domain —
the trainee's studio, the evaluation of the approved plan milestone by milestone, the mentors'
opinion and a removal — and the red flags the centre looks at. Every function reads a whole
cohort in a fixed number of queries, whatever its size.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from touyan.programmes.models import Cohort, Trainee
from touyan.programmes.policy import calendar_of, spec_of

from .models import (
    DevelopmentPlan,
    MentorOpinion,
    Milestone,
    MilestoneVerdict,
    RemovalCase,
)
from .selectors.studio import with_studio_counts

FINAL_PERIOD = "cycle"


# the course's span and its comprehensive round ----------------------------------------------


def final_round(cohort: Cohort):
    """The comprehensive assessment of the cohort: the latest round of a kind the policy runs
    over the whole course (``period = "cycle"``), or None before the centre opens one."""
    from touyan.assessment.models import Round

    assessment = spec_of(cohort.programme).assessment
    codes = [r.code for r in assessment.rounds if r.period == FINAL_PERIOD] if assessment else []
    if not codes:
        return None
    return (
        Round.objects.filter(cohort=cohort, code__in=codes)
        .select_related("programme")
        .order_by("-period_starts", "-pk")
        .first()
    )


def course_span(cohort: Cohort, round_=None) -> tuple[dt.date, dt.date]:
    if round_ is not None:
        return round_.period_starts, round_.period_ends
    periods = calendar_of(cohort.programme, cohort=cohort).periods(FINAL_PERIOD)
    return periods[0].start, periods[-1].end


def _reading_round(cohort: Cohort, round_):
    """The round the dossier builder reads: the comprehensive one, or an unsaved stand-in over
    the course's span before it is opened."""
    if round_ is not None:
        return round_
    from touyan.assessment.models import Round

    starts, ends = course_span(cohort)
    return Round(
        programme=cohort.programme,
        cohort=cohort,
        code="completion",
        name=_("结业审核"),
        period_starts=starts,
        period_ends=ends,
    )


def evidence_for(cohort: Cohort, trainees: Sequence[Trainee], round_=None) -> dict[int, dict]:
    """Trainee pk → evidence, for trainees of ``cohort``, as of now."""
    if not trainees:
        return {}
    from touyan.assessment.dossier.trainees import TraineeDossiers

    with translation.override(settings.LANGUAGE_CODE):
        builder = TraineeDossiers(_reading_round(cohort, round_))
        return builder.for_trainees([t.pk for t in trainees])


def evidence_of(trainee: Trainee) -> dict:
    round_ = final_round(trainee.cohort)
    return evidence_for(trainee.cohort, [trainee], round_)[trainee.pk]


# the training domain's sections --------------------------------------------------------------


def training_sections(trainees: Sequence[Trainee]) -> dict[int, dict]:
    """Trainee pk → ``studio``, ``plan``, ``mentor_opinion`` and ``removal``."""
    ids = [t.pk for t in trainees]
    studios = studio_summaries(ids)
    plans = plan_evaluations(ids)
    opinions = {
        o.trainee_id: {
            "text": o.text,
            "author": o.author_name,
            "date": o.written_at.date().isoformat(),
        }
        for o in MentorOpinion.objects.filter(trainee_id__in=ids)
    }
    removals: dict[int, dict] = {}
    for case in RemovalCase.objects.filter(trainee_id__in=ids).order_by("opened_at", "pk"):
        removals[case.trainee_id] = {
            "ground": case.ground,
            "ground_name": str(case.get_ground_display()),
            "state": case.state,
            "state_name": str(case.get_state_display()),
            "decision": case.decision,
            "decision_name": str(case.get_decision_display()) if case.decision else "",
            "reason": case.decision_reason or case.reason,
            "date": (case.decided_at or case.opened_at).date().isoformat(),
        }
    return {
        pk: {
            "studio": studios.get(pk),
            "plan": plans.get(pk, {"approved": False, "version": None, "milestones": []}),
            "mentor_opinion": opinions.get(pk),
            "removal": removals.get(pk),
        }
        for pk in ids
    }


def studio_summaries(trainee_ids: Sequence[int]) -> dict[int, dict]:
    """Trainee pk → the studio they founded (HZ-3.3.3.1): current members and the studio
    activities organised, counted as the studio pages count them."""
    rows = with_studio_counts(
        Trainee.objects.filter(pk__in=list(trainee_ids), studio__isnull=False)
    ).values_list("pk", "studio__name", "studio__revoked_on", "member_count", "activity_count")
    return {
        pk: {
            "name": name,
            "members": members,
            "activities": activities,
            "revoked": revoked is not None,
        }
        for pk, name, revoked, members, activities in rows
    }


def plan_evaluations(trainee_ids: Sequence[int]) -> dict[int, dict]:
    """Trainee pk → the approved plan's milestones, each with its verdict (HZ-3.3.3)."""
    plans = list(
        DevelopmentPlan.objects.filter(trainee_id__in=list(trainee_ids))
        .select_related("approved")
        .only("pk", "trainee_id", "approved__id", "approved__number")
    )
    approved = {p.approved_id: p for p in plans if p.approved_id}
    milestones: dict[int, list[Milestone]] = defaultdict(list)
    for milestone in Milestone.objects.filter(version_id__in=list(approved)).order_by(
        "version_id", "position", "due_on", "pk"
    ):
        milestones[milestone.version_id].append(milestone)
    verdicts = {
        (v.plan_id, v.milestone_id): v
        for v in MilestoneVerdict.objects.filter(plan_id__in=[p.pk for p in plans])
    }
    found = {}
    for plan in plans:
        items = []
        for milestone in milestones.get(plan.approved_id, []):
            verdict = verdicts.get((plan.pk, milestone.pk))
            items.append(
                {
                    "id": milestone.pk,
                    "title": milestone.title,
                    "due_on": milestone.due_on.isoformat(),
                    "level": verdict.level if verdict else None,
                    "level_name": str(verdict.get_level_display()) if verdict else "",
                    "note": verdict.note if verdict else "",
                }
            )
        found[plan.trainee_id] = {
            "approved": plan.approved_id is not None,
            "version": plan.approved.number if plan.approved_id else None,
            "milestones": items,
        }
    return found


# figures and red flags -------------------------------------------------------------------------


def figures(evidence: dict) -> dict:
    """The key numbers of the cohort table."""
    hours = evidence.get("hours", {})
    attendance = evidence.get("attendance", {})
    absent = attendance.get("leave", 0) + attendance.get("absent", 0)
    base = attendance.get("scheduled") or (attendance.get("present", 0) + absent)
    milestones = evidence.get("plan", {}).get("milestones", [])
    return {
        "hours": hours.get("done", "0.0"),
        "hours_required": hours.get("required"),
        "present": attendance.get("present", 0),
        "leave": attendance.get("leave", 0),
        "absent": attendance.get("absent", 0),
        "absence_ratio": round(absent * 100 / base) if base else None,
        "deliverables": len(evidence.get("deliverables", [])),
        "research": len(evidence.get("research", [])),
        "talks": len(evidence.get("talks", [])),
        "studio": evidence.get("studio"),
        "milestones": len(milestones),
        "milestones_met": sum(1 for m in milestones if m["level"] == "met"),
    }


def flags(evidence: dict) -> list[str]:
    """What the centre should look at before passing a trainee, in words."""
    found = []
    hours = evidence.get("hours", {})
    required = hours.get("required")
    if required and Decimal(hours.get("done") or 0) < Decimal(required):
        found.append(
            _("学时不足：%(done)s / %(required)s")
            % {"done": hours.get("done"), "required": required}
        )
    for rule in evidence.get("compliance", []):
        states = {p["state"] for p in rule["periods"]}
        if states & {"missed", "at_risk"}:
            found.append(_("未达成：%(title)s") % {"title": rule["title"]})
    plan = evidence.get("plan") or {}
    if not plan.get("approved"):
        found.append(_("没有已批准的个人发展规划"))
    milestones = plan.get("milestones", [])
    not_met = sum(1 for m in milestones if m["level"] == "not_met")
    unjudged = sum(1 for m in milestones if m["level"] is None)
    if not_met:
        found.append(_("%(n)d 个里程碑未达成") % {"n": not_met})
    if unjudged:
        found.append(_("%(n)d 个里程碑尚未评价") % {"n": unjudged})
    if not evidence.get("mentor_opinion"):
        found.append(_("导师团队意见尚未填写"))
    removal = evidence.get("removal")
    if removal and removal["state"] != RemovalCase.State.DECIDED:
        found.append(_("淘汰审议尚未决定"))
    return found
