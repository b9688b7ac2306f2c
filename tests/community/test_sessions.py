"""Online study sessions (线上研修, HN-4.0.1): the session is an activity of the policy's online
type; participation — what the policy's [community] section says — becomes attendance when the
window closes, through the record's service, once."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.refusals import HAINAN_CAST, check_service
from touyan.audit.models import AuditEntry
from touyan.community import jobs
from touyan.community.models import Opening, StudySession
from touyan.community.services.sessions import close_due, close_session, open_material
from touyan.community.services.threads import reply
from touyan.core.actors import Actor
from touyan.core.transitions import AlreadyDone
from touyan.notifications.models import Notification
from touyan.programmes.models import StudioMember
from touyan.records.models import Attendance
from touyan.records.services import Mark, record_attendance

from .helpers import as_, hainan_community, session_of

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HN-4.0.1")]


@pytest.fixture
def hn(cast):
    return hainan_community(cast)


def attendance(session):
    return {
        row.principal.user: (row.status, row.note)
        for row in Attendance.objects.filter(activity=session.activity).select_related(
            "principal__user"
        )
    }


def later(session, minutes=1):
    return session.closes_at + dt.timedelta(minutes=minutes)


@pytest.mark.parametrize("name", HAINAN_CAST)
def test_who_sets_a_session(cast, hn, name):
    check_service(
        cast,
        name,
        ("superuser", "hn_admin", "hn_centre", "host"),
        lambda actor: session_of(cast, hn) if actor.user == cast.host else _as(actor, hn),
        StudySession,
    )


def _as(actor, hn):
    from touyan.community.services.sessions import create_session

    now = timezone.now()
    return create_session(
        actor=actor,
        studio=hn.studios[0],
        title="研修",
        kind="reading",
        text="材料",
        opens_at=now,
        closes_at=now + dt.timedelta(hours=1),
    )


def test_a_session_is_an_online_activity_for_the_members_who_are_told(cast, hn):
    session = session_of(cast, hn)
    activity = session.activity
    assert activity.activity_type == "online"  # the Hainan preset's [community] activity_type
    assert activity.title == "线上研修：读《学校的变革》第三章"
    members = {m.principal_id for m in StudioMember.objects.filter(studio=hn.studios[0])}
    assert set(activity.audience.values_list("principal_id", flat=True)) == members
    assert Notification.objects.filter(user=cast.member, title__contains="新的线上研修").exists()
    assert AuditEntry.objects.filter(target_id=str(session.pk), verb="create").exists()


def test_bad_input_is_refused_with_reasons(cast, hn):
    with pytest.raises(ValidationError) as error:
        session_of(cast, hn, opens=2, closes=1, text="", link="ftp://x")
    assert {"closes_at", "link"} <= set(error.value.message_dict)
    with pytest.raises(ValidationError) as error:
        session_of(cast, hn, text="")
    assert "text" in error.value.message_dict
    assert not StudySession.objects.exists()


def test_opened_and_posted_in_the_window_counts_as_attendance(cast, hn):
    session = session_of(cast, hn)
    assert open_material(actor=as_(cast.member), session=session)
    assert not open_material(actor=as_(cast.member), session=session)  # the first counts
    assert not open_material(actor=as_(cast.hn_centre), session=session)  # not a participant
    reply(actor=as_(cast.member), thread=session.thread, body="第三章讲课程领导力。")
    # The second member only opened: under "opened_and_posted" that is not enough.
    open_material(actor=as_(cast.second), session=session)

    close_session(actor=Actor.system(), session=session, now=later(session))
    marks = attendance(session)
    status, note = marks[cast.member]
    assert status == Attendance.Status.PRESENT
    assert note.startswith("线上研修：打开资料 ") and "；发言 " in note
    assert marks[cast.second][0] == Attendance.Status.ABSENT
    assert "未达参与要求" in marks[cast.second][1]
    third = hn.members[hn.studios[0].pk][2]
    assert Attendance.objects.get(activity=session.activity, principal=third).status == "absent"
    assert not Attendance.objects.filter(
        activity=session.activity, principal=hn.studios[0].host
    ).exists()  # the host sets it; the session is held for the members


def test_posting_after_the_window_does_not_count(cast, hn):
    session = session_of(cast, hn, opens=-3, closes=-1)
    assert not open_material(actor=as_(cast.member), session=session)  # window over
    reply(actor=as_(cast.member), thread=session.thread, body="迟到的发言")
    close_due()
    assert attendance(session)[cast.member][0] == Attendance.Status.ABSENT
    assert not Opening.objects.exists()


def test_the_job_counts_once_and_leave_stays(cast, hn):
    session = session_of(cast, hn)
    third = hn.members[hn.studios[0].pk][2]
    record_attendance(
        actor=as_(cast.host),
        activity=session.activity,
        marks=[Mark(third.pk, Attendance.Status.LEAVE, note="外出培训")],
        today=session.activity.date,
    )
    open_material(actor=as_(cast.member), session=session)
    reply(actor=as_(cast.member), thread=session.thread, body="体会")
    assert close_due(now=session.opens_at) == 0  # not yet due
    assert close_due(now=later(session)) == 1
    first = {k: v for k, v in attendance(session).items()}
    entries = AuditEntry.objects.count()
    assert close_due(now=later(session, 30)) == 0
    assert jobs.close_sessions(None) == {"closed": 0}
    assert attendance(session) == first and AuditEntry.objects.count() == entries
    assert Attendance.objects.get(activity=session.activity, principal=third).status == "leave"
    with pytest.raises(AlreadyDone):
        close_session(actor=as_(cast.host), session=session)


def test_the_host_ends_the_window_early(cast, hn):
    session = session_of(cast, hn, opens=-1, closes=48)
    open_material(actor=as_(cast.member), session=session)
    reply(actor=as_(cast.member), thread=session.thread, body="体会")
    with pytest.raises(PermissionDenied):
        close_session(actor=as_(cast.member), session=session)
    closed = close_session(actor=as_(cast.host), session=session)
    assert closed.closes_at <= timezone.now() and closed.closed_at is not None
    assert attendance(session)[cast.member][0] == Attendance.Status.PRESENT
    assert attendance(session)[cast.second][0] == Attendance.Status.ABSENT


def test_policy_posted_only_and_no_attendance(cast, hn, monkeypatch):
    from touyan.community import participation
    from touyan.policies.schema import Community

    session = session_of(cast, hn)
    reply(actor=as_(cast.member), thread=session.thread, body="只发言")
    posted = Community(activity_type="online", participation="posted", counts_as_attendance=False)
    monkeypatch.setattr(participation, "rules_of", lambda s: posted)
    rows = {row.principal.user: row.took_part for row in participation.evidence(session)}
    assert rows[cast.member] is True and rows[cast.second] is False
    from touyan.community.services import sessions

    monkeypatch.setattr(sessions, "rules_of", lambda s: posted)
    close_session(actor=Actor.system(), session=session, now=later(session))
    assert not Attendance.objects.filter(activity=session.activity).exists()
