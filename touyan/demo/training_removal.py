"""The demo's removal story (HZ-3.4.1): in a cohort, one trainee misses two sessions without
leave, the compliance engine opens a removal case, the trainee answers and the centre removes
them; another trainee is kept with a warning on the centre's own case; the freed place goes to
the next candidate of the call's ranking when one is left. Built only through the services."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from touyan.core.actors import Actor
from touyan.programmes.models import Cohort, Trainee
from touyan.records import services as records
from touyan.records.models import Attendance
from touyan.training.models import RemovalCase
from touyan.training.services import removal, replacement

ABSENT_AFTER = (30, 44)  # days after the start: two sessions the trainee misses


def build_removal(*, actor: Actor, rng: random.Random, today: dt.date, cohort: Cohort) -> dict:
    """Returns what it made: ``removed`` and ``kept`` cases, ``replacement`` (or None)."""
    active = list(cohort.trainees.filter(status=Trainee.Status.ACTIVE).order_by("pk"))
    if len(active) < 2:
        return {"removed": None, "kept": None, "replacement": None}
    absent, warned = rng.sample(active, 2)
    for offset in ABSENT_AFTER:
        day = min(cohort.starts_on + dt.timedelta(days=offset), today)
        session = records.create_activity(
            actor=actor,
            programme=cohort.programme,
            cohort=cohort,
            activity_type="course",
            title="集中培训：学校治理现代化专题",
            date=day,
            topic=_first_topic(cohort),
            hours=Decimal(4),
        )
        records.record_attendance(
            actor=actor,
            activity=session,
            marks=[
                records.Mark(
                    t.principal_id,
                    Attendance.Status.ABSENT if t == absent else Attendance.Status.PRESENT,
                )
                for t in active
            ],
            today=today,
        )
    as_of = min(cohort.starts_on + dt.timedelta(days=ABSENT_AFTER[-1] + 1), today)
    opened = removal.open_due_cases(
        actor=Actor.system(), programme=cohort.programme, as_of=as_of, trainee_ids=[absent.pk]
    )
    removed = opened[0] if opened else None
    if removed is not None:
        removal.answer_case(
            actor=_actor_of(absent),
            case=removed,
            answer="两次缺席因学校突发事务未及时请假，恳请从轻处理。",
            today=as_of,
        )
        removed = removal.decide_case(
            actor=actor,
            case=removed,
            decision=RemovalCase.Decision.REMOVE,
            reason="两次未经同意缺席集中培训，申辩理由不足以免除责任，按方案予以淘汰。",
            today=as_of,
        )
    kept = removal.open_case(
        actor=actor,
        trainee=warned,
        ground=RemovalCase.Ground.TASKS_OR_ASSESSMENT,
        reason="未按期提交学期学习报告，经两次提醒仍未提交。",
        today=as_of,
    )
    kept = removal.decide_case(
        actor=actor,
        case=kept,
        decision=RemovalCase.Decision.KEEP,
        reason="已于申辩期内补交报告，保留培养资格并予书面警告。",
        today=kept.answer_by + dt.timedelta(days=1),
    )
    filled = None
    if removed is not None and removed.decision == RemovalCase.Decision.REMOVE:
        candidate = replacement.candidates(cohort).first()
        free = replacement.free_places(cohort)
        if candidate is not None and (free is None or free > 0):
            day = max(as_of, today - dt.timedelta(days=30))
            filled = replacement.replace(
                actor=actor,
                removal=removed,
                application=candidate,
                reason="按遴选专家评分排名依次递补。",
                today=day,
            )
            replacement.enrol_due(actor=Actor.system(), today=today)
            filled.refresh_from_db()
    return {"removed": removed, "kept": kept, "replacement": filled}


def _first_topic(cohort: Cohort) -> str:
    from touyan.programmes.policy import spec_of

    curriculum = spec_of(cohort.programme).curriculum
    return curriculum.topics[0].code if curriculum else ""


def _actor_of(trainee: Trainee) -> Actor:
    user = trainee.principal.user
    return Actor(user=user) if user is not None else Actor.system()
