"""Every write service of the record refuses whoever may not write it (pages and API answer
404 for what the service refuses; these tests call the services directly)."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.programmes import SYSTEM
from tests.refusals import PROGRAMME_CAST, check_service
from touyan.records import research, services, uploads
from touyan.records.models import (
    Activity,
    ActivityFile,
    Attendance,
    CountSource,
    CurriculumCredit,
    Deliverable,
    ResearchOutcome,
    ResearchProject,
)

from .programme_people import with_hainan, with_hangzhou

pytestmark = pytest.mark.django_db

HAINAN_CENTRE = ("superuser", "hn_admin", "hn_centre")
HANGZHOU_CENTRE = ("superuser", "hz_admin", "hz_centre")
EVERYONE = pytest.mark.parametrize("name", PROGRAMME_CAST)


@pytest.fixture
def world(cast):
    cast.hn = with_hainan(cast, members=1)
    cast.hz = with_hangzhou(cast, trainees=2)
    return cast


def seminar(hn, *, studios=(0,)) -> Activity:
    return services.create_activity(
        actor=SYSTEM,
        programme=hn.programme,
        studios=[hn.studios[i] for i in studios],
        activity_type="seminar",
        title="专题研讨",
        date=dt.date(2025, 10, 15),
    )


def title_of(activity):
    return lambda: Activity.objects.filter(pk=activity.pk).values_list("title", flat=True).first()


@EVERYONE
def test_recording_an_activity_for_a_studio(world, name):
    hn = world.hn
    check_service(
        world,
        name,
        (*HAINAN_CENTRE, "host"),
        lambda actor: services.create_activity(
            actor=actor,
            programme=hn.programme,
            studios=[hn.studios[0]],
            activity_type="seminar",
            title="专题研讨",
            date=dt.date(2025, 10, 15),
        ),
        Activity,
    )


@EVERYONE
def test_recording_a_joint_activity_of_several_hosts_studios(world, name):
    hn = world.hn
    check_service(
        world,
        name,
        HAINAN_CENTRE,
        lambda actor: services.create_activity(
            actor=actor,
            programme=hn.programme,
            studios=hn.studios,
            activity_type="joint",
            title="联合研讨",
            date=dt.date(2025, 10, 15),
        ),
        Activity,
    )


@EVERYONE
def test_recording_a_cohort_session(world, name):
    hz = world.hz
    check_service(
        world,
        name,
        HANGZHOU_CENTRE,
        lambda actor: services.create_activity(
            actor=actor,
            programme=hz.programme,
            cohort=hz.cohort,
            activity_type="course",
            title="集中培训",
            date=dt.date(2026, 3, 20),
        ),
        Activity,
    )


@EVERYONE
def test_changing_an_activity(world, name):
    activity = seminar(world.hn)
    check_service(
        world,
        name,
        (*HAINAN_CENTRE, "host"),
        lambda actor: services.update_activity(actor=actor, activity=activity, title="改"),
        title_of(activity),
    )


@EVERYONE
def test_changing_a_joint_activity_is_the_centres(world, name):
    activity = seminar(world.hn, studios=(0, 1))
    check_service(
        world,
        name,
        HAINAN_CENTRE,
        lambda actor: services.update_activity(actor=actor, activity=activity, title="改"),
        title_of(activity),
    )


@EVERYONE
def test_deleting_an_activity(world, name):
    activity = seminar(world.hn)
    check_service(
        world,
        name,
        (*HAINAN_CENTRE, "host"),
        lambda actor: uploads.delete_activity_with_files(actor=actor, activity=activity),
        Activity,
    )


@EVERYONE
def test_taking_the_roll_call(world, name):
    hn = world.hn
    activity = seminar(hn)
    member = hn.members[hn.studios[0].pk][0]
    check_service(
        world,
        name,
        (*HAINAN_CENTRE, "host"),
        lambda actor: services.record_attendance(
            actor=actor, activity=activity, marks=[services.Mark(member.pk, "present")]
        ),
        Attendance,
    )


@EVERYONE
def test_attaching_and_removing_activity_files(world, name):
    activity = seminar(world.hn)
    stored = ActivityFile.objects.create(
        activity=activity, kind=ActivityFile.Kind.MATERIAL, name="方案.pdf"
    )
    allowed = (*HAINAN_CENTRE, "host")
    check_service(
        world,
        name,
        allowed,
        lambda actor: uploads.attach_activity_files(actor=actor, activity=activity, files=[]),
        ActivityFile,
    )
    check_service(
        world,
        name,
        allowed,
        lambda actor: uploads.remove_activity_file(actor=actor, activity_file=stored),
        ActivityFile,
    )


@EVERYONE
def test_crediting_curriculum_hours(world, name):
    trainee = world.hz.trainees[0]
    check_service(
        world,
        name,
        HANGZHOU_CENTRE,
        lambda actor: services.credit_hours(
            actor=actor,
            trainee=trainee,
            topic="humanities",
            hours=Decimal(4),
            credited_on=dt.date(2026, 6, 1),
            note="认定",
        ),
        CurriculumCredit,
    )


@EVERYONE
def test_handing_in_a_studio_deliverable(world, name):
    hn = world.hn
    check_service(
        world,
        name,
        (*HAINAN_CENTRE, "host"),
        lambda actor: services.submit_deliverable(
            actor=actor,
            programme=hn.programme,
            kind="studio_rules",
            title="工作制度",
            studio=hn.studios[0],
            body="第一条",
        ),
        Deliverable,
    )


@EVERYONE
def test_handing_in_a_trainees_deliverable(world, name):
    hz = world.hz
    check_service(
        world,
        name,
        (*HANGZHOU_CENTRE, "trainee"),
        lambda actor: services.submit_deliverable(
            actor=actor,
            programme=hz.programme,
            kind="development_plan",
            title="个人发展规划",
            principal=hz.trainees[0].principal,
            body="一人一方案。",
        ),
        Deliverable,
    )


@EVERYONE
def test_verifying_a_declared_length(world, name):
    hn = world.hn
    deliverable = Deliverable.objects.create(
        programme=hn.programme,
        kind="studio_rules",
        title="工作制度",
        studio=hn.studios[0],
        submitted_on=dt.date(2025, 10, 1),
        char_count=3000,
        count_source=CountSource.DECLARED,
    )
    check_service(
        world,
        name,
        HAINAN_CENTRE,
        lambda actor: services.verify_char_count(
            actor=actor, deliverable=deliverable, char_count=3000
        ),
        lambda: Deliverable.objects.filter(count_verified_at__isnull=False).count(),
    )


@EVERYONE
def test_registering_a_studio_project_and_its_outcome(world, name):
    hn = world.hn
    studio = hn.studios[0]
    allowed = (*HAINAN_CENTRE, "host")
    check_service(
        world,
        name,
        allowed,
        lambda actor: services.create_project(
            actor=actor,
            programme=hn.programme,
            studio=studio,
            leader=studio.host,
            title="课题",
            level="province",
            approved_on=dt.date(2025, 10, 1),
        ),
        ResearchProject,
    )
    project = services.create_project(
        actor=SYSTEM,
        programme=hn.programme,
        studio=studio,
        leader=studio.host,
        title="已立项课题",
        level="province",
        approved_on=dt.date(2025, 10, 1),
    )
    check_service(
        world,
        name,
        allowed,
        lambda actor: services.add_outcome(
            actor=actor,
            project=project,
            kind="paper",
            title="论文",
            achieved_on=dt.date(2026, 1, 5),
        ),
        ResearchOutcome,
    )


@EVERYONE
def test_registering_a_trainees_project(world, name):
    # A project already approved counts for the rules: the centre records it from the funder's
    # documents; the trainee applies instead (HZ-3.3.2).
    hz = world.hz
    check_service(
        world,
        name,
        HANGZHOU_CENTRE,
        lambda actor: services.create_project(
            actor=actor,
            programme=hz.programme,
            leader=hz.trainees[0].principal,
            title="课题",
            level="city",
            approved_on=dt.date(2026, 5, 1),
        ),
        ResearchProject,
    )


@EVERYONE
@pytest.mark.clause("HZ-3.3.2")
def test_applying_for_a_trainees_project(world, name):
    hz = world.hz
    check_service(
        world,
        name,
        (*HANGZHOU_CENTRE, "trainee"),
        lambda actor: research.register_project(
            actor=actor,
            trainee=hz.trainees[0],
            title="申报课题",
            level="city",
            applied_on=dt.date(2026, 3, 10),
        ),
        ResearchProject,
    )


@EVERYONE
@pytest.mark.clause("HZ-3.3.2")
def test_recording_a_projects_approval(world, name):
    hz = world.hz
    project = research.register_project(
        actor=SYSTEM,
        trainee=hz.trainees[0],
        title="申报课题",
        level="city",
        applied_on=dt.date(2026, 3, 10),
    )
    check_service(
        world,
        name,
        HANGZHOU_CENTRE,
        lambda actor: research.approve_project(
            actor=actor, project=project, approval_number="A-1", approved_on=dt.date(2026, 4, 1)
        ),
        lambda: ResearchProject.objects.get(pk=project.pk).stage,
    )
