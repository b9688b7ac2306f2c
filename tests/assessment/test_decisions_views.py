"""The authority's decisions page and publication, and the published result (HN-5.4)."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.access import ALLOWED, LOGIN, NOT_FOUND, check_access
from touyan.accounts.roles import Role
from touyan.assessment.models import Case, Round

from ..factories import UserFactory, grant
from ..formation import with_user
from ..programmes import hainan
from .decided import deciding, published

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HN-5.4")]


def hainan_cast(cast, hn):
    cast.hn_centre = UserFactory(username="hn-centre")
    grant(cast.hn_centre, Role.CENTRE_STAFF, "460000")
    cast.host = with_user(hn.studios[0].host).user
    cast.member = with_user(hn.members[hn.studios[0].pk][0]).user
    cast.other_host = with_user(hn.studios[1].host).user
    return cast


@pytest.mark.clause("HN-5.1")
def test_who_sees_the_decisions_page(client, cast):
    hn = hainan(studios=2, members=2)
    round_ = deciding(hn, ["excellent", "fail"])
    hainan_cast(cast, hn)
    expected = {
        "anonymous": LOGIN,
        "superuser": ALLOWED,
        "hn_admin": ALLOWED,
        "hn_centre": NOT_FOUND,
        "hz_admin": NOT_FOUND,
        "hz_centre": NOT_FOUND,
        "expert": NOT_FOUND,
        "host": NOT_FOUND,
        "nobody": NOT_FOUND,
    }
    check_access(client, cast, reverse("assessment:decisions", args=[round_.pk]), expected)
    check_access(client, cast, reverse("assessment:publish", args=[round_.pk]), expected)


def test_deciding_accepting_and_publishing_on_the_page(client, cast, django_assert_max_num_queries):
    hn = hainan(studios=3, members=2)
    round_ = deciding(hn, ["excellent", "pass", "fail"], flagged=(2,))
    url = reverse("assessment:decisions", args=[round_.pk])
    client.force_login(cast.hn_admin)
    html = client.get(url).content.decode()
    assert "需合议" in html and "93.50" in html
    with django_assert_max_num_queries(30):
        client.get(url)
    # A missing reason is refused with the grade kept.
    flagged = round_.cases.order_by("studio_id")[2]
    response = client.post(url, {"case": flagged.pk, "grade": "pass", "reason": ""})
    html = response.content.decode()
    assert "须写明理由" in html
    assert '<option value="pass" selected>' in html
    response = client.post(url, {"case": flagged.pk, "grade": "fail", "reason": "多项任务未完成"})
    assert response.status_code == 302
    response = client.post(url, {"action": "accept", "reason": "同意专家组建议"}, follow=True)
    assert "已按建议等次审定 2 个考核对象" in response.content.decode()
    assert not round_.cases.exclude(status=Case.Status.DECIDED).exists()
    publish = reverse("assessment:publish", args=[round_.pk])
    assert "确认公布" in client.get(publish).content.decode()
    response = client.post(publish, follow=True)
    assert "考核结果已公布" in response.content.decode()
    round_.refresh_from_db()
    assert round_.stage == Round.Stage.PUBLISHED


def queries_of(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_decisions_page_keeps_constant_queries(client, cast):
    small = deciding(hainan(studios=2, members=1), ["pass", "good"])
    large = deciding(
        hainan(studios=6, members=1, start=dt.date(2024, 9, 1)),
        ["pass", "good", "fail", "excellent", "pass", "pass"],
        flagged=(1, 3),
    )
    client.force_login(cast.superuser)
    few = queries_of(client, reverse("assessment:decisions", args=[small.pk]))
    many = queries_of(client, reverse("assessment:decisions", args=[large.pk]))
    assert few == many


@pytest.mark.clause("HN-5.1")
def test_a_published_result_is_seen_by_its_studio_only(client, cast, pin_today):
    pin_today(dt.date(2026, 10, 10))
    hn = hainan(studios=2, members=2)
    round_ = published(hn, ["fail", "pass"], today=dt.date(2026, 10, 10))
    hainan_cast(cast, hn)
    case = round_.cases.get(studio=hn.studios[0])
    check_access(
        client,
        cast,
        reverse("assessment:result", args=[case.pk]),
        {
            "anonymous": LOGIN,
            "superuser": ALLOWED,
            "hn_admin": ALLOWED,
            "hn_centre": ALLOWED,
            "host": ALLOWED,
            "member": ALLOWED,
            "other_host": NOT_FOUND,
            "hz_admin": NOT_FOUND,
            "expert": NOT_FOUND,
            "nobody": NOT_FOUND,
        },
    )
    client.force_login(cast.host)
    html = client.get(reverse("assessment:result", args=[case.pk])).content.decode()
    assert "不合格" in html and "申请复核" in html and "撤销" in html
    client.force_login(cast.member)
    html = client.get(reverse("assessment:result", args=[case.pk])).content.decode()
    assert "不合格" in html and "申请复核" not in html


def test_results_are_not_shown_before_publication(client, cast):
    hn = hainan(studios=1, members=2)
    round_ = deciding(hn, ["pass"])
    hainan_cast_one = with_user(hn.studios[0].host).user
    client.force_login(hainan_cast_one)
    case = round_.cases.get()
    assert client.get(reverse("assessment:result", args=[case.pk])).status_code == 404


def test_the_round_page_slot_links_the_decisions(rf, cast):
    from django.template.loader import render_to_string

    hn = hainan(studios=1, members=1)
    round_ = deciding(hn, ["pass"])
    centre = UserFactory()
    grant(centre, Role.CENTRE_STAFF, "460000")
    template = "assessment/decisions/_round_links.html"
    html = render_to_string(template, {"round": round_, "user": cast.hn_admin})
    assert reverse("assessment:decisions", args=[round_.pk]) in html
    assert reverse("assessment:publish", args=[round_.pk]) in html
    assert "href" not in render_to_string(template, {"round": round_, "user": centre})
