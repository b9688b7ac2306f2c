"""The trainee's 名校长工作室 (HZ-3.3.3, HZ-3.3.3.1): founded on the studio model, members,
activities counted toward the curriculum topic 名校长工作室组建与运行, the summary the completion
review reads."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import PrincipalFactory, SchoolFactory
from tests.programmes import SYSTEM
from touyan.audit.models import AuditEntry, Verb
from touyan.compliance.facts import load_facts
from touyan.core.actors import Actor
from touyan.programmes.models import Studio
from touyan.programmes.policy import spec_of
from touyan.programmes.services import create_studio
from touyan.records.models import Attendance, Level
from touyan.records.services import add_outcome, create_project
from touyan.training.selectors.studio import cohort_studios, studio_summary
from touyan.training.services.studio import (
    add_studio_member,
    credit_organiser,
    found_studio,
    hold_studio_activity,
)

from .course import course

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HZ-3.3.3")]
D = dt.date


def test_the_trainee_founds_a_studio_hosted_at_their_school():
    c = course()
    trainee = c.trainees[0]
    studio = found_studio(actor=Actor(c.account(trainee)), trainee=trainee)
    assert studio.founder == trainee and studio.host == trainee.principal
    assert studio.programme == c.programme
    assert studio.base_school == trainee.principal.school
    assert studio.region == trainee.principal.school.region
    assert studio.name == "学员0名校长工作室"
    assert AuditEntry.objects.filter(verb=Verb.CREATE, target_id=str(studio.pk)).exists()
    with pytest.raises(ValidationError):
        found_studio(actor=Actor(c.account(trainee)), trainee=trainee)


def test_only_the_trainee_or_the_centre_founds_it(cast):
    c = course()
    trainee = c.trainees[0]
    for outsider in (c.account(c.trainees[1]), c.lead, c.institute, cast.xihu, cast.nobody):
        with pytest.raises(PermissionDenied):
            found_studio(actor=Actor(outsider), trainee=trainee)
    assert found_studio(actor=Actor(cast.hz_centre), trainee=trainee).founder == trainee
    # Without a founder a training programme still takes no studio.
    with pytest.raises(ValidationError):
        create_studio(actor=SYSTEM, programme=c.programme, host=c.trainees[1].principal)


@pytest.mark.clause("HZ-3.3.3.1")
def test_members_join_through_the_centre():
    c = course()
    trainee = c.trainees[0]
    studio = found_studio(actor=SYSTEM, trainee=trainee)
    school = SchoolFactory(name="西湖区某小学", region_id="330106")
    principal = PrincipalFactory(name="青年校长甲", school=school)
    with pytest.raises(PermissionDenied):
        add_studio_member(
            actor=Actor(c.account(trainee)),
            studio=studio,
            principal=principal,
            joined_on=D(2026, 4, 1),
        )
    add_studio_member(actor=SYSTEM, studio=studio, principal=principal, joined_on=D(2026, 4, 1))
    assert [m.principal for m in studio.members.all()] == [principal]


@pytest.mark.clause("HZ-3.3.3.1")
def test_a_held_studio_activity_adds_to_the_founders_studio_topic_hours(pin_today):
    pin_today(D(2026, 6, 1))
    c = course()
    trainee, other = c.trainees[0], c.trainees[1]
    studio = found_studio(actor=SYSTEM, trainee=trainee)
    me = Actor(c.account(trainee))
    held = hold_studio_activity(
        actor=me, studio=studio, title="工作室启动会", date=D(2026, 5, 10), hours=Decimal("4")
    )
    planned = hold_studio_activity(
        actor=me, studio=studio, title="课堂诊断", date=D(2026, 7, 10), hours=Decimal("3")
    )
    assert (held.activity_type, held.topic) == ("studio_activity", "studio")
    present = Attendance.objects.get(activity=held)
    assert (present.principal, present.status) == (trainee.principal, "present")
    assert not Attendance.objects.filter(activity=planned).exists()
    spec = spec_of(c.programme)
    facts = load_facts(c.programme, spec, as_of=D(2026, 6, 1), subject_ids=None)
    assert facts.hours[trainee.pk]["studio"] == Decimal("4")
    assert "studio" not in facts.hours[other.pk]
    # After the day, the planned one is credited too.
    pin_today(D(2026, 7, 11))
    credit_organiser(actor=me, activity=planned)
    facts = load_facts(c.programme, spec, as_of=D(2026, 7, 11), subject_ids=None)
    assert facts.hours[trainee.pk]["studio"] == Decimal("7")


def test_another_trainee_may_not_record_for_the_studio(pin_today):
    pin_today(D(2026, 6, 1))
    c = course()
    studio = found_studio(actor=SYSTEM, trainee=c.trainees[0])
    with pytest.raises(PermissionDenied):
        hold_studio_activity(
            actor=Actor(c.account(c.trainees[1])),
            studio=studio,
            title="活动",
            date=D(2026, 5, 10),
            hours=Decimal("2"),
        )


@pytest.mark.clause("HZ-3.3.3.1")
def test_the_studio_summary_is_the_evidence_of_the_completion_review(pin_today):
    pin_today(D(2026, 6, 1))
    c = course()
    trainee = c.trainees[0]
    assert studio_summary(trainee).studio is None
    studio = found_studio(actor=SYSTEM, trainee=trainee)
    for number in range(2):
        add_studio_member(
            actor=SYSTEM,
            studio=studio,
            principal=PrincipalFactory(name=f"成员{number}"),
            joined_on=D(2026, 4, 1),
        )
    hold_studio_activity(
        actor=SYSTEM, studio=studio, title="读书会", date=D(2026, 5, 1), hours=Decimal("2.5")
    )
    hold_studio_activity(
        actor=SYSTEM, studio=studio, title="送教下乡", date=D(2026, 6, 20), hours=Decimal("3")
    )
    project = create_project(
        actor=SYSTEM,
        programme=c.programme,
        studio=studio,
        leader=trainee.principal,
        title="工作室课题",
        level=Level.DISTRICT,
        approved_on=D(2026, 4, 1),
    )
    add_outcome(
        actor=SYSTEM, project=project, kind="paper", title="论文一", achieved_on=D(2026, 5, 20)
    )
    summary = studio_summary(trainee)
    assert summary.studio == studio
    assert (summary.member_count, summary.activity_count, summary.held) == (2, 2, 1)
    assert summary.hours == Decimal("2.5")
    assert [o.title for o in summary.outcomes] == ["论文一"]
    rows = {t.pk: t for t in cohort_studios(c.hz.cohort)}
    assert (rows[trainee.pk].member_count, rows[trainee.pk].activity_count) == (2, 2)
    assert rows[c.trainees[1].pk].member_count == 0
    assert Studio.objects.filter(founder__isnull=False).count() == 1


@pytest.mark.clause("HZ-3.3.2", "HZ-4.2.1", "HZ-3.3.3.1")
def test_the_demo_part_builds_projects_at_every_stage_comments_and_studios(pin_today):
    import random

    from tests.factories import UserFactory
    from touyan.demo.training_research import build_research
    from touyan.records.models import ResearchProject
    from touyan.training.models import Comment

    pin_today(D(2026, 12, 1))
    c = course(trainees=5)
    for number in range(12):
        PrincipalFactory(
            name=f"区内校长{number}",
            school=SchoolFactory(name=f"西湖区学校{number}", region_id="330106"),
        )
    institute = UserFactory(username="jky-demo")
    counts = build_research(
        actor=SYSTEM,
        rng=random.Random(7),
        today=D(2026, 12, 1),
        cohort=c.hz.cohort,
        institute=institute,
    )
    stages = set(ResearchProject.objects.values_list("stage", flat=True))
    assert stages == {"applied", "approved", "midterm", "concluded", "rejected"}
    assert Comment.objects.filter(author=institute).count() == 3
    assert counts["studios"] == 3 and counts["activities"] == 9
    summary = studio_summary(c.trainees[0])
    assert summary.member_count == 3 and summary.hours == Decimal(12)
