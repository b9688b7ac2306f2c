"""Approved plans with milestones, for completion tests (built on tests/training/course.py)."""

from __future__ import annotations

import datetime as dt

from touyan.programmes.models import Trainee
from touyan.training.models import DevelopmentPlan, Milestone, PlanVersion


def approved_plan(trainee: Trainee, milestones: int = 2) -> DevelopmentPlan:
    plan = DevelopmentPlan.objects.create(trainee=trainee)
    version = PlanVersion.objects.create(
        plan=plan,
        number=1,
        state=PlanVersion.State.APPROVED,
        goals=[{"dimension": "leadership", "text": "形成办学主张"}],
        actions="读书、考察、课题研究",
        expected_results="办学主张一篇",
    )
    for index in range(milestones):
        Milestone.objects.create(
            version=version,
            position=index,
            title=f"里程碑{index + 1}",
            due_on=dt.date(2026, 12, 1) + dt.timedelta(days=30 * index),
        )
    plan.approved = version
    plan.save(update_fields=["approved"])
    return plan
