"""A member's pages: the surveys they are asked to answer (HN-5.3) and their own published
results (我的考核结果, HN-4.2.4, HZ-3.4.3)."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.access import ALLOWED, NOT_FOUND, check_access
from tests.records.programme_people import matrix, with_hainan, with_hangzhou
from touyan.assessment.models import Case, Round, SurveyAnswer, SurveyInvitation

from .rounds import annual, member_regular

pytestmark = pytest.mark.django_db

ANSWERS = {"plan_followed": "5", "useful": "4", "guidance": "3", "climate": "2"}


@pytest.fixture
def surveyed(cast, pin_today):
    hn = with_hainan(cast, members=5)
    round_ = annual(hn)
    pin_today(round_.opens_on + dt.timedelta(days=3))
    case = round_.cases.get(studio=hn.studios[0])
    return hn, round_, case


@pytest.mark.clause("HN-5.3")
def test_the_survey_pages_are_for_the_invited_member_only(client, cast, surveyed):
    _hn, _round, case = surveyed
    principals = {name: ALLOWED for name in ("own", "host", "member", "other_host", "superuser")}
    check_access(client, cast, reverse("assessment:surveys"), matrix(cast, NOT_FOUND, **principals))
    for name in ("survey", "survey_thanks"):
        check_access(
            client,
            cast,
            reverse(f"assessment:{name}", args=[case.pk]),
            matrix(cast, NOT_FOUND, member=ALLOWED),
        )


@pytest.mark.clause("HN-5.3")
def test_a_member_answers_on_the_form_and_then_sees_only_that_they_answered(client, cast, surveyed):
    _hn, _round, case = surveyed
    client.force_login(cast.member)
    listing = client.get(reverse("assessment:surveys"))
    assert reverse("assessment:survey", args=[case.pk]) in listing.content.decode()
    url = reverse("assessment:survey", args=[case.pk])
    page = client.get(url).content.decode()
    assert "很不同意" in page and "很同意" in page
    assert page.count('type="radio"') == 4 * 5
    refused = client.post(url, {**ANSWERS, "useful": ""})
    assert refused.status_code == 200
    assert "请为这一题选择一项" in refused.content.decode()
    assert 'value="5" id="id_plan_followed_4" checked' in refused.content.decode()
    assert not SurveyAnswer.objects.exists()
    response = client.post(url, ANSWERS)
    assert response.url == reverse("assessment:survey_thanks", args=[case.pk])
    assert SurveyAnswer.objects.get().answers == {k: int(v) for k, v in ANSWERS.items()}
    after = client.get(url).content.decode()
    assert "您已回答这份调查" in after
    assert 'type="radio"' not in after
    # Answering again changes nothing.
    client.post(url, {**ANSWERS, "useful": "1"})
    assert SurveyAnswer.objects.count() == 1
    assert "已回答" in client.get(reverse("assessment:surveys")).content.decode()


@pytest.mark.clause("HN-5.3")
def test_a_closed_survey_shows_no_form(client, cast, surveyed, pin_today):
    _hn, round_, case = surveyed
    pin_today(round_.closes_on + dt.timedelta(days=1))
    client.force_login(cast.member)
    page = client.get(reverse("assessment:survey", args=[case.pk])).content.decode()
    assert 'type="radio"' not in page and "现在不能回答" in page
    client.post(reverse("assessment:survey", args=[case.pk]), ANSWERS)
    assert not SurveyInvitation.objects.filter(answered=True).exists()


@pytest.mark.clause("HN-4.2.4", "HZ-3.4.3")
def test_my_results_show_only_my_published_grades(client, cast, django_assert_max_num_queries):
    hn = with_hainan(cast, members=3)
    hz = with_hangzhou(cast, trainees=2)
    url = reverse("assessment:results")
    principals = ("own", "host", "member", "other_host", "trainee", "other_trainee", "superuser")
    check_access(client, cast, url, matrix(cast, NOT_FOUND, **dict.fromkeys(principals, ALLOWED)))
    first, second = member_regular(hn), member_regular(hn, semester=2)
    mine = Case.objects.filter(member__principal__user=cast.member)
    for round_, grade in ((first, "good"), (second, "excellent")):
        mine.filter(round=round_).update(
            status=Case.Status.DECIDED, grade=grade, reason=f"评语{grade}"
        )
    Round.objects.filter(pk=first.pk).update(stage=Round.Stage.PUBLISHED)
    client.force_login(cast.member)
    page = client.get(url).content.decode()
    assert "良好" in page and "评语good" in page
    assert "评语excellent" not in page  # not yet published
    Round.objects.filter(pk=second.pk).update(stage=Round.Stage.PUBLISHED)
    with django_assert_max_num_queries(12):
        page = client.get(url).content.decode()
    assert "优秀" in page
    client.force_login(cast.trainee)
    assert "还没有公布的考核结果" in client.get(url).content.decode()
    assert hz.trainees  # the trainee's own results come from trainee rounds (test_direct)


@pytest.mark.clause("HN-5.3")
def test_the_menu_leads_an_invited_member_to_the_survey(client, cast, surveyed):
    from touyan.core import registry

    def urls(user):
        return {entry.url for entry in registry.MENU.items(user)}

    assert reverse("assessment:surveys") in urls(cast.member)
    assert reverse("assessment:surveys") not in urls(cast.hn_centre)
    assert reverse("assessment:results") not in urls(cast.member)
