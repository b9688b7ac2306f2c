"""The pages of a review request (复核): the host's request, the centre's review page with the
authority's decision, the review expert's scoring form (HN-5.4)."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.access import ALLOWED, LOGIN, NOT_FOUND, check_access
from touyan.accounts.roles import Role
from touyan.assessment.models import ReviewRequest, Score

from ..factories import UserFactory, grant
from ..formation import with_user
from ..programmes import hainan
from .decided import published

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HN-5.4")]
DAY = dt.date(2026, 10, 10)


@pytest.fixture
def setting(cast, pin_today):
    pin_today(DAY)
    hn = hainan(studios=2, members=2)
    round_ = published(hn, ["fail", "pass"], today=DAY)
    case = round_.cases.get(studio=hn.studios[0])
    cast.hn_centre = UserFactory(username="hn-centre")
    grant(cast.hn_centre, Role.CENTRE_STAFF, "460000")
    cast.host = with_user(hn.studios[0].host).user
    cast.member = with_user(hn.members[hn.studios[0].pk][0]).user
    cast.other_host = with_user(hn.studios[1].host).user
    cast.reviewer = UserFactory(username="reviewer", full_name="复核专家甲")
    grant(cast.reviewer, Role.EXPERT, "460000")
    return hn, round_, case


def test_the_host_requests_a_review_on_the_page(client, cast, setting):
    _hn, _round, case = setting
    url = reverse("assessment:request_review", args=[case.pk])
    check_access(
        client,
        cast,
        url,
        {
            "anonymous": LOGIN,
            "host": ALLOWED,
            "member": NOT_FOUND,
            "other_host": NOT_FOUND,
            "hn_centre": NOT_FOUND,
            "nobody": NOT_FOUND,
        },
    )
    client.force_login(cast.host)
    response = client.post(url, {"reason": "  "})
    assert "请写明申请复核的理由" in response.content.decode()
    response = client.post(url, {"reason": "课题结题证书未计入"}, follow=True)
    assert "复核申请已提交" in response.content.decode()
    assert ReviewRequest.objects.get(case=case).reason == "课题结题证书未计入"
    assert "已于" in client.get(url).content.decode()


@pytest.mark.clause("HN-5.1")
def test_the_centre_forms_the_panel_and_the_authority_decides(client, cast, setting):
    _hn, _round, case = setting
    client.force_login(cast.host)
    client.post(reverse("assessment:request_review", args=[case.pk]), {"reason": "理由"})
    review = ReviewRequest.objects.get(case=case)
    url = reverse("assessment:review", args=[review.pk])
    check_access(
        client,
        cast,
        url,
        {
            "anonymous": LOGIN,
            "superuser": ALLOWED,
            "hn_admin": ALLOWED,
            "hn_centre": ALLOWED,
            "hz_admin": NOT_FOUND,
            "host": NOT_FOUND,
            "reviewer": NOT_FOUND,
            "nobody": NOT_FOUND,
        },
    )
    check_access(
        client,
        cast,
        reverse("assessment:reviews"),
        {"anonymous": LOGIN, "hn_centre": ALLOWED, "host": NOT_FOUND, "nobody": NOT_FOUND},
    )
    client.force_login(cast.hn_centre)
    assert "复核专家甲" in client.get(url).content.decode()
    client.post(url, {"action": "assign", "expert": cast.reviewer.pk})
    score = Score.objects.get(case=case, for_review=True)
    assert score.expert == cast.reviewer

    score_url = reverse("assessment:review_score", args=[score.pk])
    check_access(
        client,
        cast,
        score_url,
        {"anonymous": LOGIN, "reviewer": ALLOWED, "expert": NOT_FOUND, "hn_centre": NOT_FOUND},
    )
    client.force_login(cast.reviewer)
    response = client.post(score_url, {"points-building": "200", "comment": ""})
    assert "0–100" in response.content.decode()
    assert 'value="200"' in response.content.decode()
    client.post(
        score_url,
        {
            "points-building": "80",
            "points-research": "75",
            "points-performance": "70",
            "comment": "合格",
        },
    )
    score.refresh_from_db()
    assert score.submitted_at is not None

    client.force_login(cast.hn_centre)
    assert "作出复核决定" not in client.get(url).content.decode()
    client.force_login(cast.hn_admin)
    assert "作出复核决定" in client.get(url).content.decode()
    client.post(
        url, {"action": "decide", "outcome": "upheld", "grade": "pass", "decision": "改定为合格"}
    )
    review.refresh_from_db()
    case.refresh_from_db()
    assert review.status == ReviewRequest.Status.UPHELD and case.grade == "pass"
