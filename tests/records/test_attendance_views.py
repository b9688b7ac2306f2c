"""The roll call: who records it, for whom, and that sending it twice changes nothing."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.access import ALLOWED, NOT_FOUND, check_access
from tests.programmes import SYSTEM
from tests.records.programme_people import matrix, with_hainan, with_hangzhou
from touyan.audit.models import AuditEntry
from touyan.records.models import Activity, Attendance
from touyan.records.services import create_activity
from touyan.training.models import LeaveRequest

pytestmark = pytest.mark.django_db


def studio_activity(hn, *studios, activity_type="seminar") -> Activity:
    return create_activity(
        actor=SYSTEM,
        programme=hn.programme,
        studios=[hn.studios[i] for i in studios],
        activity_type=activity_type,
        title="专题研讨",
        date=dt.date(2025, 10, 15),
    )


def url_of(activity) -> str:
    return reverse("records:attendance", args=[activity.programme.slug, activity.pk])


def roll(people, **overrides) -> dict:
    """Everyone present, except the statuses and talks given as ``status_<pk>`` etc."""
    data = {f"status_{p.pk}": Attendance.Status.PRESENT for p in people}
    return data | overrides


def test_attendance_is_recorded_by_the_centre_and_the_host(client, cast):
    hn = with_hainan(cast, members=2)
    check_access(
        client,
        cast,
        url_of(studio_activity(hn, 0)),
        matrix(
            cast,
            NOT_FOUND,
            superuser=ALLOWED,
            hn_admin=ALLOWED,
            hn_centre=ALLOWED,
            host=ALLOWED,
        ),
    )


@pytest.mark.clause("HZ-3.4.1")
def test_one_submit_marks_everyone_and_a_second_changes_nothing(client, cast):
    hn = with_hainan(cast, members=3)
    activity = studio_activity(hn, 0)
    host, members = hn.studios[0].host, hn.members[hn.studios[0].pk]
    client.force_login(cast.host)
    page = client.get(url_of(activity)).content.decode()
    assert page.count('type="radio"') == 4 * 3 and "作报告或展示" in page
    data = roll(
        [host, *members],
        **{
            f"status_{members[0].pk}": Attendance.Status.LEAVE,
            f"status_{members[1].pk}": Attendance.Status.ABSENT,
            f"presented_{host.pk}": "on",
        },
    )
    first = client.post(url_of(activity), data)
    assert first.status_code == 302 and first.url == url_of(activity)
    marks = {a.principal_id: (a.status, a.presented) for a in Attendance.objects.all()}
    assert marks == {
        host.pk: ("present", True),
        members[0].pk: ("leave", False),
        members[1].pk: ("absent", False),
        members[2].pk: ("present", False),
    }
    assert {a.recorded_by for a in Attendance.objects.all()} == {cast.host}
    entries = AuditEntry.objects.filter(target_id=str(activity.pk), note="考勤")
    assert entries.count() == 1

    second = client.post(url_of(activity), data, follow=True)
    assert "考勤与已保存的一致，没有变化" in second.content.decode()
    assert entries.count() == 1 and Attendance.objects.count() == 4

    changed = client.post(
        url_of(activity), data | {f"status_{members[1].pk}": Attendance.Status.LEAVE}, follow=True
    )
    assert "已保存考勤：1 人有变化" in changed.content.decode()
    assert Attendance.objects.get(principal=members[1]).status == "leave"


@pytest.mark.clause("HN-4.1.5")
def test_a_host_records_only_the_people_of_their_own_studio(client, cast):
    hn = with_hainan(cast, members=2)
    joint = studio_activity(hn, 0, 1, activity_type="joint")
    other_people = [hn.studios[1].host, *hn.members[hn.studios[1].pk]]
    client.force_login(cast.host)
    page = client.get(url_of(joint)).content.decode()
    assert "成员0-0" in page and "成员1-0" not in page and "主持人1" not in page
    own_people = [hn.studios[0].host, *hn.members[hn.studios[0].pk]]
    sneaked = roll(own_people) | {f"status_{p.pk}": Attendance.Status.ABSENT for p in other_people}
    client.post(url_of(joint), sneaked)
    assert set(Attendance.objects.values_list("principal_id", flat=True)) == {
        p.pk for p in own_people
    }
    # The other host records their own people at the same joint activity.
    client.force_login(cast.other_host)
    client.post(url_of(joint), roll(other_people))
    assert Attendance.objects.count() == len(own_people) + len(other_people)
    # … and cannot reach a roll call of a studio they do not host.
    assert client.get(url_of(studio_activity(hn, 0))).status_code == 404


def test_a_district_officer_and_a_member_read_attendance_but_do_not_record_it(client, cast):
    hn = with_hainan(cast, members=1)
    activity = studio_activity(hn, 0)
    for name in ("longhua", "member"):
        client.force_login(getattr(cast, name))
        assert (
            client.get(reverse("records:activity", args=["hn-2025", activity.pk])).status_code
            == 200
        )
        assert client.post(url_of(activity), roll([hn.studios[0].host])).status_code == 404
    assert not Attendance.objects.exists()


@pytest.mark.clause("HZ-3.4.1")
def test_the_centre_calls_the_roll_of_a_cohort_session(client, cast):
    hz = with_hangzhou(cast, trainees=3)
    session = create_activity(
        actor=SYSTEM,
        programme=hz.programme,
        cohort=hz.cohort,
        activity_type="course",
        title="集中培训",
        date=dt.date(2026, 3, 20),
    )
    check_access(
        client,
        cast,
        url_of(session),
        matrix(cast, NOT_FOUND, superuser=ALLOWED, hz_admin=ALLOWED, hz_centre=ALLOWED),
    )
    client.force_login(cast.hz_centre)
    people = [t.principal for t in hz.trainees]
    LeaveRequest.objects.create(  # 请假 at a cohort's session needs granted leave (HZ-3.4.1.1)
        trainee=hz.trainees[1], activity=session, reason="会议", state="granted"
    )
    client.post(url_of(session), roll(people, **{f"status_{people[1].pk}": "leave"}))
    assert Attendance.objects.filter(status="leave").get().principal == people[1]
    client.force_login(cast.trainee)
    page = client.get(reverse("programmes:trainee", args=["hz-2026", hz.trainees[0].pk]))
    assert "mark-present" in page.content.decode()
    detail = client.get(reverse("records:activity", args=["hz-2026", session.pk])).content.decode()
    assert "学员0" in detail and "学员1" not in detail  # a trainee sees only their own mark
