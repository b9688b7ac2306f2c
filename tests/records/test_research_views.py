"""Research projects and their outcomes; recognised curriculum hours."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.access import ALLOWED, NOT_FOUND, check_access
from tests.programmes import SYSTEM
from tests.records.programme_people import matrix, with_hainan, with_hangzhou
from touyan.audit.models import AuditEntry, Verb
from touyan.records.models import CurriculumCredit, ResearchOutcome, ResearchProject
from touyan.records.services import create_project

pytestmark = pytest.mark.django_db


@pytest.mark.clause("HN-4.1.3")
def test_the_centre_and_the_host_register_a_studio_project_and_its_outcomes(client, cast):
    hn = with_hainan(cast, members=2)
    studio = hn.studios[0]
    url = reverse("records:studio_project_create", args=["hn-2025", studio.pk])
    check_access(
        client,
        cast,
        url,
        matrix(
            cast,
            NOT_FOUND,
            superuser=ALLOWED,
            hn_admin=ALLOWED,
            hn_centre=ALLOWED,
            host=ALLOWED,
        ),
    )
    client.force_login(cast.host)
    page = client.get(reverse("programmes:studio", args=["hn-2025", studio.pk])).content.decode()
    assert "<summary>登记课题</summary>" in page
    member = hn.members[studio.pk][0]
    response = client.post(
        url,
        {
            "leader": member.pk,
            "title": "农村初中课程建设研究",
            "level": "province",
            "approved_on": "2025-12-01",
        },
    )
    assert response.status_code == 302
    project = ResearchProject.objects.get()
    assert (project.studio, project.leader, project.level) == (studio, member, "province")
    assert AuditEntry.objects.filter(verb=Verb.CREATE, target_id=str(project.pk)).exists()

    outcome_url = reverse("records:outcome_create", args=["hn-2025", project.pk])
    client.force_login(cast.member)
    assert client.get(outcome_url).status_code == 404
    client.force_login(cast.host)
    response = client.post(
        outcome_url,
        {
            "kind": "paper",
            "title": "乡村学校课程图谱",
            "level": "province",
            "achieved_on": "2027-05-01",
        },
    )
    assert response.url == reverse("programmes:studio", args=["hn-2025", studio.pk])
    assert ResearchOutcome.objects.get().project == project
    page = client.get(response.url).content.decode()
    assert "农村初中课程建设研究" in page and "论文：乡村学校课程图谱（省级）" in page


def test_a_conclusion_before_approval_is_refused(client, cast):
    hn = with_hainan(cast, members=1)
    client.force_login(cast.hn_centre)
    response = client.post(
        reverse("records:studio_project_create", args=["hn-2025", hn.studios[0].pk]),
        {
            "leader": hn.studios[0].host_id,
            "title": "课题",
            "level": "city",
            "approved_on": "2026-01-01",
            "concluded_on": "2025-01-01",
        },
    )
    assert "结题日期不能早于立项日期" in response.content.decode()
    assert not ResearchProject.objects.exists()


@pytest.mark.clause("HZ-3.3.2", "HZ-3.T")
def test_the_centre_registers_a_project_led_by_a_trainee(client, cast):
    hz = with_hangzhou(cast)
    trainee = hz.trainees[0]
    url = reverse("records:trainee_project_create", args=["hz-2026", trainee.pk])
    check_access(
        client,
        cast,
        url,
        matrix(cast, NOT_FOUND, superuser=ALLOWED, hz_admin=ALLOWED, hz_centre=ALLOWED),
    )
    client.force_login(cast.hz_centre)
    client.post(url, {"title": "集团化办学研究", "level": "city", "approved_on": "2026-05-01"})
    project = ResearchProject.objects.get()
    assert project.leader == trainee.principal and project.studio is None
    client.post(
        reverse("records:outcome_create", args=["hz-2026", project.pk]),
        {"kind": "award", "title": "市教学成果奖", "level": "city", "achieved_on": "2027-06-01"},
    )
    client.force_login(cast.trainee)
    page = client.get(reverse("programmes:trainee", args=["hz-2026", trainee.pk])).content.decode()
    assert "集团化办学研究" in page and "获奖：市教学成果奖（市级）" in page


@pytest.mark.clause("HZ-3.2")
def test_the_centre_credits_recognised_hours_to_a_trainee(client, cast):
    hz = with_hangzhou(cast)
    trainee = hz.trainees[0]
    url = reverse("records:credit_create", args=["hz-2026", trainee.pk])
    check_access(
        client,
        cast,
        url,
        matrix(cast, NOT_FOUND, superuser=ALLOWED, hz_admin=ALLOWED, hz_centre=ALLOWED),
    )
    client.force_login(cast.hz_centre)
    form = client.get(url).content.decode()
    assert "名校长工作室组建与运行" in form
    response = client.post(
        url,
        {"topic": "forum", "hours": "4", "credited_on": "2026-11-02", "note": "省级论坛作报告"},
    )
    assert response.url == reverse("programmes:trainee", args=["hz-2026", trainee.pk])
    credit = CurriculumCredit.objects.get()
    assert (credit.topic, credit.hours) == ("forum", Decimal("4.0"))
    assert AuditEntry.objects.filter(note="学时认定", target_id=str(trainee.pk)).exists()
    page = client.get(response.url)
    assert ("高端论坛展示", Decimal("4.0")) in [(t.name, h) for t, h in page.context["curriculum"]]
    assert "省级论坛作报告" in page.content.decode()


def test_a_project_of_another_district_is_not_found(client, cast):
    hz = with_hangzhou(cast)
    project = create_project(
        actor=SYSTEM,
        programme=hz.programme,
        leader=hz.trainees[1].principal,
        title="滨江课题",
        level="city",
        approved_on=dt.date(2026, 5, 1),
    )
    client.force_login(cast.xihu)
    page = client.get(reverse("programmes:trainee", args=["hz-2026", hz.trainees[0].pk]))
    assert "滨江课题" not in page.content.decode()
    client.force_login(cast.hz_centre)
    assert (
        client.get(reverse("records:outcome_create", args=["hz-2026", project.pk])).status_code
        == 200
    )
