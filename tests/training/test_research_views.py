"""The research pages (HZ-3.3.2, HZ-4.2.1): the programme's projects for the centre and the
research institute, a trainee's projects, a project with its thread, the institute's grant."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.access import ALLOWED, NOT_FOUND, check_access
from tests.factories import UserFactory
from touyan.accounts.models import RoleGrant
from touyan.accounts.roles import Role
from touyan.audit.models import AuditEntry, Verb
from touyan.core.actors import Actor
from touyan.notifications.models import Notification
from touyan.records import research
from touyan.records.models import Level, ResearchProject
from touyan.training.models import Comment

from .people import matrix, with_course

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HZ-3.3.2")]
D = dt.date


def applied(c, index=0, title="集团化办学研究"):
    trainee = c.trainees[index]
    return research.register_project(
        actor=Actor(c.account(trainee)),
        trainee=trainee,
        title=title,
        level=Level.CITY,
        applied_on=D(2026, 3, 10),
    )


@pytest.mark.clause("HZ-4.2.1")
def test_the_programmes_research_list_is_for_the_centre_and_the_institute(client, cast):
    c = with_course(cast)
    applied(c)
    url = reverse("training:research", args=[c.programme.slug])
    check_access(
        client,
        cast,
        url,
        matrix(
            NOT_FOUND, superuser=ALLOWED, hz_admin=ALLOWED, hz_centre=ALLOWED, institute=ALLOWED
        ),
    )
    client.force_login(c.institute)
    page = client.get(url, {"stage": "applied"}).content.decode()
    assert "集团化办学研究" in page and "申报中" in page
    assert "集团化办学研究" not in client.get(url, {"stage": "approved"}).content.decode()
    assert "集团化办学研究" in client.get(url, {"q": "学员0"}).content.decode()


def test_a_trainees_research_page(client, cast):
    c = with_course(cast)
    applied(c)
    url = reverse("training:trainee_research", args=[c.programme.slug, c.trainees[0].pk])
    check_access(
        client,
        cast,
        url,
        matrix(
            NOT_FOUND,
            superuser=ALLOWED,
            hz_admin=ALLOWED,
            hz_centre=ALLOWED,
            xihu=ALLOWED,
            trainee=ALLOWED,
            lead=ALLOWED,
            other_mentor=ALLOWED,
            institute=ALLOWED,
        ),
    )
    client.force_login(cast.trainee)
    page = client.get(url).content.decode()
    apply_url = reverse("records:trainee_project_apply", args=[c.programme.slug, c.trainees[0].pk])
    assert apply_url in page and "集团化办学研究" in page


def test_the_trainee_applies_and_records_the_approval_on_the_pages(client, cast):
    c = with_course(cast)
    trainee = c.trainees[0]
    url = reverse("records:trainee_project_apply", args=[c.programme.slug, trainee.pk])
    check_access(
        client,
        cast,
        url,
        matrix(NOT_FOUND, superuser=ALLOWED, hz_admin=ALLOWED, hz_centre=ALLOWED, trainee=ALLOWED),
    )
    client.force_login(cast.trainee)
    response = client.post(
        url,
        {
            "title": "教师专业成长共同体研究",
            "level": "city",
            "funder": "杭州市教育科学规划办",
            "applied_on": "2026-03-20",
            "starts_on": "2026-04-01",
            "ends_on": "2027-06-30",
        },
    )
    project = ResearchProject.objects.get()
    assert response.url == reverse("training:project", args=[c.programme.slug, project.pk])
    assert project.stage == "applied" and project.funder == "杭州市教育科学规划办"
    stage_url = reverse("records:project_stage", args=[c.programme.slug, project.pk])
    check_access(
        client,
        cast,
        stage_url,
        matrix(NOT_FOUND, superuser=ALLOWED, hz_admin=ALLOWED, hz_centre=ALLOWED, trainee=ALLOWED),
    )
    # 立项 counts for the rules: the trainee cannot record it, the centre does.
    client.force_login(cast.trainee)
    approval = {"action": "approve", "on": "2026-04-10", "approval_number": "2026-HZ-08"}
    assert client.post(stage_url, approval).status_code == 200  # not a step offered to them
    project.refresh_from_db()
    assert project.stage == "applied"
    client.force_login(cast.hz_centre)
    response = client.post(stage_url, {"action": "approve", "on": "2026-04-10"})
    assert response.status_code == 200  # the approval number is missing
    response = client.post(stage_url, approval)
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.stage, project.approval_number) == ("approved", "2026-HZ-08")
    # Once approved, 未立项 is no longer offered; the trainee records the midterm.
    client.force_login(cast.trainee)
    page = client.get(stage_url).content.decode()
    assert 'value="reject"' not in page and 'value="midterm"' in page
    assert 'value="conclude"' not in page


@pytest.mark.clause("HZ-4.2.1")
def test_the_institute_reads_a_project_and_comments_and_the_trainee_is_told(client, cast):
    c = with_course(cast)
    project = applied(c)
    url = reverse("training:project", args=[c.programme.slug, project.pk])
    check_access(
        client,
        cast,
        url,
        matrix(
            NOT_FOUND,
            superuser=ALLOWED,
            hz_admin=ALLOWED,
            hz_centre=ALLOWED,
            xihu=ALLOWED,
            trainee=ALLOWED,
            lead=ALLOWED,
            other_mentor=ALLOWED,
            institute=ALLOWED,
        ),
    )
    client.force_login(c.institute)
    page = client.get(url).content.decode()
    assert "集团化办学研究" in page and "发表意见" in page and "登记进展" not in page
    response = client.post(url, {"body": "请补充研究方法与样本说明。"})
    assert response.status_code == 302
    first = Comment.objects.get()
    assert first.project == project and first.author == c.institute
    told = Notification.objects.get(user=cast.trainee)
    assert told.url == url
    client.force_login(cast.trainee)
    client.post(url, {"body": "已补充，请再审阅。", "parent": first.pk})
    assert Comment.objects.get(parent=first).author == cast.trainee
    assert Notification.objects.filter(user=c.institute).exists()
    page = client.get(url).content.decode()
    assert "请补充研究方法与样本说明。" in page and "已补充，请再审阅。" in page
    # A mentor of another team reads it but may not comment.
    client.force_login(c.other_mentor)
    client.post(url, {"body": "意见"})
    assert Comment.objects.count() == 2


@pytest.mark.clause("HZ-4.2.1")
def test_the_centre_grants_and_revokes_the_institutes_role_on_the_programme(client, cast):
    c = with_course(cast)
    url = reverse("training:institute_grants", args=[c.programme.slug])
    check_access(
        client,
        cast,
        url,
        matrix(NOT_FOUND, superuser=ALLOWED, hz_admin=ALLOWED, hz_centre=ALLOWED),
    )
    newcomer = UserFactory(username="jky-2")
    client.force_login(cast.hz_centre)
    assert client.post(url, {"username": "nobody-here"}).status_code == 200
    response = client.post(url, {"username": "jky-2"})
    assert response.status_code == 302
    grant = RoleGrant.objects.get(user=newcomer)
    assert (grant.role, grant.scope_id) == (Role.RESEARCH_INSTITUTE, c.programme.pk)
    assert AuditEntry.objects.filter(verb=Verb.GRANT, target_id=str(grant.pk)).exists()
    assert Notification.objects.filter(user=newcomer).exists()
    client.force_login(newcomer)
    research_url = reverse("training:research", args=[c.programme.slug])
    assert client.get(research_url).status_code == 200
    home = client.get(reverse("core:home")).content.decode()
    assert "课题指导" in home and "培养人选的研究课题" in home
    client.force_login(cast.hz_centre)
    client.post(url, {"revoke": grant.pk})
    assert not RoleGrant.objects.filter(user=newcomer).exists()
    assert AuditEntry.objects.filter(verb=Verb.REVOKE).exists()
    client.force_login(newcomer)
    assert client.get(research_url).status_code == 404
