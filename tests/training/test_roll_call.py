"""Roll call on a phone and session codes (HZ-3.4.1): granted leave pre-filled, codes that
mark only the trainee present while open, wrong codes throttled, closing the roll."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from touyan.compliance.engine import evaluate
from touyan.core.actors import Actor
from touyan.policies.presets import preset_text
from touyan.policies.services import publish_policy
from touyan.programmes.models import Programme
from touyan.records.models import Attendance
from touyan.training.models import SessionCode
from touyan.training.services import roll_call
from touyan.training.services.leave import decide_leave, request_leave

from ..access import ALLOWED, LOGIN, NOT_FOUND, check_access
from ..programmes import SYSTEM
from .course import course
from .leave_kit import at, pin_clock, session
from .test_leave import people

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HZ-3.4.1")]
DAY = dt.date(2026, 4, 10)


def granted(c, trainee, activity, centre):
    leave = request_leave(
        actor=Actor(c.account(trainee)),
        trainee=trainee,
        activity=activity,
        reason="病假",
        now=at(activity.date - dt.timedelta(days=1)),
    )
    return decide_leave(
        actor=Actor(centre), leave=leave, grant=True, now=at(activity.date - dt.timedelta(days=1))
    )


def statuses(activity):
    return dict(
        Attendance.objects.filter(activity=activity).values_list("principal__name", "status")
    )


@pytest.mark.clause("HZ-3.4.1.1")
def test_codes_mark_only_the_trainee_only_while_open_and_closing_fills_the_rest(cast):
    c = course(trainees=4)
    activity = session(c, DAY)
    first, second, third, fourth = c.trainees
    granted(c, third, activity, cast.hz_centre)
    centre = Actor(cast.hz_centre)
    with pytest.raises(ValidationError, match="当天"):
        roll_call.open_code(actor=centre, activity=activity, now=at(DAY - dt.timedelta(days=1)))
    with pytest.raises(PermissionDenied):
        roll_call.open_code(actor=Actor(c.account(first)), activity=activity, now=at(DAY))
    code = roll_call.open_code(actor=centre, activity=activity, minutes=10, now=at(DAY, 8, 50))
    assert len(code.code) == 6 and code.code.isdigit()
    wrong = f"{(int(code.code) + 1) % 10**6:06d}"
    with pytest.raises(ValidationError, match="签到码不对"):
        roll_call.sign_in(actor=Actor(c.account(first)), code=wrong, now=at(DAY, 8, 55))
    roll_call.sign_in(actor=Actor(c.account(first)), code=code.code, now=at(DAY, 8, 55))
    with pytest.raises(ValidationError, match="结束"):  # closed after ten minutes
        roll_call.sign_in(actor=Actor(c.account(second)), code=code.code, now=at(DAY, 9, 1))
    with pytest.raises(PermissionDenied):  # not a trainee
        roll_call.sign_in(actor=Actor(cast.hz_centre), code=code.code, now=at(DAY, 8, 55))
    assert statuses(activity) == {"学员0": "present"}
    assert roll_call.close_roll(actor=centre, activity=activity, now=at(DAY, 12)) == 3
    assert statuses(activity) == {
        "学员0": "present",
        "学员1": "absent",  # 未经同意
        "学员2": "leave",
        "学员3": "absent",
    }
    assert fourth.principal.name == "学员3"


def test_the_roll_call_page_prefills_granted_leave_and_refuses_leave_otherwise(
    client, cast, monkeypatch
):
    pin_clock(monkeypatch, at(DAY, 9, 30))
    c = course(trainees=3)
    activity = session(c, DAY)
    first, second, third = c.trainees
    granted(c, second, activity, cast.hz_centre)
    url = reverse("training:roll_call", args=["hz-2026", activity.pk])
    centre_only = {name: NOT_FOUND for name in people(cast, c)} | {
        "anonymous": LOGIN,
        "superuser": ALLOWED,
        "hz_admin": ALLOWED,
        "hz_centre": ALLOWED,
    }
    cast_ = people(cast, c)
    check_access(client, cast_, url, centre_only)
    check_access(client, cast_, reverse("training:sessions", args=["hz-2026"]), centre_only)
    client.force_login(cast.hz_centre)
    page = client.get(url).content.decode()
    assert "已准假" in page
    assert page.count('value="leave"') == 1  # only the trainee with granted leave may have it
    # 请假 for a trainee without granted leave is refused, however it is posted.
    refused = client.post(
        url, {f"status_{first.principal_id}": "leave", f"status_{second.principal_id}": "leave"}
    )
    assert refused.status_code == 200 and not Attendance.objects.exists()
    client.post(
        url,
        {
            f"status_{first.principal_id}": "present",
            f"status_{second.principal_id}": "leave",
        },
    )
    assert statuses(activity) == {"学员0": "present", "学员1": "leave"}
    client.post(reverse("training:open_code", args=["hz-2026", activity.pk]), {"minutes": 20})
    code = SessionCode.objects.get()
    assert code.code in client.get(url).content.decode()
    client.post(reverse("training:close_code", args=["hz-2026", activity.pk]))
    assert roll_call.open_code_of(activity) is None
    client.post(reverse("training:close_roll", args=["hz-2026", activity.pk]))
    assert statuses(activity)["学员2"] == "absent"
    for name in ("open_code", "close_code", "close_roll"):
        client.force_login(c.account(first))
        response = client.post(reverse(f"training:{name}", args=["hz-2026", activity.pk]))
        assert response.status_code == 404


@pytest.mark.clause("HZ-3.4.1.1")
def test_wrong_codes_are_throttled_per_trainee(client, cast, monkeypatch):
    pin_clock(monkeypatch, at(DAY, 9, 0))
    c = course(trainees=2)
    activity = session(c, DAY)
    code = roll_call.open_code(actor=Actor(cast.hz_centre), activity=activity)
    client.force_login(c.account(c.trainees[0]))
    url = reverse("training:sign_in")
    wrong = f"{(int(code.code) + 1) % 10**6:06d}"
    answers = [client.post(url, {"code": wrong}).status_code for _ in range(6)]
    assert answers == [200] * 5 + [429]
    assert client.post(url, {"code": code.code}).status_code == 429  # must wait first
    assert not Attendance.objects.exists()
    client.force_login(c.account(c.trainees[1]))
    assert client.post(url, {"code": code.code}).status_code == 302
    assert statuses(activity) == {"学员1": "present"}


@pytest.mark.parametrize(
    "unit, with_leave, expected",
    [
        # 5 sessions: two of 2 学时 and three of 6 学时 = 22 学时; at most 1/5 absent.
        # 学员0: granted leave at one 6-学时 session; 学员1: absent at one 2-学时 session.
        # Near the limit is 临界 (at risk), over it is missed (淘汰审议).
        ("sessions", True, {"学员0": "at_risk", "学员1": "at_risk"}),  # 1 of 5 each: the limit
        ("hours", True, {"学员0": "missed", "学员1": "at_risk"}),  # 6 of 22 > 4.4; 2 of 22
        ("hours", False, {"学员0": "met", "学员1": "at_risk"}),  # granted leave not counted
    ],
)
def test_the_absence_ratio_counts_in_the_policys_unit_with_leave_as_it_says(
    cast, unit, with_leave, expected
):
    c = course(trainees=2)
    text = preset_text("hangzhou-training")
    rule = text.index('id = "hz-absence-ratio"')
    block = text[rule : text.index("[[rules]]", rule)]
    changed = block.replace('unit = "hours"', f'unit = "{unit}"').replace(
        "leave_counts_as_absence = true", f"leave_counts_as_absence = {str(with_leave).lower()}"
    )
    version = publish_policy(actor=SYSTEM, text=text.replace(block, changed))
    Programme.objects.filter(pk=c.programme.pk).update(policy_version=version)
    c.programme.refresh_from_db()
    days = [DAY + dt.timedelta(days=7 * n) for n in range(5)]
    hours = [2, 6, 2, 6, 6]
    sessions = [
        session(c, day, hours=Decimal(h), topic="humanities")
        for day, h in zip(days, hours, strict=True)
    ]
    first, second = c.trainees
    granted(c, first, sessions[1], cast.hz_centre)
    centre = Actor(cast.hz_centre)
    for activity in sessions:
        roll_call.take_roll(
            actor=centre,
            activity=activity,
            statuses={
                first.principal_id: "leave" if activity == sessions[1] else "present",
                second.principal_id: "absent" if activity == sessions[0] else "present",
            },
            today=days[-1],
        )
    result = evaluate(c.programme, as_of=days[-1])
    states = {
        t.principal.name: result.cells[(t.pk, "hz-absence-ratio")].state.value for t in c.trainees
    }
    assert states == expected
