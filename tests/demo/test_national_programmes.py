"""``touyan seed --programmes``: the national benchmark programmes, at a tiny scale."""

import datetime as dt
import random
from collections import defaultdict
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError

from touyan.audit.models import AuditEntry, Verb
from touyan.demo.bulk import FastWriter
from touyan.demo.national_programmes import ATTENDANCE_COLUMNS, cycle_start
from touyan.demo.record_texts import body_of
from touyan.demo.studio_records import Seat, StudioCalendar, StudioPlan, studio_records
from touyan.policies.models import Policy
from touyan.programmes.calendar import ProgrammeCalendar
from touyan.programmes.models import Cohort, Programme, Studio, StudioMember, Trainee
from touyan.programmes.policy import calendar_of, spec_of
from touyan.records.models import (
    Activity,
    Attendance,
    Deliverable,
    Organiser,
    ResearchOutcome,
    ResearchProject,
)
from touyan.records.services import expected_participants
from touyan.records.text import char_count

AS_OF = dt.date(2026, 11, 21)
TINY = ("--principals", "3000", "--programmes", "--studios", "20", "--cities", "1",
        "--cohort-size", "5", "--studio-batch", "8")  # fmt: skip
TABLES = (Programme, Studio, StudioMember, Cohort, Trainee, Activity, Organiser, Attendance,
          Deliverable, ResearchProject, ResearchOutcome, AuditEntry, Policy)  # fmt: skip


