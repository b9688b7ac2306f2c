"""Attendance to record in the 待办 inbox: this month's activities held without a roll call,
aggregated for the centre ("2 个工作室尚未登记本月出勤") and per studio for its host."""

import datetime as dt

import pytest

from tests.programmes import SYSTEM
from tests.records.programme_people import with_hainan
from touyan.core import inbox
from touyan.records.services import Mark, create_activity, record_attendance

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HN-4.3.1")]


def seminar(hn, studio, day):
    return create_activity(
        actor=SYSTEM,
        programme=hn.programme,
        studios=[studio],
        activity_type="seminar",
        title=f"专题研讨 {day:%m-%d}",
        date=day,
    )


def items(user, prefix="records."):
    return [item for item in inbox.items_for(user) if item.key.startswith(prefix)]


def test_unrecorded_activities_of_this_month_wait_for_the_centre_and_the_host(cast, pin_today):
    pin_today(dt.date(2025, 10, 20))
    hn = with_hainan(cast, members=2)
    first, second = hn.studios
    held = seminar(hn, first, dt.date(2025, 10, 15))
    seminar(hn, first, dt.date(2025, 10, 16))
    seminar(hn, second, dt.date(2025, 10, 3))
    seminar(hn, second, dt.date(2025, 9, 20))  # last month: no longer this month's work
    seminar(hn, second, dt.date(2025, 10, 28))  # not yet held

    (centre,) = items(cast.hn_centre)
    assert centre.title == "2 个工作室尚未登记本月出勤"
    assert centre.count == 2 and centre.due == dt.date(2025, 10, 31)
    assert len(list(centre.details())) == 3  # three sessions, each a link to its roll call
    (host,) = items(cast.host)
    assert (host.title, host.subject) == ("2 次活动尚未登记出勤", first.name)
    (other,) = items(cast.other_host)
    assert other.count == 1
    assert items(cast.member) == [] and items(cast.longhua) == [] and items(cast.xihu) == []

    marks = [Mark(principal_id=p.pk, status="present") for p in hn.members[first.pk]]
    record_attendance(actor=SYSTEM, activity=held, marks=marks)
    (host,) = items(cast.host)
    assert host.count == 1
    (centre,) = items(cast.hn_centre)
    assert centre.count == 2  # the first studio still has a session without its roll call
