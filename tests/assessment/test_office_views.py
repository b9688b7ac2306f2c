"""The centre's pages (HN-5.1, HZ-4.2.1): the rounds of the programmes it manages, opening a
round from the policy, the round with its stage moves and frozen rubric, the panel with its
assignments, and one case with the experts' scores and moderation."""

import pytest
from django.urls import reverse

from touyan.accounts.roles import Role
from touyan.assessment.models import Case, Conflict, Panel, Round, Score

from ..access import ALLOWED, LOGIN, NOT_FOUND, check_access
from ..factories import UserFactory, grant
from ..programmes import hainan, hangzhou
from .scoring import expert, scoring_round, submit, with_panel

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HN-5.1")]

CENTRE_ONLY = {
    "hn_centre": ALLOWED,
    "hn_admin": ALLOWED,
    "superuser": ALLOWED,
    "hz_centre": NOT_FOUND,
    "hz_admin": NOT_FOUND,
    "xihu": NOT_FOUND,
    "expert": NOT_FOUND,
    "hn_expert": NOT_FOUND,
    "own": NOT_FOUND,
    "nobody": NOT_FOUND,
    "anonymous": LOGIN,
}


@pytest.fixture
def hn_cast(cast):
    cast.hn_centre = UserFactory(username="hn-centre")
    grant(cast.hn_centre, Role.CENTRE_STAFF, "460000")
    return cast


def test_only_those_who_manage_the_programme_reach_its_round_pages(client, hn_cast):
    hn = hainan(studios=1, members=1)
    round_, people = scoring_round(hn)
    hn_cast.hn_expert = people[0]
    case = round_.cases.get()
    for url in (
        reverse("assessment:open_round", args=[hn.programme.slug]),
        reverse("assessment:round", args=[round_.pk]),
        reverse("assessment:panel", args=[round_.pk]),
        reverse("assessment:case", args=[case.pk]),
    ):
        check_access(client, hn_cast, url, CENTRE_ONLY)
    listing = CENTRE_ONLY | {"hz_centre": ALLOWED, "hz_admin": ALLOWED}
    check_access(client, hn_cast, reverse("assessment:rounds"), listing)


def test_the_centre_opens_a_round_from_the_policy(client, hn_cast):
    hn = hainan(studios=2, members=1)
    client.force_login(hn_cast.hn_centre)
    url = reverse("assessment:open_round", args=[hn.programme.slug])
    page = client.get(url).content.decode()
    assert "年度考核评价" in page and "成员平时考核" in page
    chosen = client.get(url, {"code": "annual"}).content.decode()
    assert "year-1" in chosen
    start = hn.programme.starts_on
    data = {"period": "year-1", "opens_on": "2026-08-20", "closes_on": "2026-09-30"}
    refused = client.post(url + "?code=annual", data | {"closes_on": "2026-08-01"})
    assert "不能早于开始日期" in refused.content.decode()
    response = client.post(url + "?code=annual", data)
    round_ = Round.objects.get(programme=hn.programme, code="annual")
    assert response.url == reverse("assessment:round", args=[round_.pk])
    assert round_.period_starts == start and round_.cases.count() == 2
    page = client.get(response.url).content.decode()
    assert "评分细则在考核开启时冻结" in page and "工作室建设情况" in page and "权重 40%" in page
    assert "90 分及以上" in page
    again = client.post(url + "?code=annual", data).content.decode()
    assert "已经开启" in again


@pytest.mark.clause("HZ-4.2.1")
def test_a_trainee_round_asks_for_its_cohort(client, cast):
    hz = hangzhou(trainees=2)
    client.force_login(cast.hz_centre)
    url = reverse("assessment:open_round", args=[hz.programme.slug])
    assert "须指定培训班" in client.get(url, {"code": "process"}, follow=True).content.decode()
    page = client.get(url, {"code": "process", "cohort": hz.cohort.pk}).content.decode()
    assert "semester-1" in page
    response = client.post(
        url + f"?code=process&cohort={hz.cohort.pk}",
        {"period": "semester-1", "opens_on": "2026-06-01", "closes_on": "2026-07-01"},
    )
    round_ = Round.objects.get(programme=hz.programme, code="process")
    assert response.url == reverse("assessment:round", args=[round_.pk])
    assert client.get(reverse("assessment:panel", args=[round_.pk])).status_code == 404


