"""The demo's leave story (HZ-3.4.1.1): a few requests on a cohort's past and coming sessions —
granted, refused and one still pending — and, when a session is held today, its roll call with
a session code open. Built only through the services, with the times a person would have
acted at."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from touyan.core.actors import Actor
from touyan.programmes.models import Cohort, Trainee
from touyan.records.models import Activity
from touyan.training.models import LeaveRequest
from touyan.training.services.leave import decide_leave, request_leave, session_start
from touyan.training.services.roll_call import open_code

REASONS = (
    "参加区教育局组织的校长例会",
    "学校迎接省级督导评估，须在校",
    "因病就医，附病历",
    "承担市级公开课任务",
)


def _as_trainee(trainee: Trainee, actor: Actor) -> Actor:
    user = trainee.principal.user
    return Actor(user, source=actor.source) if user is not None else actor


def build_leave(*, actor: Actor, rng: random.Random, today: dt.date, cohort: Cohort) -> dict:
    """Requests on up to three past and two coming sessions of ``cohort``; returns counts."""
    trainees = list(
        cohort.trainees.filter(status=Trainee.Status.ACTIVE).select_related("principal__user")
    )
    sessions = list(
        Activity.objects.filter(organisers__cohort=cohort).order_by("date", "start_time", "pk")
    )
    if not trainees or not sessions:
        return {"granted": 0, "refused": 0, "pending": 0, "codes": 0}
    past = [s for s in sessions if s.date < today][-3:]
    coming = [s for s in sessions if s.date > today][:2]
    counts = {"granted": 0, "refused": 0, "pending": 0, "codes": 0}
    plan = [(s, "granted") for s in past[:2]] + [(s, "refused") for s in past[2:]]
    plan += [(coming[0], "granted")] if coming else []
    plan += [(coming[-1], "pending")] if coming else []
    for activity, outcome in plan:
        trainee = rng.choice(trainees)
        if LeaveRequest.objects.filter(trainee=trainee, activity=activity).exists():
            continue
        start = session_start(activity)
        asked = start - dt.timedelta(days=3)
        leave = request_leave(
            actor=_as_trainee(trainee, actor),
            trainee=trainee,
            activity=activity,
            reason=rng.choice(REASONS),
            now=asked,
        )
        if outcome != "pending":
            decide_leave(
                actor=actor,
                leave=leave,
                grant=outcome == "granted",
                note="同意，请自学补课" if outcome == "granted" else "本次为必修专题，不准假",
                now=asked + dt.timedelta(days=1),
            )
        counts[outcome] += 1
    held_today = [s for s in sessions if s.date == today]
    if held_today:
        now = timezone.now()
        if timezone.localdate(now) == today:
            open_code(actor=actor, activity=held_today[0], minutes=60, now=now)
            counts["codes"] = 1
    return counts
