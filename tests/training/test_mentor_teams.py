import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied, ValidationError

from touyan.accounts.models import RoleGrant
from touyan.accounts.roles import Role
from touyan.audit.models import AuditEntry
from touyan.compliance.engine import evaluate
from touyan.core.actors import Actor
from touyan.records.models import Activity, Attendance, Audience
from touyan.records.services import Mark, expected_participants, record_attendance
from touyan.training.access import mentored_trainee_ids
from touyan.training.evidence import evidence_of
from touyan.training.models import MentoringSession, MentorTeam
from touyan.training.selectors.mentors import mentor_candidates
from touyan.training.services import mentors as services

from ..factories import UserFactory, grant
from .course import course

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HZ-3.3.4")]

DAY = dt.date(2026, 5, 20)


def _mentor_grants(user, programme):
    return RoleGrant.objects.filter(
        user=user, role=Role.MENTOR, scope_type__model="programme", scope_id=programme.pk
    )


def test_the_centre_forms_a_team_of_registry_experts_and_mentors_see_the_programme(cast):
    c = course(trainees=4, mentored=2)
    third = c.trainees[3]
    c.team.trainees.remove(c.trainees[1])  # frees a trainee for the new team
    expert = UserFactory(username="hz-expert-2", full_name="钱教授")
    grant(expert, Role.EXPERT, "330106")
    assert set(mentor_candidates(c.programme)) >= {expert, cast.expert}
    team = services.form_team(
        actor=Actor(cast.hz_centre),
        cohort=c.hz.cohort,
        name="三组",
        lead=expert,
        members=[cast.expert],
        trainees=[c.trainees[1]],
        affiliations={expert.pk: "浙江大学 教授"},
    )
    assert team.mentors.get(lead=True).user == expert
    assert team.mentors.get(user=expert).affiliation == "浙江大学 教授"
    assert _mentor_grants(expert, c.programme).exists()
    assert (
        expert.has_perm("programmes.view_programme", c.programme)
        or _mentor_grants(expert, c.programme).exists()
    )
    assert mentored_trainee_ids(expert) == {c.trainees[1].pk}
    assert AuditEntry.objects.filter(target_type__model="mentorteam").exists()
    # A trainee is on one team per cohort at most.
    with pytest.raises(ValidationError, match="只能在一个导师团队"):
        services.form_team(
            actor=Actor(cast.hz_centre),
            cohort=c.hz.cohort,
            name="四组",
            lead=cast.expert,
            trainees=[c.trainees[0], third],
        )


def test_only_the_centre_forms_changes_and_dissolves_teams(cast):
    c = course()
    for outsider in (c.lead, c.account(c.trainees[0]), cast.xihu, cast.expert, cast.nobody):
        with pytest.raises(PermissionDenied):
            services.form_team(actor=Actor(outsider), cohort=c.hz.cohort, name="五组", lead=c.lead)
        with pytest.raises(PermissionDenied):
            services.dissolve_team(actor=Actor(outsider), team=c.team)


def test_changing_a_team_moves_the_lead_and_members_and_dissolving_takes_the_grant(cast):
    c = course(trainees=3, mentored=2)
    newcomer = UserFactory(username="newcomer")
    team = services.change_team(
        actor=Actor(cast.hz_centre),
        team=c.team,
        lead=c.mentor,
        members=[newcomer],
        trainees=[c.trainees[0]],
    )
    rows = {m.user: m.lead for m in team.mentors.all()}
    assert rows == {c.mentor: True, newcomer: False}
    assert not _mentor_grants(c.lead, c.programme).exists()  # no team left in the programme
    assert _mentor_grants(newcomer, c.programme).exists()
    assert mentored_trainee_ids(c.mentor) == {c.trainees[0].pk}
    services.dissolve_team(actor=Actor(cast.hz_centre), team=team)
    assert not MentorTeam.objects.filter(pk=team.pk).exists()
    assert not _mentor_grants(newcomer, c.programme).exists()


