"""The expert's pages (HN-5.3): their own cases only, the frozen dossier and the survey in
aggregate, the scoring form with drafts, and the next case after a submission; the list of 30
cases and a case page in a constant number of queries."""

import pytest
from django.urls import reverse

from touyan.assessment.models import Case, Score, SurveyAnswer
from touyan.assessment.services import panel, stages

from ..access import ALLOWED, LOGIN, NOT_FOUND, check_access
from ..programmes import SYSTEM, hainan
from .scoring import expert, scoring_round, with_panel

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HN-5.3")]


def form_data(value: int, action: str = "submit", comment: str = "") -> dict:
    data = {"action": action, "comment": comment}
    for code in ("building", "research", "performance"):
        data[f"points_{code}"] = str(value)
        data[f"remark_{code}"] = f"{code} 的意见"
    return data


def test_only_the_assigned_expert_sees_a_case(client, cast):
    round_, people = scoring_round(hainan(studios=1, members=1))
    score = Score.objects.filter(case__round=round_).order_by("pk").first()
    cast.hn_expert = score.expert
    cast.other_expert = next(p for p in people if p.pk != score.expert_id)
    expected = {
        "hn_expert": ALLOWED,
        "other_expert": NOT_FOUND,
        "expert": NOT_FOUND,
        "superuser": NOT_FOUND,
        "hn_admin": NOT_FOUND,
        "hz_centre": NOT_FOUND,
        "own": NOT_FOUND,
        "nobody": NOT_FOUND,
        "anonymous": LOGIN,
    }
    check_access(client, cast, reverse("assessment:expert_score", args=[score.pk]), expected)
    listing = expected | {"other_expert": ALLOWED, "expert": ALLOWED}
    check_access(client, cast, reverse("assessment:expert_cases"), listing)


def test_nothing_is_shown_before_scoring_starts(client):
    round_, people = with_panel(hainan(studios=1, members=1))
    panel.assign_automatically(actor=SYSTEM, round_=round_)
    score = Score.objects.filter(case__round=round_).first()
    client.force_login(score.expert)
    assert client.get(reverse("assessment:expert_score", args=[score.pk])).status_code == 404
    assert str(score.case) not in client.get(reverse("assessment:expert_cases")).content.decode()


def test_a_draft_is_kept_and_a_submission_opens_the_next_case(client):
    round_, people = scoring_round(hainan(studios=2, members=1), experts=3)
    user = people[0]
    first, second = Score.objects.filter(expert=user).order_by("assigned_at", "pk")
    client.force_login(user)
    url = reverse("assessment:expert_score", args=[first.pk])
    page = client.get(url).content.decode()
    assert "工作室建设情况" in page and "查阅资料" in page and "按计划高质量开展研修活动" in page
    draft = form_data(88, action="save") | {"points_research": ""}
    response = client.post(url, draft)
    assert response.status_code == 302 and response.url == url
    first.refresh_from_db()
    assert first.points == {"building": 88, "performance": 88} and first.submitted_at is None
    assert 'value="88"' in client.get(url).content.decode()
    refused = client.post(url, form_data(101))
    assert refused.status_code == 200 and "0 到 100" in refused.content.decode()
    low = client.post(url, form_data(40))
    assert "总分低于 60 分" in low.content.decode()
    response = client.post(url, form_data(85))
    assert response.url == reverse("assessment:expert_score", args=[second.pk])
    first.refresh_from_db()
    assert first.total == 85 and first.remarks["building"] == "building 的意见"
    response = client.post(reverse("assessment:expert_score", args=[second.pk]), form_data(75))
    assert response.url == reverse("assessment:expert_cases")
    assert "已于" in client.get(url).content.decode()


def test_an_expert_may_declare_a_conflict_and_lose_the_case(client):
    round_, people = scoring_round(hainan(studios=1, members=1))
    score = Score.objects.filter(case__round=round_).first()
    client.force_login(score.expert)
    url = reverse("assessment:expert_score", args=[score.pk])
    response = client.post(url, {"action": "conflict", "reason": "与主持人为亲属"})
    assert response.url == reverse("assessment:expert_cases")
    assert not Score.objects.filter(pk=score.pk).exists()


@pytest.mark.clause("HN-5.3")
def test_the_survey_shows_only_aggregates_from_five_respondents(client):
    hn = hainan(studios=1, members=6)
    round_, people = scoring_round(hn)
    case = round_.cases.get()
    score = case.scores.first()
    client.force_login(score.expert)
    url = reverse("assessment:expert_score", args=[score.pk])
    answers = {"plan_followed": 5, "useful": 4, "guidance": 4, "climate": 3}
    SurveyAnswer.objects.bulk_create([SurveyAnswer(case=case, answers=answers) for _ in range(4)])
    assert "调查人数不足 5 人，不显示结果" in client.get(url).content.decode()
    SurveyAnswer.objects.create(case=case, answers=answers)
    page = client.get(url).content.decode()
    assert "不显示结果" not in page and "5.00" in page and "已答 5 人" in page


def test_the_list_of_30_cases_and_a_case_page_take_constant_queries(
    client, django_assert_max_num_queries
):
    hn = hainan(studios=30, members=1)
    round_, people = with_panel(hn, experts=0)
    busy = expert()
    panel.add_expert(actor=SYSTEM, round_=round_, expert=busy, school=busy.school)
    for case in round_.cases.all():
        panel.assign_expert(actor=SYSTEM, case=case, expert=busy)
    round_.rubric = {**round_.rubric, "experts_per_subject": 1}
    round_.save()
    stages.start_scoring(actor=SYSTEM, round_=round_)
    assert Score.objects.filter(expert=busy).count() == 30
    client.force_login(busy)
    listing = reverse("assessment:expert_cases")
    client.get(listing)
    with django_assert_max_num_queries(12):
        response = client.get(listing)
    assert response.content.decode().count("expert/scores/") >= 30
    score = Score.objects.filter(expert=busy).first()
    page = reverse("assessment:expert_score", args=[score.pk])
    client.get(page)
    with django_assert_max_num_queries(14):
        assert client.get(page).status_code == 200
    assert Case.objects.filter(round=round_, status=Case.Status.SUBMITTED).count() == 30


def test_the_menu_leads_experts_to_their_cases_once_scoring_starts(client):
    round_, people = with_panel(hainan(studios=1, members=1))
    panel.assign_automatically(actor=SYSTEM, round_=round_)
    client.force_login(people[0])
    listing = reverse("assessment:expert_cases")
    home = reverse("core:home")
    assert listing not in client.get(home).content.decode()
    stages.start_scoring(actor=SYSTEM, round_=round_)
    client.logout()
    client.force_login(people[0])  # the menu is kept in the session for a minute
    assert listing in client.get(home).content.decode()


def test_an_expert_sees_no_personal_numbers(client):
    hn = hainan(studios=1, members=2)
    round_, people = scoring_round(hn)
    score = Score.objects.filter(case__round=round_).first()
    client.force_login(score.expert)
    page = client.get(reverse("assessment:expert_score", args=[score.pk])).content.decode()
    studio = hn.studios[0]
    for principal in [studio.host, *hn.members[studio.pk]]:
        assert principal.id_number not in page
        assert principal.mobile not in page