def test_the_panel_page_builds_the_panel_and_assigns(client, hn_cast):
    hn = hainan(studios=3, members=1)
    round_, people = with_panel(hn, experts=2)
    client.force_login(hn_cast.hn_centre)
    url = reverse("assessment:panel", args=[round_.pk])
    newcomer = expert("新专家")
    response = client.post(url, {"action": "add_expert", "expert": newcomer.pk, "capacity": ""})
    assert response.status_code == 302
    assert Panel.objects.filter(round=round_, expert=newcomer).exists()
    client.post(url, {"action": "auto"})
    assert Score.objects.filter(case__round=round_).count() == 9
    score = Score.objects.filter(case__round=round_).first()
    client.post(url, {"action": "unassign", "score": score.pk})
    assert not Score.objects.filter(pk=score.pk).exists()
    client.post(url, {"action": "assign", "case": score.case_id, "expert": score.expert_id})
    assert Score.objects.filter(case=score.case, expert=score.expert, manual=True).exists()
    studio = hn.studios[0]
    client.post(
        url,
        {"action": "conflict", "expert": people[0].pk, "studio": studio.pk, "reason": "同学关系"},
    )
    assert Conflict.objects.filter(round=round_, expert=people[0], studio=studio).exists()
    assert not Score.objects.filter(case__studio=studio, expert=people[0]).exists()
    refused = client.post(
        url,
        {"action": "assign", "case": round_.cases.get(studio=studio).pk, "expert": people[0].pk},
        follow=True,
    )
    assert "声明与该工作室存在利益冲突" in refused.content.decode()


def test_the_round_page_moves_the_stages_and_flags_cases(client, hn_cast):
    hn = hainan(studios=2, members=1)
    round_, people = with_panel(hn, experts=3)
    client.force_login(hn_cast.hn_centre)
    url = reverse("assessment:round", args=[round_.pk])
    refused = client.post(url, {"action": "start_scoring"}, follow=True).content.decode()
    assert "未配足评审专家" in refused
    client.post(reverse("assessment:panel", args=[round_.pk]), {"action": "auto"})
    client.post(url, {"action": "start_scoring"})
    round_.refresh_from_db()
    assert round_.stage == Round.Stage.SCORING
    first, second = round_.cases.order_by("pk")
    for score, value in zip(first.scores.order_by("pk"), [95, 70, 90], strict=True):
        submit(score, value)
    for score in second.scores.all():
        submit(score, 82)
    page = client.get(url).content.decode()
    assert "需合议" in page and "良好" in page and "85.00" in page
    flagged = client.get(url, {"show": "flagged"}).content.decode()
    assert str(first) in flagged and str(second) not in flagged
    refused = client.post(url, {"action": "close_scoring"}, follow=True).content.decode()
    assert "需合议" in refused
    case_url = reverse("assessment:case", args=[first.pk])
    case_page = client.get(case_url).content.decode()
    assert "95.00" in case_page and "合议" in case_page
    client.post(case_url, {"action": "moderate", "grade": "good", "note": "合议维持良好"})
    first.refresh_from_db()
    assert not first.needs_moderation and first.proposed_grade == "good"
    client.post(url, {"action": "close_scoring"})
    round_.refresh_from_db()
    assert round_.stage == Round.Stage.DECIDING


def test_moderation_asks_one_expert_to_reconsider(client, hn_cast):
    round_, people = scoring_round(hainan(studios=1, members=1))
    case = round_.cases.get()
    scores = list(case.scores.order_by("pk"))
    for score, value in zip(scores, [95, 70, 90], strict=True):
        submit(score, value)
    client.force_login(hn_cast.hn_centre)
    url = reverse("assessment:case", args=[case.pk])
    blank = client.post(url, {"action": "reconsider", "score": scores[1].pk, "note": ""})
    assert blank.status_code == 200
    client.post(url, {"action": "reconsider", "score": scores[1].pk, "note": "请复核研究成果"})
    case.refresh_from_db()
    scores[1].refresh_from_db()
    assert case.status == Case.Status.SUBMITTED and scores[1].submitted_at is None


def test_the_round_page_takes_constant_queries(client, hn_cast, django_assert_max_num_queries):
    hn = hainan(studios=12, members=1)
    round_, people = scoring_round(hn, experts=4)
    client.force_login(hn_cast.hn_centre)
    for name in ("round", "panel"):
        url = reverse(f"assessment:{name}", args=[round_.pk])
        client.get(url)
        with django_assert_max_num_queries(25):
            assert client.get(url).status_code == 200


def test_the_menu_leads_the_centre_to_its_rounds(client, hn_cast):
    client.force_login(hn_cast.hn_centre)
    assert reverse("assessment:rounds") in client.get(reverse("core:home")).content.decode()
    client.force_login(hn_cast.nobody)
    assert reverse("assessment:rounds") not in client.get(reverse("core:home")).content.decode()
