import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from touyan.core.actors import Actor
from touyan.notifications.models import Notification
from touyan.records.models import Level, ResearchProject
from touyan.training.models import DevelopmentPlan
from touyan.training.services.comments import add_comment, thread_of

from .course import course

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HZ-3.3.4")]


def test_a_mentor_comments_on_a_plan_and_the_trainee_answers_in_the_thread():
    c = course()
    trainee = c.trainees[0]
    plan = DevelopmentPlan.objects.create(trainee=trainee)
    first = add_comment(actor=Actor(c.lead), target=plan, body="目标二可再具体些。")
    answer = add_comment(
        actor=Actor(c.account(trainee)), target=plan, body="已修改。", parent=first
    )
    again = add_comment(actor=Actor(c.mentor), target=plan, body="好。", parent=answer)
    assert again.parent == first  # one level of threads
    assert [x.body for x in thread_of(plan)] == ["目标二可再具体些。", "已修改。", "好。"]
    told = Notification.objects.filter(user=c.account(trainee))
    assert told.count() == 2
    assert Notification.objects.filter(user=c.lead).count() == 2


def test_only_the_trainees_own_mentors_the_centre_and_the_trainee_may_comment(cast):
    c = course()
    plan = DevelopmentPlan.objects.create(trainee=c.trainees[0])
    add_comment(actor=Actor(cast.hz_centre), target=plan, body="请按时提交。")
    for outsider in (c.other_mentor, c.account(c.trainees[1]), cast.nobody, cast.xihu):
        with pytest.raises(PermissionDenied):
            add_comment(actor=Actor(outsider), target=plan, body="意见")
    with pytest.raises(ValidationError):
        add_comment(actor=Actor(c.lead), target=plan, body="   ")


@pytest.mark.clause("HZ-3.3.2", "HZ-4.2.1")
def test_the_research_institute_comments_on_research_but_not_on_plans():
    c = course()
    trainee = c.trainees[0]
    project = ResearchProject.objects.create(
        programme=c.programme,
        leader=trainee.principal,
        title="集团化办学研究",
        level=Level.CITY,
        approved_on=dt.date(2026, 4, 1),
    )
    add_comment(actor=Actor(c.institute), target=project, body="研究设计需补充样本说明。")
    with pytest.raises(PermissionDenied):
        add_comment(
            actor=Actor(c.institute),
            target=DevelopmentPlan.objects.create(trainee=trainee),
            body="意见",
        )
