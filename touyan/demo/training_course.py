"""Hangzhou's training course to its end, continuing the records of both cohorts
(HZ-3.3–HZ-4.2.4): cohort 1, finished — mentor teams and approved plans, the trainee absent
without leave removed after a decided case, the others through completion, their certificates
issued and one revoked; cohort 2, mid-course — mentor teams, plans, leave requests, research at
every stage with the research institute's comments, and trainees' own studios.

Built only through the services, after both cohorts' records (``programmes_hangzhou``)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from touyan.accounts.models import User
from touyan.core.actors import Actor
from touyan.programmes.calendar import add_months
from touyan.programmes.models import Cohort, Programme, Trainee
from touyan.training.models import RemovalCase
from touyan.training.services import removal

from .programmes_hangzhou import REMOVAL_FROM_MONTH, cohort_one_roles, programme_slug
from .selection_kit import Timeline, at
from .training_certificates import build_certificates
from .training_completion import build_completion
from .training_leave import build_leave
from .training_mentors import build_mentoring
from .training_research import build_research

# The demo accounts who mentor (``mentor`` leads a team of each cohort) and who guide research.
MENTORS = ("mentor", "expert")
INSTITUTE = "institute"
REMOVAL_ANSWER = "因学校承担市级督导迎检任务，三次未能参训，未及时请假，恳请保留培养资格。"
REMOVAL_REASON = "三次未经同意不参加培训，情节属实；申辩理由不构成请假事由。依据实施方案予以淘汰。"


@dataclass
class CourseWritten:
    removed: str = ""
    completed: int = 0
    certificates: int = 0
    revoked: str = ""
    teams: int = 0
    leave_requests: int = 0
    projects: int = 0


def build_training_course(*, actor: Actor, rng: random.Random, today: dt.date) -> CourseWritten:
    written = CourseWritten()
    programme = Programme.objects.filter(slug=programme_slug(today)).first()
    if (
        programme is None
        or RemovalCase.objects.filter(trainee__cohort__programme=programme).exists()
    ):
        return written  # no training programme, or its course is already written
    first = programme.cohorts.filter(number=1).first()
    second = programme.cohorts.filter(number=2).first()
    mentors = list(User.objects.filter(username__in=MENTORS).order_by("username").reverse())
    if first is not None and first.trainees.exists():
        _first_cohort(actor, rng, today, first, mentors, written)
    if second is not None and second.trainees.exists():
        written.teams += len(
            build_mentoring(actor=actor, rng=rng, today=today, cohort=second, mentors=mentors)
        )
        leave = build_leave(actor=actor, rng=rng, today=today, cohort=second)
        written.leave_requests = leave["granted"] + leave["refused"] + leave["pending"]
        institute = User.objects.filter(username=INSTITUTE).first()
        if institute is not None:
            made = build_research(
                actor=actor, rng=rng, today=today, cohort=second, institute=institute
            )
            written.projects = made.get("projects", 0)
    return written


def _first_cohort(actor, rng, today, cohort: Cohort, mentors, written: CourseWritten) -> None:
    roles = cohort_one_roles(cohort)
    written.teams += len(
        build_mentoring(actor=actor, rng=rng, today=today, cohort=cohort, mentors=mentors)
    )
    _remove(actor, cohort, roles["removal"])
    written.removed = roles["removal"].principal.name
    decided = build_completion(
        actor=actor, rng=rng, today=today, cohort=cohort, lead_mentors=mentors
    )
    written.completed = decided["passed"]
    revoke = roles["star"] if roles["star"] != roles["account"] else None
    certificates = build_certificates(actor=actor, today=today, cohort=cohort, revoke=revoke)
    written.certificates = len(certificates)
    written.revoked = revoke.principal.name if revoke else ""


def _remove(actor: Actor, cohort: Cohort, trainee: Trainee) -> None:
    """The case the rules opened when the third absence without leave was recorded (month 6),
    the trainee's answer, and the centre's decision to remove."""
    opened_on = add_months(cohort.starts_on, REMOVAL_FROM_MONTH - 1)
    timeline = Timeline()
    cases = removal.open_due_cases(
        actor=actor, programme=cohort.programme, as_of=opened_on, trainee_ids=[trainee.pk]
    )
    case = cases[0] if cases else None
    if case is None:
        return
    removal.answer_case(actor=actor, case=case, answer=REMOVAL_ANSWER, today=opened_on)
    removal.decide_case(
        actor=actor,
        case=case,
        decision=RemovalCase.Decision.REMOVE,
        reason=REMOVAL_REASON,
        today=opened_on + dt.timedelta(days=3),
    )
    timeline.settle(at(opened_on), at(opened_on + dt.timedelta(days=3), 17), models=(RemovalCase,))
