"""The assessment pages tried as an attacker and as every role: what leaks across studios,
programmes and provinces, what links a survey answer to its member, what a page costs."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.records.programme_people import account_for
from tests.selection_chain import actor_of
from touyan.accounts.roles import Role
from touyan.assessment.models import Round, Score
from touyan.assessment.services.reviews import assign_reviewer, request_review
from touyan.assessment.services.survey import answer_survey

from ..factories import UserFactory, grant
from ..formation import with_user
from ..programmes import hainan
from .decided import deciding, published
from .rounds import annual
from .scoring import centre_staff

pytestmark = pytest.mark.django_db

AGREE = {"plan_followed": 4, "useful": 4, "guidance": 4, "climate": 4}
DAY = dt.date(2026, 10, 10)
LATER = dt.date(2030, 9, 1)  # a second programme beside the first
LATER = dt.date(2030, 9, 1)  # a second programme beside the first


# The survey: nobody differences the aggregate while members still answer -------------------


@pytest.mark.clause("HN-5.3")
def test_the_centre_cannot_difference_the_survey_while_members_still_answer(client, pin_today):
    """With the aggregate shown as answers come in, two readings around one member's answer
    (whose time the audit trail gives) would be that member's answers."""
    hn = hainan(studios=1, members=7)
    round_ = annual(hn)
    pin_today(round_.opens_on + dt.timedelta(days=1))
    studio = hn.studios[0]
    case = round_.cases.get(studio=studio)
    members = [account_for(p, f"member-{n}") for n, p in enumerate(hn.members[studio.pk])]
    for user in members[:5]:
        answer_survey(actor=actor_of(user), case=case, answers=AGREE)
    centre = centre_staff()
    client.force_login(centre)
    page = reverse("assessment:case", args=[case.pk])
    before = client.get(page).content.decode()
    answer_survey(actor=actor_of(members[5]), case=case, answers={**AGREE, "useful": 1})
    after = client.get(page).content.decode()
    assert "已答 6 人" in after
    assert "4.00" not in before and "3.50" not in after, "no aggregate while answers come in"
    assert "调查结束后" in after
    # Once the round has left its preparation no answer can come in: the aggregate is shown.
    Round.objects.filter(pk=round_.pk).update(stage=Round.Stage.SCORING)
    assert "3.50" in client.get(page).content.decode()


# Review panels come from the programme's expert pool -----------------------------------------


@pytest.fixture
def review(pin_today):
    pin_today(DAY)
    hn = hainan(studios=2, members=2)
    round_ = published(hn, ["fail", "pass"], today=DAY)
    case = round_.cases.get(studio=hn.studios[0])
    host = with_user(hn.studios[0].host).user
    return hn, request_review(actor=actor_of(host), case=case, reason="成果未计入")


@pytest.mark.clause("HN-5.4")
def test_a_review_panel_takes_no_one_from_outside_the_programmes_expert_pool(client, cast, review):
    _hn, request = review
    hangzhou_expert = cast.expert  # an expert of Hangzhou's pool, nothing to do with Hainan
    hainan_expert = UserFactory(full_name="海南复核专家")
    grant(hainan_expert, Role.EXPERT, "460000")
    centre = centre_staff()
    client.force_login(centre)
    url = reverse("assessment:review", args=[request.pk])
    page = client.get(url).content.decode()
    assert "海南复核专家" in page
    assert f'value="{hangzhou_expert.pk}"' not in page, "another province's expert is offered"
    for outsider in (hangzhou_expert, cast.nobody, cast.hz_admin):
        response = client.post(url, {"action": "assign", "expert": outsider.pk})
        assert "不在本项目的专家库中" in response.content.decode()
        with pytest.raises(ValidationError, match="不在本项目的专家库中"):
            assign_reviewer(actor=actor_of(centre), review=request, expert=outsider)
    assert not Score.objects.filter(for_review=True).exists()
    client.post(url, {"action": "assign", "expert": hainan_expert.pk})
    assert Score.objects.filter(for_review=True, expert=hainan_expert).exists()


def test_the_review_page_costs_constant_queries_whatever_the_pool(
    client, review, django_assert_max_num_queries
):
    _hn, request = review
    centre = centre_staff()
    client.force_login(centre)
    url = reverse("assessment:review", args=[request.pk])

    def pool(n):
        for _ in range(n):
            grant(UserFactory(), Role.EXPERT, "460000")

    pool(2)
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    pool(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


# Constant queries on the centre's and the authority's list pages ------------------------------


def _queries(client, url, django_assert_max_num_queries, limit=60) -> int:
    client.get(url)
    with django_assert_max_num_queries(limit) as counted:
        assert client.get(url).status_code == 200
    return len(counted.captured_queries)


def test_the_decisions_page_costs_the_same_for_3_or_12_cases(
    client, cast, django_assert_max_num_queries
):
    client.force_login(cast.hn_admin)
    small = deciding(hainan(studios=3, members=2), ["excellent", "pass", "fail"])
    few = _queries(
        client, reverse("assessment:decisions", args=[small.pk]), django_assert_max_num_queries
    )
    large = deciding(hainan(studios=12, members=2, start=LATER), ["pass"] * 12, flagged=(1, 5))
    url = reverse("assessment:decisions", args=[large.pk])
    assert _queries(client, url, django_assert_max_num_queries) <= few


def test_the_round_page_costs_the_same_for_3_or_12_cases(
    client, cast, django_assert_max_num_queries
):
    client.force_login(cast.hn_admin)
    small = deciding(hainan(studios=3, members=2), ["excellent", "pass", "fail"])
    few = _queries(
        client, reverse("assessment:round", args=[small.pk]), django_assert_max_num_queries
    )
    large = deciding(hainan(studios=12, members=2, start=LATER), ["pass"] * 12, flagged=(1, 5))
    url = reverse("assessment:round", args=[large.pk])
    assert _queries(client, url, django_assert_max_num_queries) <= few


# Actions in the wrong stage are refused in words ------------------------------------------------


@pytest.mark.clause("HN-5.4")
def test_deciding_from_a_page_left_open_after_publication_is_refused_in_words(
    client, cast, pin_today
):
    pin_today(DAY)
    hn = hainan(studios=2, members=2)
    round_ = published(hn, ["fail", "pass"], by=cast.hn_admin, today=DAY)
    case = round_.cases.get(studio=hn.studios[0])
    client.force_login(cast.hn_admin)
    url = reverse("assessment:decisions", args=[round_.pk])
    response = client.post(
        url, {"case": case.pk, "grade": "pass", "reason": "改为合格"}, follow=True
    )
    assert "考核结果已于" in response.content.decode()
    response = client.post(url, {"action": "accept", "reason": "同意"}, follow=True)
    assert "考核结果已于" in response.content.decode()
    case.refresh_from_db()
    assert case.grade == "fail"
