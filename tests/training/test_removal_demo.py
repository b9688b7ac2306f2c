import datetime as dt
import random

import pytest

from touyan.core.actors import Actor
from touyan.demo.training_removal import build_removal
from touyan.programmes.models import Trainee

from .course import course
from .removal_data import ranking

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HZ-3.4.1")]


def test_the_demo_removes_one_keeps_one_and_fills_the_place(cast, pin_today):
    today = dt.date(2026, 6, 1)
    pin_today(today)
    c = course(trainees=4)
    ranking(c.programme, c.hz.cohort)
    made = build_removal(
        actor=Actor(cast.hz_centre), rng=random.Random(7), today=today, cohort=c.hz.cohort
    )
    removed, kept, filled = made["removed"], made["kept"], made["replacement"]
    assert removed.decision == "remove" and removed.answer
    assert removed.trainee.__class__.objects.get(pk=removed.trainee_id).status == (
        Trainee.Status.REMOVED
    )
    assert kept.decision == "keep" and kept.trainee != removed.trainee
    assert filled is not None and filled.trainee is not None  # the notice has ended
    assert filled.trainee.principal.name == "候补0"


def test_the_demo_skips_the_replacement_without_a_ranking(cast, pin_today):
    today = dt.date(2026, 6, 1)
    pin_today(today)
    c = course(trainees=3)
    made = build_removal(
        actor=Actor(cast.hz_centre), rng=random.Random(1), today=today, cohort=c.hz.cohort
    )
    assert made["removed"].decision == "remove" and made["replacement"] is None