def test_an_external_mentor_gets_an_account_without_password_and_a_link(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    from touyan.accounts.passwords import LinkBase

    c = course()
    with django_capture_on_commit_callbacks(execute=True):
        user = services.create_external_mentor(
            actor=Actor(cast.hz_centre),
            programme=c.programme,
            username="prof-zhou",
            full_name="周教授",
            email="zhou@example.edu.cn",
            link=LinkBase(domain="touyan.example", use_https=True),
        )
    assert not user.has_usable_password()
    assert user in mentor_candidates(c.programme)
    assert len(mailoutbox) == 1 and "zhou@example.edu.cn" in mailoutbox[0].to
    with pytest.raises(PermissionDenied):
        services.create_external_mentor(
            actor=Actor(c.lead),
            programme=c.programme,
            username="x",
            full_name="某",
            email="x@example.com",
        )


def test_a_mentor_records_a_session_that_counts_hours_under_the_mapped_topic(cast):
    c = course(trainees=3, mentored=2)
    present, absent = c.trainees[0], c.trainees[1]
    session = services.record_session(
        actor=Actor(c.lead),
        team=c.team,
        date=DAY,
        hours=Decimal("3"),
        title="办学思想梳理",
        summary="围绕“生长教育”梳理办学理念。",
        present=[present],
        today=DAY,
    )
    activity = session.activity
    assert activity.activity_type == "mentoring" and activity.topic == "philosophy"
    marks = dict(Attendance.objects.filter(activity=activity).values_list("principal_id", "status"))
    assert marks == {present.principal_id: "present"}  # held for those who came
    assert set(expected_participants(activity)) == {present.principal_id}
    assert absent.principal_id not in expected_participants(activity)
    evaluation = evaluate(c.programme, as_of=DAY)
    cell = evaluation.cells[(present.pk, "hz-curriculum-hours")]
    assert cell.verdicts[0].count == 3.0
    assert AuditEntry.objects.filter(target_type__model="mentoringsession").exists()
    # Another team's mentor, a trainee, a district officer may not.
    for outsider in (c.other_mentor, c.account(present), cast.xihu):
        with pytest.raises(PermissionDenied):
            services.record_session(
                actor=Actor(outsider),
                team=c.team,
                date=DAY,
                hours=Decimal("1"),
                title="x",
                today=DAY,
            )
    with pytest.raises(ValidationError):
        services.record_session(
            actor=Actor(c.lead),
            team=c.team,
            date=DAY,
            hours=Decimal("1"),
            title="不在本组",
            present=[c.trainees[2]],
            today=DAY,
        )
    assert MentoringSession.objects.count() == 1
    assert Activity.objects.filter(activity_type="mentoring").count() == 1


def test_a_session_is_owed_only_by_those_who_came(cast):
    """A team's session is not a session of the whole cohort: the trainees who did not come
    (of the team or not) neither owe it nor miss it, so their absence ceiling and schedule
    stay those of the cohort's own sessions."""
    c = course(trainees=3, mentored=2)
    came, stayed_away, other_team = c.trainees
    before = evaluate(c.programme, as_of=DAY)
    ratio = {t.pk: before.cells[(t.pk, "hz-absence-ratio")].verdicts[0] for t in c.trainees}
    session = services.record_session(
        actor=Actor(c.lead),
        team=c.team,
        date=DAY,
        hours=Decimal("3"),
        title="办学思想梳理",
        present=[came],
        today=DAY,
    )
    assert list(Audience.objects.values_list("principal_id", flat=True)) == [came.principal_id]
    after = evaluate(c.programme, as_of=DAY)
    # Nobody's absence ceiling moves: those away owe nothing, and a session that cannot be
    # missed does not raise the limit of the one who came; it adds to their hours.
    for trainee in (came, stayed_away, other_team):
        assert after.cells[(trainee.pk, "hz-absence-ratio")].verdicts[0] == ratio[trainee.pk]
    hours = "hz-curriculum-hours"
    assert after.cells[(came.pk, hours)] != before.cells[(came.pk, hours)]
    assert after.cells[(stayed_away.pk, hours)] == before.cells[(stayed_away.pk, hours)]
    # The completion review's evidence counts it as due of the one who came only.
    due = {t.pk: evidence_of(t)["attendance"]["scheduled"] for t in (came, stayed_away, other_team)}
    assert due[came.pk] == due[stayed_away.pk] + 1 == due[other_team.pk] + 1
    # The roll call of that session knows only who came: no one else can be marked on it.
    with pytest.raises(ValidationError, match="不是本次活动应到人员"):
        record_attendance(
            actor=Actor(cast.hz_centre),
            activity=session.activity,
            marks=[Mark(stayed_away.principal_id, Attendance.Status.ABSENT)],
            today=DAY,
        )
    with pytest.raises(ValidationError, match="请勾选"):
        services.record_session(
            actor=Actor(c.lead), team=c.team, date=DAY, hours=Decimal("1"), title="无人", today=DAY
        )


def test_the_centre_records_a_session_under_its_own_name(cast):
    c = course()
    session = services.record_session(
        actor=Actor(cast.hz_centre),
        team=c.team,
        date=DAY,
        hours=Decimal("2"),
        title="集中指导",
        present=c.trainees[:2],
        today=DAY,
    )
    assert session.activity.created_by == cast.hz_centre


def test_sessions_recorded_before_audiences_become_held_for_those_present(cast):
    """The data migration: a session of the whole cohort with absences for the team's others
    becomes a session held for those present, its absences gone."""
    c = course(trainees=3, mentored=2)
    came, away = c.trainees[0], c.trainees[1]
    session = services.record_session(
        actor=Actor(c.lead), team=c.team, date=DAY, hours=Decimal("2"), title="旧记录",
        present=[came], today=DAY,
    )  # fmt: skip
    activity = session.activity
    Audience.objects.filter(activity=activity).delete()  # as it was recorded before
    Attendance.objects.create(activity=activity, principal_id=away.principal_id, status="absent")
    migration = importlib.import_module(
        "touyan.training.migrations.0004_mentoring_sessions_held_for_those_present"
    )
    migration.hold_for_those_present(django_apps, None)
    assert set(expected_participants(activity)) == {came.principal_id}
    assert list(Attendance.objects.filter(activity=activity).values_list("status", flat=True)) == [
        "present"
    ]
    migration.hold_for_those_present(django_apps, None)  # a second run changes nothing
    assert Audience.objects.filter(activity=activity).count() == 1
