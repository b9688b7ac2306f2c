"""A trainee's research project through 申报 → 立项 / 未立项 → 中期 → 结题 (HZ-3.3.2), and what
the HZ-3.T rule counts of it."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.programmes import SYSTEM
from touyan.accounts.roles import Role
from touyan.audit.models import AuditEntry, Verb
from touyan.compliance.engine import evaluate
from touyan.compliance.verdicts import State
from touyan.core.actors import Actor
from touyan.core.transitions import AlreadyDone
from touyan.records import research
from touyan.records.models import Level, ResearchProject
from touyan.records.services import add_outcome, create_project

from ..factories import UserFactory, grant
from .course import course

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HZ-3.3.2")]
D = dt.date


def centre_of(c) -> Actor:
    """The training centre, which records 立项, 未立项 and 结题 from the funder's documents."""
    centre = UserFactory(username="research-centre")
    grant(centre, Role.CENTRE_STAFF, "330100")
    return Actor(centre)


def apply(c, trainee, *, actor=None, level=Level.CITY, title="集团化办学研究"):
    return research.register_project(
        actor=actor or Actor(c.account(trainee)),
        trainee=trainee,
        title=title,
        level=level,
        funder="杭州市教育科学规划领导小组办公室",
        applied_on=D(2026, 3, 10),
        starts_on=D(2026, 4, 1),
        ends_on=D(2027, 6, 30),
    )


def test_the_trainee_takes_a_project_from_application_to_conclusion():
    c = course()
    trainee = c.trainees[0]
    me = Actor(c.account(trainee))
    project = apply(c, trainee)
    assert project.stage == ResearchProject.Stage.APPLIED
    assert project.approved_on is None and project.leader == trainee.principal
    with pytest.raises(PermissionDenied):  # 立项 counts for the rules: the centre records it
        research.approve_project(
            actor=me, project=project, approval_number="HZJG2026-017", approved_on=D(2026, 4, 2)
        )
    centre = centre_of(c)
    project = research.approve_project(
        actor=centre, project=project, approval_number="HZJG2026-017", approved_on=D(2026, 4, 2)
    )
    project = research.record_midterm(actor=me, project=project, midterm_on=D(2026, 11, 5))
    with pytest.raises(PermissionDenied):
        research.conclude_project(actor=me, project=project, concluded_on=D(2027, 6, 1))
    project = research.conclude_project(actor=centre, project=project, concluded_on=D(2027, 6, 1))
    project.refresh_from_db()
    assert (project.stage, project.approval_number) == ("concluded", "HZJG2026-017")
    assert (project.approved_on, project.midterm_on, project.concluded_on) == (
        D(2026, 4, 2),
        D(2026, 11, 5),
        D(2027, 6, 1),
    )
    moves = AuditEntry.objects.filter(verb=Verb.UPDATE, target_id=str(project.pk))
    assert [e.changes["stage"] for e in moves.order_by("pk")] == [
        ["applied", "approved"],
        ["approved", "midterm"],
        ["midterm", "concluded"],
    ]
    assert AuditEntry.objects.filter(verb=Verb.CREATE, target_id=str(project.pk)).exists()


def test_a_step_out_of_turn_or_repeated_is_refused_and_dates_keep_their_order():
    c = course()
    trainee = c.trainees[0]
    me = Actor(c.account(trainee))
    project = apply(c, trainee)
    centre = centre_of(c)
    with pytest.raises(AlreadyDone):
        research.record_midterm(actor=me, project=project, midterm_on=D(2026, 5, 1))
    with pytest.raises(ValidationError):
        research.approve_project(
            actor=centre, project=project, approval_number="X-1", approved_on=D(2026, 3, 1)
        )
    with pytest.raises(ValidationError):
        research.approve_project(
            actor=centre, project=project, approval_number=" ", approved_on=D(2026, 4, 1)
        )
    research.reject_project(
        actor=centre, project=project, decided_on=D(2026, 4, 1), note="名额有限"
    )
    project.refresh_from_db()
    assert project.stage == "rejected"
    with pytest.raises(AlreadyDone):
        research.approve_project(
            actor=centre, project=project, approval_number="X-1", approved_on=D(2026, 4, 2)
        )
    entry = AuditEntry.objects.filter(target_id=str(project.pk), verb=Verb.UPDATE).get()
    assert entry.changes["decided_on"] == [None, "2026-04-01"] and entry.note == "名额有限"


