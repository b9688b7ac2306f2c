"""Each member's attendance at the studio's activities (HN-4.3.1): on the studio's page for
the host and the centre, and on the member's own 我的工作室."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.access import ALLOWED, NOT_FOUND, check_access
from tests.programmes import SYSTEM
from tests.records.programme_people import matrix, with_hainan
from touyan.records import services as records

pytestmark = pytest.mark.django_db
MINE = "/studios/mine/"


def held(hn, studio, day, *, leave=(), absent=()):
    session = records.create_activity(
        actor=SYSTEM,
        programme=hn.programme,
        studios=[studio],
        cohort=None,
        activity_type="seminar",
        title=f"专题研讨 {day}",
        date=day,
    )
    marks = [
        records.Mark(p.pk, "leave" if p in leave else "absent" if p in absent else "present")
        for p in hn.members[studio.pk]
    ]
    records.record_attendance(actor=SYSTEM, activity=session, marks=marks, today=day)


@pytest.mark.clause("HN-4.3.1")
def test_the_studio_page_shows_each_members_attendance_and_who_is_below(client, cast):
    hn = with_hainan(cast, members=3)
    studio = hn.studios[0]
    steady, on_leave, away = hn.members[studio.pk]
    held(hn, studio, dt.date(2025, 9, 10), leave=[on_leave], absent=[away])
    held(hn, studio, dt.date(2025, 10, 10), absent=[away])
    held(hn, studio, dt.date(2025, 11, 10))
    url = reverse("programmes:studio", args=["hn-2025", studio.pk])
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
            longhua=ALLOWED,
            host=ALLOWED,
            member=ALLOWED,
        ),
    )
    client.force_login(cast.host)
    page = client.get(url).content.decode()
    assert "3/3 次（100%）" in page  # steady
    assert "2/3 次（67%）" in page and "请假 1 · 缺勤 0" in page  # on leave once: within a third
    assert "1/3 次（33%）" in page and "请假 0 · 缺勤 2" in page
    assert page.count("低于要求") == 1  # only the member absent twice
    assert "缺勤（含请假）不超过其在工作室期间已举行活动的三分之一" in page


@pytest.mark.clause("HN-4.3.1")
def test_a_member_reads_their_own_attendance_on_my_studios(client, cast):
    hn = with_hainan(cast, members=2)
    studio = hn.studios[0]
    me = hn.members[studio.pk][0]  # cast.member
    held(hn, studio, dt.date(2025, 9, 10), leave=[me])
    held(hn, studio, dt.date(2025, 10, 10), leave=[me])
    held(hn, studio, dt.date(2025, 11, 10))
    client.force_login(cast.member)
    page = client.get(MINE).content.decode()
    assert "我的出勤" in page and "1/3 次（33%）" in page and "请假 2 · 缺勤 0" in page
    assert "低于要求" in page
    client.force_login(cast.host)
    assert "我的出勤" not in client.get(MINE).content.decode()
