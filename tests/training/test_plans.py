import datetime as dt
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from touyan.compliance.engine import evaluate
from touyan.compliance.verdicts import State
from touyan.core.actors import Actor
from touyan.core.registry import INBOX
from touyan.core.transitions import AlreadyDone
from touyan.notifications.models import Notification
from touyan.records.models import Deliverable
from touyan.training.models import MilestoneProgress, PlanVersion
from touyan.training.services import plans as services
from touyan.training.services.comments import add_comment

from .course import course

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HZ-3.3.3")]

DAY = dt.date(2026, 5, 20)


def draft(c, trainee, *, milestones=2):
    actor = Actor(c.account(trainee))
    version = services.start_plan(actor=actor, trainee=trainee)
    return services.save_draft(
        actor=actor,
        version=version,
        goals=[
            {"dimension": "philosophy", "text": "凝练“生长教育”办学思想。"},
            {"dimension": "teachers", "text": "培养区级以上骨干教师 5 名。"},
        ],
        actions="每学期组织一次办学思想研讨；建立青年教师成长营。",
        expected_results="形成办学思想论文 1 篇。",
        milestones=[
            services.MilestoneInput(f"里程碑{n}", dt.date(2026, 6 + n, 30), "阶段成果")
            for n in range(milestones)
        ],
    )


def test_a_trainee_drafts_submits_and_the_centre_approves_the_plan_which_counts(cast):
    c = course()
    trainee = c.trainees[0]
    version = draft(c, trainee)
    assert version.state == PlanVersion.State.DRAFT and version.number == 1
    before = evaluate(c.programme, as_of=DAY).cells[(trainee.pk, "hz-development-plan")]
    assert before.verdicts[0].count == 0
    services.submit_plan(actor=Actor(c.account(trainee)), version=version)
    # Mentors are told; the centre finds it in its inbox.
    assert Notification.objects.filter(user__in=[c.lead, c.mentor]).count() == 2
    keys = [item.key for item in INBOX.items(cast.hz_centre)]
    assert f"training.plans:{c.programme.pk}" in keys
    add_comment(actor=Actor(c.lead), target=version.plan, body="目标二请量化。")
    services.approve_plan(actor=Actor(cast.hz_centre), version=version, note="同意。", today=DAY)
    version.refresh_from_db()
    assert version.state == PlanVersion.State.APPROVED and version.decided_by == cast.hz_centre
    assert version.plan.approved == version
    deliverable = Deliverable.objects.get(kind="development_plan", principal=trainee.principal)
    assert "凝练“生长教育”办学思想" in deliverable.body
    after = evaluate(c.programme, as_of=DAY).cells[(trainee.pk, "hz-development-plan")]
    assert after.verdicts[0].count == 1 and after.state == State.MET
    assert Notification.objects.filter(user=c.account(trainee), title__contains="已获批准").exists()
    with pytest.raises(AlreadyDone):
        services.approve_plan(actor=Actor(cast.hz_centre), version=version, today=DAY)


def test_the_centre_returns_with_a_note_and_the_trainee_revises_the_same_version(cast):
    c = course()
    trainee = c.trainees[0]
    version = draft(c, trainee)
    services.submit_plan(actor=Actor(c.account(trainee)), version=version)
    with pytest.raises(ValidationError):
        services.return_plan(actor=Actor(cast.hz_centre), version=version, note=" ")
    services.return_plan(actor=Actor(cast.hz_centre), version=version, note="里程碑过于笼统。")
    version.refresh_from_db()
    assert version.state == PlanVersion.State.RETURNED
    told = Notification.objects.get(user=c.account(trainee), title__contains="退回")
    assert "里程碑过于笼统" in told.body
    again = services.start_plan(actor=Actor(c.account(trainee)), trainee=trainee)
    assert again == version  # the returned version is the one to revise
    services.submit_plan(actor=Actor(c.account(trainee)), version=version)


def test_a_new_version_after_approval_copies_milestones_keeping_their_keys(cast):
    c = course()
    trainee = c.trainees[0]
    first = draft(c, trainee)
    services.submit_plan(actor=Actor(c.account(trainee)), version=first)
    services.approve_plan(actor=Actor(cast.hz_centre), version=first, today=DAY)
    key = first.milestones.first().key
    services.note_progress(
        actor=Actor(c.mentor), plan=first.plan, milestone_key=key, status="on_track", today=DAY
    )
    second = services.start_plan(actor=Actor(c.account(trainee)), trainee=trainee)
    assert second.number == 2 and second.goals == first.goals
    assert [m.key for m in second.milestones.all()] == [m.key for m in first.milestones.all()]
    second = services.save_draft(
        actor=Actor(c.account(trainee)),
        version=second,
        goals=second.goals,
        actions="调整后的举措。",
        expected_results=second.expected_results,
        milestones=[
            services.MilestoneInput(m.title, m.due_on, m.expected, key=m.key)
            for m in second.milestones.all()
        ],
    )
    changes = services.compare(first, second)
    assert [label for label, _b, _a in changes] == ["主要举措"]
    services.submit_plan(actor=Actor(c.account(trainee)), version=second)
    services.approve_plan(actor=Actor(cast.hz_centre), version=second, today=DAY)
    first.refresh_from_db()
    assert first.state == PlanVersion.State.SUPERSEDED
    # Progress follows the milestone by key into the approved version.
    services.note_progress(
        actor=Actor(c.account(trainee)), plan=second.plan, milestone_key=key, status="done"
    )
    assert MilestoneProgress.objects.filter(milestone_key=key).count() == 2


def test_who_may_write_decide_and_note_progress(cast):
    c = course(trainees=3, mentored=2)
    trainee = c.trainees[0]
    for outsider in (c.lead, c.account(c.trainees[1]), cast.hz_centre, cast.nobody):
        with pytest.raises(PermissionDenied):
            services.start_plan(actor=Actor(outsider), trainee=trainee)
    version = draft(c, trainee)
    services.submit_plan(actor=Actor(c.account(trainee)), version=version)
    for outsider in (c.lead, c.account(trainee), c.other_mentor, cast.xihu, cast.expert):
        with pytest.raises(PermissionDenied):
            services.approve_plan(actor=Actor(outsider), version=version, today=DAY)
    services.approve_plan(actor=Actor(cast.hz_centre), version=version, today=DAY)
    key = version.milestones.first().key
    for outsider in (c.other_mentor, cast.hz_centre, cast.xihu):
        with pytest.raises(PermissionDenied):
            services.note_progress(
                actor=Actor(outsider), plan=version.plan, milestone_key=key, status="done"
            )
    with pytest.raises(ValidationError):
        services.note_progress(
            actor=Actor(c.lead), plan=version.plan, milestone_key=uuid.UUID(int=1), status="done"
        )


def test_an_empty_plan_cannot_be_submitted(cast):
    c = course()
    trainee = c.trainees[0]
    version = services.start_plan(actor=Actor(c.account(trainee)), trainee=trainee)
    with pytest.raises(ValidationError):
        services.submit_plan(actor=Actor(c.account(trainee)), version=version)
    with pytest.raises(ValidationError):
        services.save_draft(
            actor=Actor(c.account(trainee)),
            version=version,
            goals=[{"dimension": "astrology", "text": "x"}],
            actions="",
            expected_results="",
            milestones=[],
        )
