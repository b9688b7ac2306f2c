"""The rotation's pages: who reads what (the centre, the authority and the district read; the
host plans and reports; the member sees the visit to their school and writes its follow-up),
and the host's and member's way through them (HN-4.1.2, HN-4.1.2.1)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.access import ALLOWED, NOT_FOUND, check_access
from tests.programmes import SYSTEM
from tests.records.programme_people import matrix, with_hainan
from touyan.core.inbox import items_for
from touyan.diagnosis.models import Invitee, ReportItem, Visit
from touyan.diagnosis.services import rotation, visits

from .helpers import report_entries

pytestmark = pytest.mark.django_db
SLUG = "hn-2025"
READERS = dict(superuser=ALLOWED, hn_admin=ALLOWED, hn_centre=ALLOWED, longhua=ALLOWED)
PLANNERS = dict(superuser=ALLOWED, hn_admin=ALLOWED, hn_centre=ALLOWED, host=ALLOWED)


@pytest.fixture
def hn(cast):
    hn = with_hainan(cast, members=2)
    rotation.plan_rotation(actor=SYSTEM, studio=hn.studios[0])
    return hn


def visit_of(user) -> Visit:
    return Visit.objects.get(member__principal__user=user)


def other_visit(hn, cast) -> Visit:
    return (
        Visit.objects.filter(studio=hn.studios[0])
        .exclude(member__principal__user=cast.member)
        .get()
    )


@pytest.mark.clause("HN-4.1.2")
def test_who_reads_the_rotation(client, cast, hn):
    studio = hn.studios[0]
    check_access(
        client, cast, reverse("diagnosis:overview", args=[SLUG]), matrix(cast, NOT_FOUND, **READERS)
    )
    check_access(
        client,
        cast,
        reverse("diagnosis:rotation", args=[SLUG, studio.pk]),
        matrix(cast, NOT_FOUND, **READERS, host=ALLOWED, member=ALLOWED),
    )
    mine = visit_of(cast.member)
    check_access(
        client,
        cast,
        reverse("diagnosis:visit", args=[SLUG, mine.pk]),
        matrix(cast, NOT_FOUND, **READERS, host=ALLOWED, member=ALLOWED),
    )
    check_access(
        client,
        cast,
        reverse("diagnosis:visit", args=[SLUG, other_visit(hn, cast).pk]),
        matrix(cast, NOT_FOUND, **READERS, host=ALLOWED),
    )


@pytest.mark.clause("HN-4.1.2", "HN-4.1.2.1")
def test_who_plans_and_reports(client, cast, hn):
    studio = hn.studios[0]
    visit = visit_of(cast.member)
    for url in (
        reverse("diagnosis:plan", args=[SLUG, studio.pk]),
        reverse("diagnosis:move", args=[SLUG, visit.pk]),
        reverse("diagnosis:hold", args=[SLUG, visit.pk]),
        reverse("diagnosis:invitees", args=[SLUG, visit.pk]),
        reverse("diagnosis:report", args=[SLUG, visit.pk]),
    ):
        check_access(client, cast, url, matrix(cast, NOT_FOUND, **PLANNERS))


@pytest.mark.clause("HN-4.1.2.1")
def test_only_the_visited_member_follows_up(client, cast, hn):
    visit = visit_of(cast.member)
    visits.hold_visit(actor=SYSTEM, visit=visit, date=timezone.localdate())
    visits.record_report(actor=SYSTEM, visit=visit, entries=report_entries())
    item = visit.items.first()
    check_access(
        client,
        cast,
        reverse("diagnosis:follow_up", args=[SLUG, item.pk]),
        matrix(cast, NOT_FOUND, superuser=ALLOWED, member=ALLOWED),
    )


@pytest.mark.clause("HN-4.1.2", "HN-4.1.2.1")
def test_the_host_holds_invites_and_reports_and_the_member_follows_up(client, cast, hn):
    visit = visit_of(cast.member)
    today = timezone.localdate()
    client.force_login(cast.host)
    mine = client.get("/studios/mine/").content.decode()
    assert reverse("diagnosis:rotation", args=[SLUG, hn.studios[0].pk]) in mine
    assert "入校诊断轮换" in mine
    page = client.get(reverse("diagnosis:rotation", args=[SLUG, hn.studios[0].pk])).content.decode()
    assert visit.school.name in page and "重新排期" in page

    hold = reverse("diagnosis:hold", args=[SLUG, visit.pk])
    response = client.post(hold, {"date": ""})
    assert "请填写诊断日期，或选择已登记的活动" in response.content.decode()
    response = client.post(hold, {"date": today.isoformat(), "title": "", "description": ""})
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.activity.date == today

    invitees = reverse("diagnosis:invitees", args=[SLUG, visit.pk])
    response = client.post(
        invitees,
        {"name": "陈专家", "unit": "北京师范大学", "role": "expert", "inside_province": "0"},
    )
    assert response.status_code == 302
    assert Invitee.objects.get().inside_province is False

    report = reverse("diagnosis:report", args=[SLUG, visit.pk])
    response = client.post(report, {"findings_philosophy": "理念不清"})
    assert "“办学理念”须填写存在问题和改进建议" in response.content.decode()
    data = {}
    for code in ("philosophy", "institutions", "staff"):
        data[f"findings_{code}"] = f"{code} 问题"
        data[f"recommendations_{code}"] = f"{code} 建议"
    data |= {
        "extra_title_1": "课程建设",
        "extra_findings_1": "校本课程少",
        "extra_recommendations_1": "开发特色课程",
    }
    response = client.post(report, data)
    assert response.status_code == 302
    assert list(visit.items.values_list("title", flat=True)) == [
        "办学理念",
        "办学制度",
        "教师队伍",
        "课程建设",
    ]
    assert not [i for i in items_for(cast.host) if i.key == f"diagnosis.report:{visit.pk}"]

    client.force_login(cast.member)
    waiting = [i for i in items_for(cast.member) if i.key == f"diagnosis.follow_up:{visit.pk}"]
    assert waiting and "4 项待填写整改落实情况" in waiting[0].title
    item = visit.items.get(title="课程建设")
    page = client.get(reverse("diagnosis:visit", args=[SLUG, visit.pk])).content.decode()
    assert "填写整改落实情况" in page and "陈专家" in page
    response = client.post(
        reverse("diagnosis:follow_up", args=[SLUG, item.pk]), {"follow_up": "已开发两门校本课程"}
    )
    assert response.status_code == 302
    assert ReportItem.objects.get(pk=item.pk).follow_up == "已开发两门校本课程"


@pytest.mark.clause("HN-4.1.2")
def test_the_host_moves_a_visit_and_sees_this_months_visit_waiting(client, cast, hn):
    visit = visit_of(cast.member)
    today = timezone.localdate()
    this_month = today.replace(day=1)
    client.force_login(cast.host)
    url = reverse("diagnosis:move", args=[SLUG, visit.pk])
    response = client.post(url, {"month": this_month.isoformat()})
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.month == this_month and visit.month_chosen
    due = [i for i in items_for(cast.host) if i.key == f"diagnosis.report:{visit.pk}"]
    assert due and visit.school.name in due[0].title
    summer = dt.date(2027, 8, 1)
    response = client.post(url, {"month": summer.isoformat()})
    assert "2027年8月 大部分时间是暑假，请另选月份" in response.content.decode()


def test_the_plan_page_plans(client, cast, hn):
    studio = hn.studios[0]
    Visit.objects.filter(studio=studio).delete()
    client.force_login(cast.host)
    response = client.post(reverse("diagnosis:plan", args=[SLUG, studio.pk]))
    assert response.status_code == 302
    assert Visit.objects.filter(studio=studio).count() == 2
