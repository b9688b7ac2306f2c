"""Tasks the host gives members (HN-4.2.2): assigned to every serving member or to those chosen,
handed in with a text or a file, accepted or returned with a comment (and handed in again);
overdue parts in both inboxes and counted in the member's record (``tasks_of_member``)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.access import ALLOWED, LOGIN, NOT_FOUND, check_access
from tests.files import pdf_bytes
from tests.programmes import SYSTEM
from tests.records.programme_people import with_hainan
from tests.refusals import HAINAN_CAST, check_service
from touyan.audit.models import AuditEntry
from touyan.core import inbox, registry
from touyan.core.actors import Actor
from touyan.core.transitions import AlreadyDone
from touyan.notifications.models import Notification
from touyan.programmes.models import StudioMember
from touyan.studios.models import Assignment, Task
from touyan.studios.selectors import overdue_count, tasks_of_member
from touyan.studios.services.tasks import assign_task, review_task, submit_task

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HN-4.2.2")]

TODAY = dt.date(2025, 10, 20)
S = Assignment.Status


@pytest.fixture
def hn(cast, pin_today):
    """Studio 0 (龙华区) hosted by ``cast.host`` with ``cast.member`` and two more members;
    studio 1 by ``cast.other_host``."""
    pin_today(TODAY)
    return with_hainan(cast, members=3)


def as_(user):
    return Actor(user=user)


def membership(cast, hn):
    return StudioMember.objects.get(studio=hn.studios[0], principal__user=cast.member)


def part_of(cast, hn, task):
    return Assignment.objects.get(task=task, member=membership(cast, hn))


def give(cast, hn, *, due=TODAY + dt.timedelta(days=10), members=None, title="读一本书"):
    return assign_task(
        actor=as_(cast.host),
        studio=hn.studios[0],
        title=title,
        description="写一篇读书心得",
        due_on=due,
        members=members,
    )


def items(user, prefix="studios.task"):
    return {item.key: item for item in inbox.items_for(user) if item.key.startswith(prefix)}


# Assigning ----------------------------------------------------------------------------------


def test_a_task_goes_to_every_serving_member_or_to_those_chosen(cast, hn):
    studio = hn.studios[0]
    left = StudioMember.objects.filter(studio=studio).exclude(principal__user=cast.member).first()
    left.left_on = TODAY - dt.timedelta(days=1)
    left.save()
    everyone = give(cast, hn)
    assert everyone.to_all
    assert everyone.assignments.count() == 2  # the member who left gets nothing
    assert not everyone.assignments.filter(member=left).exists()
    chosen = give(cast, hn, members=[membership(cast, hn)], title="写案例")
    assert not chosen.to_all
    assert [a.member.principal.user for a in chosen.assignments.all()] == [cast.member]
    assert AuditEntry.objects.filter(target_type__model="task").count() == 2
    assert Notification.objects.filter(user=cast.member, title__contains="写案例").exists()


def test_assigning_refuses_what_cannot_be_done(cast, hn):
    stranger = StudioMember.objects.filter(studio=hn.studios[1]).first()
    with pytest.raises(ValidationError) as refused:
        assign_task(
            actor=as_(cast.host),
            studio=hn.studios[0],
            title=" ",
            due_on=TODAY - dt.timedelta(days=1),
            members=[stranger],
        )
    errors = refused.value.message_dict
    assert errors["title"] == ["请填写任务名称"]
    assert errors["due_on"] == ["完成期限不能早于今天"]
    assert "不是本工作室的在册成员" in errors["members"][0]
    with pytest.raises(ValidationError, match="请至少选择一名成员"):
        give(cast, hn, members=[])
    assert not Task.objects.exists()


# The states ---------------------------------------------------------------------------------


def test_hand_in_return_hand_in_again_accept(cast, hn):
    part = part_of(cast, hn, give(cast, hn))
    member, host = as_(cast.member), as_(cast.host)
    with pytest.raises(ValidationError, match="请填写完成情况或上传附件"):
        submit_task(actor=member, assignment=part, text="  ")
    part = submit_task(actor=member, assignment=part, text="心得初稿")
    assert part.status == S.SUBMITTED and part.submitted_at is not None
    with pytest.raises(AlreadyDone, match="已提交，等待主持人审阅"):
        submit_task(actor=member, assignment=part, text="再交一次")
    with pytest.raises(ValidationError, match="退回时请写明"):
        review_task(actor=host, assignment=part, accept=False)
    part = review_task(actor=host, assignment=part, accept=False, note="请结合本校实际")
    assert (part.status, part.review_note) == (S.RETURNED, "请结合本校实际")
    assert Notification.objects.filter(user=cast.member, title__contains="被退回").exists()
    upload = SimpleUploadedFile("心得.pdf", pdf_bytes("essay"), content_type="application/pdf")
    part = submit_task(actor=member, assignment=part, text="修改稿", file=upload)
    assert part.status == S.SUBMITTED and part.file and part.file_name == "心得.pdf"
    part = review_task(actor=host, assignment=part, accept=True)
    assert part.status == S.ACCEPTED and part.reviewer_name
    with pytest.raises(AlreadyDone, match="已是“已完成”"):
        review_task(actor=host, assignment=part, accept=True)
    with pytest.raises(AlreadyDone, match="无需再提交"):
        submit_task(actor=member, assignment=part, text="又一稿")
    moves = AuditEntry.objects.filter(target_type__model="assignment", target_id=str(part.pk))
    assert moves.count() == 4


def test_a_file_that_is_not_what_it_says_is_refused(cast, hn):
    part = part_of(cast, hn, give(cast, hn))
    fake = SimpleUploadedFile("心得.pdf", b"MZ not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError, match="不是允许的文件类型"):
        submit_task(actor=as_(cast.member), assignment=part, text="心得", file=fake)
    part.refresh_from_db()
    assert part.status == S.ASSIGNED and not part.file


def test_a_member_who_left_hands_in_nothing(cast, hn):
    part = part_of(cast, hn, give(cast, hn))
    StudioMember.objects.filter(pk=part.member_id).update(left_on=TODAY - dt.timedelta(days=1))
    part = Assignment.objects.get(pk=part.pk)
    with pytest.raises(Exception) as refused:
        submit_task(actor=as_(cast.member), assignment=part, text="心得")
    assert refused.type.__name__ == "PermissionDenied"


# Overdue ------------------------------------------------------------------------------------


def test_overdue_parts_in_the_members_record_and_both_inboxes(cast, hn, pin_today):
    late_task = give(cast, hn, due=TODAY + dt.timedelta(days=1), title="调研报告")
    done_task = give(cast, hn, due=TODAY + dt.timedelta(days=1), title="听课记录")
    returned_task = give(cast, hn, due=TODAY + dt.timedelta(days=30), title="案例")
    member, host = as_(cast.member), as_(cast.host)
    done = submit_task(actor=member, assignment=part_of(cast, hn, done_task), text="记录")
    review_task(actor=host, assignment=done, accept=True)
    returned = submit_task(actor=member, assignment=part_of(cast, hn, returned_task), text="稿")
    review_task(actor=host, assignment=returned, accept=False, note="补充数据")
    pin_today(TODAY + dt.timedelta(days=5))
    mine = membership(cast, hn)
    record = {part.task.title: (part.status, part.late) for part in tasks_of_member(mine)}
    assert record == {
        "调研报告": (S.ASSIGNED, True),
        "听课记录": (S.ACCEPTED, False),
        "案例": (S.RETURNED, False),
    }
    assert overdue_count(mine) == 1
    # The member's archive (成员档案) shows the same, with the host's comment.
    (part,) = [p for p in registry.MEMBER_ARCHIVE.items(mine) if p.heading == "工作室任务"]
    assert part.summary == "共 3 项，已完成 1 项，逾期 1 项"
    assert ("调研报告", "待完成，已逾期", "2025-10-21") in part.rows
    assert ("案例", "退回修改：补充数据", "2025-11-19") in part.rows
    own = items(cast.member)
    assert own[f"studios.task:{part_of(cast, hn, late_task).pk}"].title == "任务已逾期：调研报告"
    assert own[f"studios.task:{part_of(cast, hn, returned_task).pk}"].title == (
        "任务被退回修改：案例"
    )
    assert len(own) == 2  # the accepted one is done
    studio = hn.studios[0]
    hosts = items(cast.host)
    late = hosts[f"studios.task_overdue:{studio.pk}"]
    assert late.count == 5  # the three members' 调研报告, the two others' 听课记录
    assert late.due == TODAY + dt.timedelta(days=1)
    assert any("调研报告" in label for label, _url in late.details())
    assert f"studios.task_review:{studio.pk}" not in hosts  # nothing waits for review
    assert items(cast.other_host) == {} and items(cast.hn_centre) == {}


def test_parts_handed_in_wait_in_the_hosts_inbox(cast, hn):
    task = give(cast, hn)
    submit_task(actor=as_(cast.member), assignment=part_of(cast, hn, task), text="心得")
    item = items(cast.host)[f"studios.task_review:{hn.studios[0].pk}"]
    assert item.count == 1 and item.url == reverse("studios:tasks", args=[hn.studios[0].pk])
    assert f"studios.task:{part_of(cast, hn, task).pk}" not in items(cast.member)


def test_my_studios_shows_the_overdue_count(client, cast, hn, pin_today):
    give(cast, hn, due=TODAY, title="调研报告")
    pin_today(TODAY + dt.timedelta(days=1))
    client.force_login(cast.member)
    assert "我的任务（1 项逾期）" in client.get(reverse("studios:mine")).content.decode()
    client.force_login(cast.host)
    assert "成员任务（3 项逾期）" in client.get(reverse("studios:mine")).content.decode()


# Who may ------------------------------------------------------------------------------------

EVERYONE = pytest.mark.parametrize("name", HAINAN_CAST)


@EVERYONE
def test_only_the_host_assigns(cast, hn, name):
    check_service(
        cast,
        name,
        ("superuser", "host"),
        lambda actor: assign_task(
            actor=actor, studio=hn.studios[0], title="任务", due_on=TODAY, members=None
        ),
        Task,
    )


@EVERYONE
def test_only_the_member_hands_in_their_part(cast, hn, name):
    part = part_of(
        cast, hn, assign_task(actor=SYSTEM, studio=hn.studios[0], title="任务", due_on=TODAY)
    )
    check_service(
        cast,
        name,
        ("superuser", "member"),
        lambda actor: submit_task(actor=actor, assignment=part, text="完成"),
        lambda: Assignment.objects.get(pk=part.pk).status,
    )


@EVERYONE
def test_only_the_host_reviews(cast, hn, name):
    part = part_of(
        cast, hn, assign_task(actor=SYSTEM, studio=hn.studios[0], title="任务", due_on=TODAY)
    )
    part = submit_task(actor=SYSTEM, assignment=part, text="完成")
    check_service(
        cast,
        name,
        ("superuser", "host"),
        lambda actor: review_task(actor=actor, assignment=part, accept=True),
        lambda: Assignment.objects.get(pk=part.pk).status,
    )


def test_who_sees_the_task_pages(client, cast, hn):
    studio = hn.studios[0]
    task = give(cast, hn)
    part = submit_task(
        actor=as_(cast.member),
        assignment=part_of(cast, hn, task),
        text="心得",
        file=SimpleUploadedFile("心得.pdf", pdf_bytes("essay"), content_type="application/pdf"),
    )
    nobody_else = {
        "other_host": NOT_FOUND,
        "hn_centre": NOT_FOUND,
        "hn_admin": NOT_FOUND,
        "longhua": NOT_FOUND,
        "hz_admin": NOT_FOUND,
        "nobody": NOT_FOUND,
        "own": NOT_FOUND,
        "anonymous": LOGIN,
    }
    host_only = {"host": ALLOWED, "member": NOT_FOUND, **nobody_else}
    check_access(client, cast, reverse("studios:tasks", args=[studio.pk]), host_only)
    check_access(client, cast, reverse("studios:task", args=[task.pk]), host_only)
    check_access(
        client,
        cast,
        reverse("studios:part_file", args=[part.pk]),
        {"host": ALLOWED, "member": ALLOWED, **nobody_else},
    )
    check_access(
        client,
        cast,
        reverse("studios:my_task", args=[part.pk]),
        {"host": NOT_FOUND, "member": ALLOWED, **nobody_else},
    )
    # Every principal has a task list of their own (an empty one when they have none).
    check_access(
        client,
        cast,
        reverse("studios:my_tasks"),
        {
            "host": ALLOWED,
            "member": ALLOWED,
            "other_host": ALLOWED,
            "hn_centre": NOT_FOUND,
            "nobody": NOT_FOUND,
            "anonymous": LOGIN,
        },
    )


def test_the_whole_cycle_in_the_pages(client, cast, hn):
    studio = hn.studios[0]
    client.force_login(cast.host)
    tasks_url = reverse("studios:tasks", args=[studio.pk])
    response = client.post(
        tasks_url,
        {"title": "写一份诊断报告", "description": "", "due_on": "2025-11-01", "to_all": "on"},
        follow=True,
    )
    assert "已分配任务“写一份诊断报告”给 3 名成员" in response.content.decode()
    task = Task.objects.get()
    part = part_of(cast, hn, task)
    client.force_login(cast.member)
    my_url = reverse("studios:my_task", args=[part.pk])
    response = client.post(my_url, {"text": ""})
    assert "请填写完成情况或上传附件" in response.content.decode()
    client.post(my_url, {"text": "诊断报告初稿"})
    client.force_login(cast.host)
    review_url = reverse("studios:review_part", args=[part.pk])
    response = client.post(review_url, {"decision": "return", "note": ""})
    assert response.status_code == 200 and "退回时请写明" in response.content.decode()
    client.post(review_url, {"decision": "return", "note": "请补充改进建议"})
    client.force_login(cast.member)
    page = client.get(my_url).content.decode()
    assert "请补充改进建议" in page and "重新提交" in page
    client.post(my_url, {"text": "诊断报告修改稿"})
    client.force_login(cast.host)
    client.post(review_url, {"decision": "accept", "note": ""})
    part.refresh_from_db()
    assert part.status == S.ACCEPTED and part.text == "诊断报告修改稿"
    # A member may not review, nor post to another member's part.
    client.force_login(cast.member)
    assert client.post(review_url, {"decision": "return", "note": "x"}).status_code == 404