def run_seed(*args: str) -> str:
    out = StringIO()
    call_command("seed", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_a_tiny_national_seed_is_consistent_and_a_second_run_writes_nothing():
    seeded = run_seed(*TINY)
    check_programmes_are_published_under_national_policies(seeded)
    check_studios_have_a_host_and_ten_to_twelve_members_of_the_host_province(seeded)
    check_organisers_and_attendance_match_the_studios(seeded)
    check_place_schools_of_diagnoses_are_member_schools(seeded)
    check_training_sessions_cover_the_curriculum_hours_of_every_cohort(seeded)
    check_deliverables_and_projects_belong_to_their_programme(seeded)
    check_a_second_run_writes_nothing(seeded)


def test_cycle_starts_on_the_first_of_september_fourteen_months_earlier():
    assert cycle_start(AS_OF) == dt.date(2025, 9, 1)
    assert cycle_start(dt.date(2026, 11, 1)) == dt.date(2025, 9, 1)
    assert cycle_start(dt.date(2026, 10, 31)) == dt.date(2024, 9, 1)
    assert cycle_start(dt.date(2026, 6, 1)) == dt.date(2024, 9, 1)


def check_programmes_are_published_under_national_policies(seeded: str) -> None:
    studios = Programme.objects.get(slug="national-studios")
    training = Programme.objects.get(slug="national-training")
    assert studios.policy_version.policy.slug == "national-studios"
    assert studios.policy_version.policy.name == "全国卓越校长工作室（基准）"
    assert training.policy_version.policy.slug == "national-training"
    assert studios.jurisdiction_id == training.jurisdiction_id == "110000"
    assert studios.starts_on == dt.date(2025, 9, 1)
    assert spec_of(training).members.cohorts == 3
    assert studios.themes.count() == 3
    for programme in (studios, training):
        entry = AuditEntry.objects.get(verb=Verb.IMPORT, target_id=str(programme.pk))
        assert entry.note.startswith("基准测试数据")
        assert entry.changes["activities"][1] == programme.activities.count()
    assert "national-studios 第1/3批" in seeded


def check_studios_have_a_host_and_ten_to_twelve_members_of_the_host_province(seeded: str) -> None:
    programme = Programme.objects.get(slug="national-studios")
    studios = Studio.objects.filter(programme=programme).select_related("host__school")
    assert studios.count() == 20
    taken = set()
    for studio in studios:
        assert studio.base_school_id == studio.host.school_id
        assert studio.region_id == studio.host.school.region_id
        assert studio.name == f"{studio.host.name}中学卓越校长工作室"
        members = list(studio.members.select_related("principal__school"))
        serving = [m for m in members if m.left_on is None]
        assert 10 <= len(serving) <= 12
        for member in members:
            assert member.principal.school.region_id[:2] == studio.region_id[:2]
            assert member.principal_id != studio.host_id
        people = {studio.host_id, *(m.principal_id for m in members)}
        assert not people & taken
        taken |= people
    trainees = set(
        Trainee.objects.filter(cohort__programme__slug="national-training").values_list(
            "principal_id", flat=True
        )
    )
    assert len(trainees) == 15
    assert not trainees & taken


def check_organisers_and_attendance_match_the_studios(seeded: str) -> None:
    programme = Programme.objects.get(slug="national-studios")
    activities = Activity.objects.filter(programme=programme)
    assert 90 * 20 < activities.count() < 150 * 20
    assert not activities.filter(date__gt=AS_OF).exists()
    organisers = defaultdict(set)
    for activity_id, studio_id, cohort_id, studio_programme in Organiser.objects.filter(
        activity__programme=programme
    ).values_list("activity_id", "studio_id", "cohort_id", "studio__programme_id"):
        assert cohort_id is None and studio_programme == programme.pk
        organisers[activity_id].add(studio_id)
    assert set(organisers) == set(activities.values_list("pk", flat=True))
    hosts = dict(Studio.objects.filter(programme=programme).values_list("pk", "host_id"))
    seats = defaultdict(list)
    for studio, principal, joined, left in StudioMember.objects.filter(
        studio__programme=programme
    ).values_list("studio_id", "principal_id", "joined_on", "left_on"):
        seats[studio].append((principal, joined, left))
    present = defaultdict(set)
    for activity_id, principal in Attendance.objects.filter(
        activity__programme=programme
    ).values_list("activity_id", "principal_id"):
        present[activity_id].add(principal)
    for activity_id, day in activities.values_list("pk", "date"):
        expected = set()
        for studio in organisers[activity_id]:
            expected.add(hosts[studio])
            expected |= {
                p
                for p, joined, left in seats[studio]
                if joined <= day and (left is None or day <= left)
            }
        assert present[activity_id] == expected, activity_id
    for activity in activities.order_by("?")[:20]:
        assert set(expected_participants(activity)) == present[activity.pk]
    statuses = set(Attendance.objects.values_list("status", flat=True))
    assert statuses <= set(Attendance.Status.values) and Attendance.Status.PRESENT in statuses


def check_place_schools_of_diagnoses_are_member_schools(seeded: str) -> None:
    programme = Programme.objects.get(slug="national-studios")
    member_schools = defaultdict(set)
    for studio, school in StudioMember.objects.filter(studio__programme=programme).values_list(
        "studio_id", "principal__school_id"
    ):
        member_schools[studio].add(school)
    diagnoses = Organiser.objects.filter(
        activity__programme=programme, activity__activity_type="diagnosis"
    ).values_list("studio_id", "activity__place_school_id")
    assert diagnoses
    for studio, school in diagnoses:
        assert school in member_schools[studio]
    outreach = Activity.objects.filter(
        programme=programme, activity_type__in=["outreach", "onsite_guidance", "paired_assistance"]
    )
    assert outreach.exists()
    assert outreach.filter(place_school__is_rural=True).exists()


def check_training_sessions_cover_the_curriculum_hours_of_every_cohort(seeded: str) -> None:
    programme = Programme.objects.get(slug="national-training")
    curriculum = {topic.code: topic.hours for topic in spec_of(programme).curriculum.topics}
    cohorts = list(Cohort.objects.filter(programme=programme))
    assert [c.starts_on for c in cohorts] == [
        dt.date(2025, 9, 1),
        dt.date(2026, 3, 1),
        dt.date(2026, 9, 1),
    ]
    hours = defaultdict(lambda: defaultdict(int))
    for cohort_id, topic, value in Organiser.objects.filter(cohort__in=cohorts).values_list(
        "cohort_id", "activity__topic", "activity__hours"
    ):
        hours[cohort_id][topic] += value
    assert not Organiser.objects.filter(activity__programme=programme, studio__isnull=False)
    for cohort in cohorts:
        assert dict(hours[cohort.pk]) == curriculum
        end = calendar_of(programme, cohort=cohort).end
        sessions = Activity.objects.filter(organisers__cohort=cohort)
        assert sessions.filter(date__gt=AS_OF).exists()  # the schedule runs to the end
        assert not sessions.filter(date__lt=cohort.starts_on).exists()
        assert not sessions.filter(date__gt=end).exists()
        trainees = set(cohort.trainees.values_list("principal_id", flat=True))
        for session in sessions.prefetch_related("attendance"):
            marked = {a.principal_id for a in session.attendance.all()}
            assert marked == (trainees if session.date <= AS_OF else set())


def check_deliverables_and_projects_belong_to_their_programme(seeded: str) -> None:
    studios = Programme.objects.get(slug="national-studios")
    training = Programme.objects.get(slug="national-training")
    for deliverable in Deliverable.objects.all():
        assert deliverable.char_count == char_count(deliverable.body)
        assert deliverable.submitted_on <= AS_OF
        assert spec_of(deliverable.programme).deliverable_kind(deliverable.kind) is not None
        if deliverable.programme_id == studios.pk:
            assert deliverable.studio.programme_id == studios.pk
        else:
            assert deliverable.studio_id is None
            assert Trainee.objects.filter(
                cohort__programme=training, principal_id=deliverable.principal_id
            ).exists()
    assert ResearchProject.objects.filter(programme=studios).exists()
    assert ResearchProject.objects.filter(programme=training, studio__isnull=True).exists()
    for activity in Activity.objects.all()[:500]:
        assert spec_of(activity.programme).activity_type(activity.activity_type) is not None


def check_a_second_run_writes_nothing(seeded: str) -> None:
    before = {model: model.objects.count() for model in TABLES}
    again = run_seed(*TINY)
    assert {model: model.objects.count() for model in TABLES} == before
    assert "national-studios：项目已存在，跳过" in again
    assert "national-training：项目已存在，跳过" in again


def test_a_studio_record_is_the_same_from_the_same_seed():
    calendar = ProgrammeCalendar(spec_of_preset_calendar(), dt.date(2025, 9, 1))
    days = StudioCalendar(calendar, AS_OF)
    seats = [Seat(100 + n, f"成员{n}", 200 + n, f"学校{n}", dt.date(2025, 9, 1)) for n in range(11)]
    plan = StudioPlan(0, 1, "工作室", 99, "主持人", 9, "基地学校", "110101", seats, [(7, "村小")],
                      [(8, "城区学校")])  # fmt: skip
    first = studio_records(plan, days, random.Random(5))
    second = studio_records(plan, days, random.Random(5))
    assert first == second
    assert 90 < len(first.activities) < 160
    seminars = {a.date.replace(day=1) for a in first.activities if a.activity_type == "seminar"}
    assert len(seminars) >= 10


@pytest.mark.django_db
def test_a_load_with_a_dangling_reference_fails():
    writer = FastWriter()
    writer.begin()
    if not writer.checks_deferred:
        pytest.skip("the database checks foreign keys itself here (SQLite, or not a superuser)")
    ids = writer.reserve(Attendance, 1)
    stamp = dt.datetime(2026, 11, 21, 12, tzinfo=dt.UTC)
    writer.write(
        Attendance,
        ATTENDANCE_COLUMNS,
        [(ids[0], 10**9, 10**9, Attendance.Status.PRESENT, False, "", stamp, None)],
    )
    with pytest.raises(IntegrityError, match="records_attendance.activity_id"):
        writer.finish()


def test_bodies_are_as_long_as_they_say():
    body, chars = body_of(random.Random(1), 10_000)
    assert chars == char_count(body) >= 10_000


def spec_of_preset_calendar():
    from touyan.policies.loading import load_policy
    from touyan.policies.presets import preset_text

    return load_policy(preset_text("hainan-studios")).calendar
