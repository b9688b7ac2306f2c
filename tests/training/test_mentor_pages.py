import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from touyan.core.actors import Actor
from touyan.records.models import Deliverable
from touyan.records.services import submit_deliverable
from touyan.training.models import Comment, MentoringSession, MentorTeam
from touyan.training.services import mentors as mentor_services

from ..access import ALLOWED, LOGIN, NOT_FOUND, check_access
from .course import course

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HZ-3.3.4")]

DAY = dt.date(2026, 5, 20)


def people(cast, c) -> dict:
    """The matrix's people: trainee0 and 学员2 are on different teams (lead and mentor guide
    the first, other_mentor the second)."""
    return {
        "anonymous": None,
        "trainee": c.account(c.trainees[0]),
        "other_trainee": c.account(c.trainees[2]),
        "lead": c.lead,
        "mentor": c.mentor,
        "other_mentor": c.other_mentor,
        "centre": cast.hz_centre,
        "district": cast.xihu,
        "expert": cast.expert,
        "nobody": cast.nobody,
    }


def matrix(allowed: set[str]) -> dict[str, str]:
    names = [
        "trainee",
        "other_trainee",
        "lead",
        "mentor",
        "other_mentor",
        "centre",
        "district",
        "expert",
        "nobody",
    ]
    return {"anonymous": LOGIN, **{n: ALLOWED if n in allowed else NOT_FOUND for n in names}}


def test_the_mentor_workspace_is_for_mentors_only(client, cast, pin_today):
    pin_today(DAY)
    c = course()
    check_access(
        client,
        people(cast, c),
        reverse("training:mentor_workspace"),
        matrix({"lead", "mentor", "other_mentor"}),
    )
    client.force_login(c.lead)
    page = client.get(reverse("training:mentor_workspace")).content.decode()
    assert "学员0" in page and "学员1" in page and "学员2" not in page


def test_a_trainees_page_is_for_their_mentors_the_centre_and_themself(client, cast, pin_today):
    pin_today(DAY)
    c = course()
    url = reverse("training:trainee", args=[c.trainees[0].pk])
    check_access(client, people(cast, c), url, matrix({"trainee", "lead", "mentor", "centre"}))


def test_team_pages_are_the_centres(client, cast, pin_today):
    pin_today(DAY)
    c = course()
    centre = matrix({"centre"})
    cohort = c.hz.cohort.pk
    for url in (
        reverse("training:teams", args=[cohort]),
        reverse("training:team_new", args=[cohort]),
        reverse("training:external_mentor", args=[cohort]),
        reverse("training:team", args=[c.team.pk]),
    ):
        check_access(client, people(cast, c), url, centre)
    check_access(
        client,
        people(cast, c),
        reverse("training:session_new", args=[c.team.pk]),
        matrix({"lead", "mentor", "centre"}),
    )


def test_the_centre_forms_a_team_through_the_page(client, cast, pin_today):
    pin_today(DAY)
    c = course(trainees=4, mentored=2)
    MentorTeam.objects.get(name="二组").trainees.remove(c.trainees[3])
    client.force_login(cast.hz_centre)
    response = client.post(
        reverse("training:team_new", args=[c.hz.cohort.pk]),
        {"name": "三组", "lead": cast.expert.pk, "trainees": [c.trainees[3].pk]},
    )
    assert response.status_code == 302
    team = MentorTeam.objects.get(name="三组")
    assert list(team.trainees.all()) == [c.trainees[3]]
    # The same trainee cannot join a second team: the form says why.
    response = client.post(
        reverse("training:team_new", args=[c.hz.cohort.pk]),
        {"name": "四组", "lead": cast.expert.pk, "trainees": [c.trainees[0].pk]},
    )
    assert response.status_code == 200 and "只能在一个导师团队" in response.content.decode()


def test_a_mentor_records_a_session_and_comments_on_a_deliverable(client, cast, pin_today):
    pin_today(DAY)
    c = course()
    trainee = c.trainees[0]
    deliverable = submit_deliverable(
        actor=Actor(c.account(trainee)),
        programme=c.programme,
        kind="study_log",
        title="上海名校考察日志",
        principal=trainee.principal,
        body="考察记录。" * 50,
        today=DAY,
    )
    client.force_login(c.lead)
    response = client.post(
        reverse("training:session_new", args=[c.team.pk]),
        {
            "title": "课程领导力专题指导",
            "date": "2026-05-18",
            "hours": "2",
            "topic": "philosophy",
            "summary": "讨论课程图谱。",
            "present": [trainee.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert MentoringSession.objects.filter(team=c.team).count() == 1
    response = client.post(
        reverse("training:deliverable_comment", args=[trainee.pk, deliverable.pk]),
        {"body": "日志可增加反思部分。"},
    )
    assert response.status_code == 302
    assert Comment.objects.filter(deliverable=deliverable).count() == 1
    page = client.get(reverse("training:trainee", args=[trainee.pk])).content.decode()
    assert "日志可增加反思部分" in page and "课程领导力专题指导" in page
    # Another team's mentor may not comment on it.
    client.force_login(c.other_mentor)
    response = client.post(
        reverse("training:deliverable_comment", args=[trainee.pk, deliverable.pk]),
        {"body": "x"},
    )
    assert response.status_code == 404
    assert Deliverable.objects.count() == 1


def test_the_mentor_sees_their_card_and_menu_on_the_home_page(client, pin_today):
    pin_today(DAY)
    c = course()
    client.force_login(c.lead)
    page = client.get("/").content.decode()
    assert "我指导的培养人选" in page and reverse("training:mentor_workspace") in page


def _workspace_queries(client, user) -> int:
    client.force_login(user)
    url = reverse("training:mentor_workspace")
    assert client.get(url).status_code == 200  # warms the shared evaluation cache
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_workspace_reads_a_constant_number_of_queries(client, cast, pin_today):
    pin_today(DAY)
    c = course(trainees=20, mentored=5)
    mentor_services.record_session(
        actor=Actor(cast.hz_centre),
        team=c.team,
        date=DAY,
        hours=Decimal(2),
        title="导师指导",
        present=c.trainees[:5],
        today=DAY,
    )
    five = _workspace_queries(client, c.lead)
    MentorTeam.objects.get(name="二组").trainees.clear()
    c.team.trainees.set(c.trainees)
    twenty = _workspace_queries(client, c.lead)
    assert five == twenty
