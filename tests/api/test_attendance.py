"""Attendance through the API: idempotent marks, only the expected people, what each user sees."""

import pytest

from touyan.audit.models import AuditEntry
from touyan.programmes import services as programme_services
from touyan.records.models import Attendance
from touyan.training.models import LeaveRequest

from ..factories import UserFactory
from ..programmes import SYSTEM, hainan, hangzhou
from .helpers import send, token_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(client, cast):
    hz = hangzhou(trainees=4)
    body = {
        "activity_type": "course",
        "title": "开班集中培训",
        "date": "2026-03-12",
        "cohort_id": hz.cohort.pk,
    }
    created = send(
        client,
        "POST",
        f"/programmes/{hz.programme.slug}/activities",
        body,
        key=token_for(cast.hz_centre),
    )
    hz.activity_id = created.json()["id"]
    return hz


@pytest.mark.clause("HZ-3.4.1")
def test_marking_is_idempotent_and_records_approved_leave(client, cast, session):
    key = token_for(cast.hz_centre)
    path = f"/activities/{session.activity_id}/attendance"
    first, second = session.trainees[0].principal_id, session.trainees[1].principal_id
    marks = [
        {"principal_id": first, "status": "present", "presented": True, "note": "作专题报告"},
        {"principal_id": second, "status": "leave", "note": "经批准请假"},
    ]
    LeaveRequest.objects.create(  # 请假 at a cohort's session needs granted leave (HZ-3.4.1.1)
        trainee=session.trainees[1], activity_id=session.activity_id, reason="会议", state="granted"
    )
    assert send(client, "PUT", path, marks, key=key).json() == {"changed": 2}
    entries = AuditEntry.objects.filter(source="api", note="考勤").count()
    assert send(client, "PUT", path, marks, key=key).json() == {"changed": 0}
    assert AuditEntry.objects.filter(source="api", note="考勤").count() == entries == 1
    marks[1]["status"] = "absent"
    assert send(client, "PUT", path, marks, key=key).json() == {"changed": 1}
    rows = {row["principal_id"]: row for row in send(client, "GET", path, key=key).json()}
    assert len(rows) == 4 and all(row["expected"] for row in rows.values())
    assert (rows[first]["status"], rows[first]["presented"]) == ("present", True)
    assert rows[second]["status"] == "absent"
    assert rows[session.trainees[2].principal_id]["status"] is None


def test_strangers_and_repeats_are_refused_without_naming_anyone(client, cast, session):
    key = token_for(cast.hz_centre)
    path = f"/activities/{session.activity_id}/attendance"
    own = session.trainees[0].principal_id
    response = send(
        client,
        "PUT",
        path,
        [
            {"principal_id": own, "status": "present"},
            {"principal_id": own, "status": "absent"},
            {"principal_id": cast.binjiang_principal.pk, "status": "present"},
        ],
        key=key,
    )
    assert response.status_code == 400
    assert response.json()["detail"] == [
        {"field": "[1].principal_id", "in": "body", "message": f"{own} 在列表中出现了不止一次"},
        {
            "field": "[2].principal_id",
            "in": "body",
            "message": f"{cast.binjiang_principal.pk} 不是本次活动的应到人员",
        },
    ]
    assert "滨江校长" not in response.content.decode()
    assert Attendance.objects.count() == 0


@pytest.mark.clause("HN-4.1.5")
def test_a_host_takes_the_attendance_of_their_own_studio_at_a_joint_activity(client, cast):
    hn = hainan(studios=2, members=1)
    host = UserFactory()
    hn.studios[0].host.user = host
    hn.studios[0].host.save()
    body = {
        "activity_type": "joint",
        "title": "两室联合研修",
        "date": "2025-10-15",
        "studio_ids": [hn.studios[0].pk, hn.studios[1].pk],
    }
    # A joint activity is recorded by the centre; each host marks their own studio's people.
    created = send(
        client,
        "POST",
        f"/programmes/{hn.programme.slug}/activities",
        body,
        key=token_for(cast.hn_admin),
    )
    path = f"/activities/{created.json()['id']}/attendance"
    own = hn.members[hn.studios[0].pk][0].pk
    partner = hn.members[hn.studios[1].pk][0].pk
    mine = [{"principal_id": own, "status": "present"}]
    assert send(client, "PUT", path, mine, key=token_for(host)).json() == {"changed": 1}
    theirs = send(
        client, "PUT", path, [{"principal_id": partner, "status": "present"}], key=token_for(host)
    )
    assert theirs.status_code == 400
    assert theirs.json()["detail"][0]["message"].startswith(f"{partner} 不属于您主持的工作室")
    everyone = send(
        client,
        "PUT",
        path,
        [{"principal_id": partner, "status": "leave"}],
        key=token_for(cast.hn_admin),
    )
    assert everyone.json() == {"changed": 1}


def test_who_may_mark_and_who_sees_whose_attendance(client, cast, session):
    path = f"/activities/{session.activity_id}/attendance"
    marks = [{"principal_id": t.principal_id, "status": "present"} for t in session.trainees]
    assert send(client, "PUT", path, marks, key=token_for(cast.xihu)).status_code == 404
    send(client, "PUT", path, marks, key=token_for(cast.hz_centre))
    seen = send(client, "GET", path, key=token_for(cast.xihu)).json()
    assert sorted(row["name"] for row in seen) == ["学员0", "学员2"]
    programme_services.add_trainee(
        actor=SYSTEM,
        cohort=session.cohort,
        principal=cast.xihu_principal,
        joined_on=session.cohort.starts_on,
    )
    mine = send(client, "GET", path, key=token_for(cast.own)).json()
    assert [row["name"] for row in mine] == ["西湖校长"]
    assert send(client, "PUT", path, marks, key=token_for(cast.own)).status_code == 404
    assert send(client, "GET", path, key=token_for(cast.hn_admin)).status_code == 404
