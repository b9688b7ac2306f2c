import datetime as dt

import pytest
from django.urls import reverse

from touyan.core.actors import Actor
from touyan.training.models import Comment, MilestoneProgress, PlanVersion
from touyan.training.services import plans as services

from ..access import check_access
from .course import course
from .test_mentor_pages import DAY, matrix, people
from .test_plans import draft

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HZ-3.3.3")]


def test_the_plan_page_is_for_the_trainee_their_mentors_and_the_centre(client, cast, pin_today):
    pin_today(DAY)
    c = course()
    trainee = c.trainees[0]
    readers = matrix({"trainee", "lead", "mentor", "centre"})
    url = reverse("training:plan", args=[trainee.pk])
    check_access(client, people(cast, c), url, readers)  # no plan yet: nothing is created
    version = draft(c, trainee)
    check_access(
        client,
        people(cast, c),
        reverse("training:plan_edit", args=[trainee.pk]),
        matrix({"trainee"}),
    )
    services.submit_plan(actor=Actor(c.account(trainee)), version=version)
    check_access(client, people(cast, c), url, readers)
    check_access(
        client,
        people(cast, c),
        reverse("training:plans_waiting", args=[c.programme.pk]),
        matrix({"centre"}),
    )


def test_a_plan_from_draft_to_approval_through_the_pages(client, cast, pin_today):
    pin_today(DAY)
    c = course()
    trainee = c.trainees[0]
    me = c.account(trainee)
    client.force_login(me)
    edit = reverse("training:plan_edit", args=[trainee.pk])
    assert client.get(edit).status_code == 200
    form = {
        "goal_philosophy": "凝练“和美教育”办学思想。",
        "goal_governance": "完善现代学校治理结构。",
        "actions": "建立学校发展咨询委员会。",
        "expected_results": "办学思想专著 1 部。",
        "m-TOTAL_FORMS": "3",
        "m-INITIAL_FORMS": "0",
        "m-0-title": "完成办学思想初稿",
        "m-0-due_on": "2026-09-30",
        "m-1-title": "",
        "m-2-title": "",
        "submit": "1",
    }
    response = client.post(edit, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    version = PlanVersion.objects.get(plan__trainee=trainee)
    assert version.state == PlanVersion.State.SUBMITTED
    assert [m.title for m in version.milestones.all()] == ["完成办学思想初稿"]
    client.force_login(c.lead)
    client.post(reverse("training:plan_comment", args=[trainee.pk]), {"body": "专著题目再斟酌。"})
    assert Comment.objects.filter(plan=version.plan).count() == 1
    client.force_login(cast.hz_centre)
    inbox = client.get(reverse("training:plans_waiting", args=[c.programme.pk])).content.decode()
    assert "学员0" in inbox
    client.post(reverse("training:plan_approve", args=[trainee.pk]), {"note": "同意。"})
    version.refresh_from_db()
    assert version.state == PlanVersion.State.APPROVED
    client.force_login(c.mentor)
    key = version.milestones.get().key
    client.post(
        reverse("training:plan_progress", args=[trainee.pk]),
        {"milestone": str(key), "status": "on_track", "note": "初稿已完成一半。"},
    )
    assert MilestoneProgress.objects.filter(milestone_key=key).exists()
    client.force_login(me)
    response = client.post(reverse("training:plan_revise", args=[trainee.pk]))
    assert response.status_code == 302
    page = client.get(reverse("training:plan", args=[trainee.pk])).content.decode()
    assert "第 2 版" in page and "初稿已完成一半" in page and "专著题目再斟酌" in page
    # Another trainee's attempt to approve is a 404, and changes nothing.
    client.force_login(c.account(c.trainees[1]))
    assert client.post(reverse("training:plan_approve", args=[trainee.pk])).status_code == 404


def test_the_centre_returns_a_plan_with_its_note_shown(client, cast, pin_today):
    pin_today(DAY)
    c = course()
    trainee = c.trainees[0]
    version = draft(c, trainee)
    services.submit_plan(actor=Actor(c.account(trainee)), version=version)
    client.force_login(cast.hz_centre)
    client.post(reverse("training:plan_return", args=[trainee.pk]), {"note": "请补充里程碑。"})
    client.force_login(c.account(trainee))
    page = client.get(reverse("training:plan", args=[trainee.pk])).content.decode()
    assert "请补充里程碑" in page and "退回修改" in page
    assert dt.date(2026, 6, 30).isoformat() in page