def test_who_may_register_and_move_a_trainees_project(cast):
    c = course()
    trainee = c.trainees[0]
    for outsider in (c.account(c.trainees[1]), c.lead, c.institute, cast.xihu, cast.nobody):
        with pytest.raises(PermissionDenied):
            apply(c, trainee, actor=Actor(outsider))
    project = apply(c, trainee, actor=Actor(cast.hz_centre))
    for outsider in (c.account(c.trainees[1]), c.lead, c.institute, cast.xihu):
        with pytest.raises(PermissionDenied):
            research.approve_project(
                actor=Actor(outsider),
                project=project,
                approval_number="A",
                approved_on=D(2026, 4, 1),
            )
    assert ResearchProject.objects.get().stage == "applied"
    research.approve_project(
        actor=Actor(cast.hz_centre), project=project, approval_number="A", approved_on=D(2026, 4, 1)
    )
    add_outcome(
        actor=Actor(c.account(trainee)),
        project=project,
        kind="publication",
        title="《集团化办学的治理》",
        level=Level.PROVINCE,
        achieved_on=D(2026, 9, 1),
    )


def test_existing_callers_still_create_approved_projects():
    c = course()
    principal = c.trainees[0].principal
    approved = create_project(
        actor=SYSTEM,
        programme=c.programme,
        leader=principal,
        title="已立项",
        level=Level.CITY,
        approved_on=D(2026, 4, 1),
    )
    concluded = create_project(
        actor=SYSTEM,
        programme=c.programme,
        leader=principal,
        title="已结题",
        level=Level.CITY,
        approved_on=D(2026, 4, 1),
        concluded_on=D(2026, 8, 1),
    )
    assert (approved.stage, concluded.stage) == ("approved", "concluded")


@pytest.mark.clause("HZ-3.T")
def test_only_approved_midterm_or_concluded_projects_count_for_the_research_rule():
    c = course()
    me, other, third = c.trainees
    stages = {}
    for trainee, stage in ((me, "approved"), (other, "applied"), (third, "rejected")):
        project = apply(c, trainee, actor=SYSTEM, title=f"课题{trainee.pk}")
        if stage == "approved":
            research.approve_project(
                actor=SYSTEM, project=project, approval_number="N", approved_on=D(2026, 4, 1)
            )
        elif stage == "rejected":
            research.reject_project(actor=SYSTEM, project=project, decided_on=D(2026, 4, 1))
        add_outcome(
            actor=SYSTEM,
            project=project,
            kind="award",
            title="市级一等奖",
            level=Level.CITY,
            achieved_on=D(2026, 6, 1),
        )
        stages[trainee.pk] = project
    result = evaluate(c.programme, as_of=D(2026, 7, 1))
    rule = "hz-research-project"
    assert result.cells[(me.pk, rule)].state is State.MET
    assert result.cells[(other.pk, rule)].state is not State.MET
    assert result.cells[(third.pk, rule)].state is not State.MET
    # Moving on keeps it counted; the application once approved counts too.
    research.record_midterm(actor=SYSTEM, project=stages[me.pk], midterm_on=D(2026, 6, 2))
    research.approve_project(
        actor=SYSTEM, project=stages[other.pk], approval_number="M", approved_on=D(2026, 4, 3)
    )
    result = evaluate(c.programme, as_of=D(2026, 7, 1))
    assert result.cells[(me.pk, rule)].state is State.MET
    assert result.cells[(other.pk, rule)].state is State.MET
