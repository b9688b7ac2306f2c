"""Leave requests (HZ-3.4.1.1): asked before the session by the trainee, withdrawn while
pending, granted or refused by the centre before the session; 请假 only with granted leave."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from touyan.audit.models import AuditEntry
from touyan.core.actors import Actor
from touyan.notifications.models import Notification
from touyan.records.models import Attendance
from touyan.records.services import Mark, record_attendance
from touyan.training import inbox
from touyan.training.models import LeaveRequest
from touyan.training.services.leave import (
    decide_leave,
    request_leave,
    session_start,
    withdraw_leave,
)

from ..access import ALLOWED, LOGIN, NOT_FOUND, check_access
from .course import course
from .leave_kit import at, pin_clock, session

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HZ-3.4.1.1")]
DAY = dt.date(2026, 4, 10)


def ask(c, trainee, activity, now=None, reason="参加区教育局会议"):
    return request_leave(
        actor=Actor(c.account(trainee)),
        trainee=trainee,
        activity=activity,
        reason=reason,
        now=now or at(DAY - dt.timedelta(days=2)),
    )


def test_a_trainee_asks_the_centre_grants_and_the_trainee_is_told(cast):
    c = course()
    trainee, activity = c.trainees[0], session(c, DAY)
    leave = ask(c, trainee, activity)
    assert leave.state == LeaveRequest.State.REQUESTED
    [item] = inbox.leave_to_decide(cast.hz_centre)
    assert item.count == 1 and item.due == DAY
    assert inbox.leave_to_decide(c.account(trainee)) == []
    decide_leave(actor=Actor(cast.hz_centre), leave=leave, grant=True, note="同意", now=at(DAY, 7))
    leave.refresh_from_db()
    assert leave.state == LeaveRequest.State.GRANTED and leave.decided_by == cast.hz_centre
    assert Notification.objects.filter(user=c.account(trainee), title__contains="已批准").exists()
    assert inbox.leave_to_decide(cast.hz_centre) == []
    assert AuditEntry.objects.filter(note__in=["请假申请", "审批请假"]).count() == 2
    with pytest.raises(ValidationError, match="已由"):
        decide_leave(actor=Actor(cast.hz_centre), leave=leave, grant=False, note="重复")


def test_leave_is_asked_before_the_session_starts_and_never_granted_after():
    c = course()
    trainee = c.trainees[0]
    morning = session(c, DAY, start=dt.time(9, 0))
    with pytest.raises(ValidationError, match="开始前"):
        ask(c, trainee, morning, now=at(DAY, 9, 0))
    untimed = session(c, DAY + dt.timedelta(days=1), start=None)
    assert session_start(untimed) == at(DAY + dt.timedelta(days=1), 0, 0)
    with pytest.raises(ValidationError):
        ask(c, trainee, untimed, now=at(DAY + dt.timedelta(days=1), 0, 0))
    leave = ask(c, trainee, morning, now=at(DAY, 8, 59))
    with pytest.raises(ValidationError, match="不能再准假"):
        decide_leave(actor=Actor(None), leave=leave, grant=True, now=at(DAY, 9, 1))
    leave.refresh_from_db()
    assert leave.state == LeaveRequest.State.REQUESTED  # stays pending, shown as such
    with pytest.raises(ValidationError, match="理由"):
        decide_leave(actor=Actor(None), leave=leave, grant=False, now=at(DAY, 10))
    decide_leave(actor=Actor(None), leave=leave, grant=False, note="已开课", now=at(DAY, 10))


def test_only_the_trainee_asks_for_their_own_cohort_once_and_may_withdraw(cast):
    c = course()
    first, second = c.trainees[:2]
    activity = session(c, DAY)
    for outsider in (c.account(second), cast.hz_centre, c.lead):
        with pytest.raises(PermissionDenied):
            request_leave(
                actor=Actor(outsider), trainee=first, activity=activity, reason="x", now=at(DAY, 1)
            )
    with pytest.raises(ValidationError, match="事由"):
        ask(c, first, activity, reason="  ")
    leave = ask(c, first, activity)
    with pytest.raises(ValidationError, match="重复"):
        ask(c, first, activity)
    with pytest.raises(PermissionDenied):
        withdraw_leave(actor=Actor(c.account(second)), leave=leave)
    with pytest.raises(PermissionDenied):
        decide_leave(actor=Actor(c.lead), leave=leave, grant=True, now=at(DAY, 1))
    withdraw_leave(actor=Actor(c.account(first)), leave=leave)
    with pytest.raises(ValidationError, match="撤回"):
        decide_leave(actor=Actor(cast.hz_centre), leave=leave, grant=True, now=at(DAY, 1))
    assert ask(c, first, activity).state == LeaveRequest.State.REQUESTED  # asked again


@pytest.mark.clause("HZ-3.4.1")
def test_leave_is_recorded_only_when_granted_so_an_unexcused_absence_shows(cast):
    c = course()
    first, second = c.trainees[:2]
    activity = session(c, DAY)
    leave = ask(c, first, activity)
    centre = Actor(cast.hz_centre)
    marks = [Mark(first.principal_id, "leave"), Mark(second.principal_id, "leave")]
    with pytest.raises(ValidationError, match="学员0、学员1 没有获准的请假"):
        record_attendance(actor=centre, activity=activity, marks=marks, today=DAY)
    decide_leave(actor=centre, leave=leave, grant=True, now=at(DAY, 7))
    with pytest.raises(ValidationError, match="学员1 没有获准的请假"):
        record_attendance(actor=centre, activity=activity, marks=marks, today=DAY)
    record_attendance(
        actor=centre,
        activity=activity,
        marks=[marks[0], Mark(second.principal_id, "absent")],
        today=DAY,
    )
    assert dict(Attendance.objects.values_list("principal__name", "status")) == {
        "学员0": "leave",
        "学员1": "absent",
    }


def people(cast, c):
    return {
        "anonymous": None,
        "superuser": cast.superuser,
        "hz_admin": cast.hz_admin,
        "hz_centre": cast.hz_centre,
        "xihu": cast.xihu,
        "expert": cast.expert,
        "nobody": cast.nobody,
        "trainee": c.account(c.trainees[0]),
        "other_trainee": c.account(c.trainees[1]),
        "mentor": c.lead,
    }


def test_permission_matrix_of_the_leave_pages(client, cast, monkeypatch):
    pin_clock(monkeypatch, at(dt.date(2026, 4, 1)))
    c = course()
    activity = session(c, DAY)
    leave = ask(c, c.trainees[0], activity)
    cast_ = people(cast, c)
    trainees = {"trainee": ALLOWED, "other_trainee": ALLOWED}
    everyone_else = {name: NOT_FOUND for name in cast_} | {"anonymous": LOGIN}
    check_access(client, cast_, reverse("training:my_leave"), everyone_else | trainees)
    check_access(
        client,
        cast_,
        reverse("training:ask_leave", args=[activity.pk]),
        everyone_else | {"other_trainee": ALLOWED},  # the first already asked
    )
    signs_in = trainees | {"superuser": ALLOWED}  # who holds every permission; no code fits
    check_access(client, cast_, reverse("training:sign_in"), everyone_else | signs_in)
    centre = {"superuser": ALLOWED, "hz_admin": ALLOWED, "hz_centre": ALLOWED}
    check_access(
        client, cast_, reverse("training:leave_requests", args=["hz-2026"]), everyone_else | centre
    )
    check_access(
        client, cast_, reverse("training:decide_leave", args=[leave.pk]), everyone_else | centre
    )


def test_the_trainee_asks_and_withdraws_and_the_centre_decides_through_the_pages(
    client, cast, monkeypatch
):
    pin_clock(monkeypatch, at(dt.date(2026, 4, 1)))
    c = course()
    activity = session(c, DAY)
    trainee = c.account(c.trainees[0])
    client.force_login(trainee)
    page = client.get(reverse("training:my_leave")).content.decode()
    assert reverse("training:ask_leave", args=[activity.pk]) in page
    url = reverse("training:ask_leave", args=[activity.pk])
    assert client.post(url, {"reason": ""}).status_code == 200
    response = client.post(url, {"reason": "参加省里的会议"})
    assert response.status_code == 302
    leave = LeaveRequest.objects.get()
    assert "待审批" in client.get(reverse("training:my_leave")).content.decode()
    home = client.get("/").content.decode()
    assert "请假与签到" in home and "待审批" in home
    client.post(reverse("training:withdraw_leave", args=[leave.pk]))
    leave.refresh_from_db()
    assert leave.state == LeaveRequest.State.WITHDRAWN
    client.post(url, {"reason": "再次请假"})
    again = LeaveRequest.objects.exclude(state="withdrawn").get()
    client.force_login(cast.hz_centre)
    listing = client.get(reverse("training:leave_requests", args=["hz-2026"])).content.decode()
    assert "再次请假" in listing
    decide = reverse("training:decide_leave", args=[again.pk])
    refused = client.post(decide, {"decision": "refuse", "note": ""})
    assert "理由" in refused.content.decode()
    client.post(decide, {"decision": "grant", "note": "同意"})
    again.refresh_from_db()
    assert again.state == LeaveRequest.State.GRANTED


def test_the_demo_leave_story_is_built_through_the_services(cast):
    import random

    from touyan.demo.training_leave import build_leave

    c = course()
    today = dt.date(2026, 12, 6)
    for n in range(-3, 3):
        session(c, today + dt.timedelta(days=7 * n + (1 if n >= 0 else 0)))
    counts = build_leave(
        actor=Actor.command_line(), rng=random.Random(4), today=today, cohort=c.hz.cohort
    )
    assert counts == {"granted": 3, "refused": 1, "pending": 1, "codes": 0}
    states = sorted(LeaveRequest.objects.values_list("state", flat=True))
    assert states == ["granted", "granted", "granted", "refused", "requested"]
