"""The assessment pages tried as an attacker and as every role: what leaks across studios,
programmes and provinces, what links a survey answer to its member, what a page costs."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.records.programme_people import account_for
from tests.selection_chain import actor_of
from touyan.assessment.models import Round
from touyan.assessment.services.survey import answer_survey

from ..programmes import hainan
from .decided import deciding
from .rounds import annual
from .scoring import centre_staff

pytestmark = pytest.mark.django_db

AGREE = {"plan_followed": 4, "useful": 4, "guidance": 4, "climate": 4}
DAY = dt.date(2026, 10, 10)
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
