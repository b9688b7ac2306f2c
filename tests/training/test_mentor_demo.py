import datetime as dt
import random

import pytest

from touyan.core.actors import Actor
from touyan.records.models import Activity
from touyan.training.models import Comment, MentoringSession, MentorTeam, PlanVersion

from ..factories import UserFactory
from .course import course

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HZ-3.3.4", "HZ-3.3.3")]


def test_the_demo_forms_teams_approves_most_plans_and_records_sessions(cast):
    from touyan.demo.training_mentors import build_mentoring

    c = course(trainees=7, mentored=0)
    MentorTeam.objects.all().delete()  # the demo forms its own
    mentors = [UserFactory(username=f"demo-mentor-{n}", full_name=f"导师{n}") for n in range(3)]
    teams = build_mentoring(
        actor=Actor(cast.hz_centre),
        rng=random.Random(18),
        today=dt.date(2026, 11, 20),
        cohort=c.hz.cohort,
        mentors=mentors,
    )
    assert [t.trainees.count() for t in teams] == [5, 2]
    states = list(PlanVersion.objects.order_by("plan__trainee_id").values_list("state", flat=True))
    assert states == ["approved"] * 5 + ["submitted", "returned"]
    assert Comment.objects.filter(plan__isnull=False).count() >= 7
    assert MentoringSession.objects.count() >= 4
    assert Activity.objects.filter(activity_type="mentoring", topic="philosophy").exists()
