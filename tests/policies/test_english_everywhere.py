"""English beyond rule and activity names: semester names in period labels, excluded spans,
the naming pattern, and selection calls with their conditions, attachments and rubric — on the
pages and in the API, in the language the reader chose (for a program: its Accept-Language)."""

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.api.helpers import send, token_for
from tests.programmes import hainan
from tests.selection_chain import applicant, apply, candidate_call
from touyan.policies.loading import load_policy
from touyan.programmes.calendar import ProgrammeCalendar
from touyan.selection.eligibility import condition_text
from touyan.selection.policy import call_spec

from .helpers import HAINAN, HANGZHOU, edit, problems_of

pytestmark = pytest.mark.clause("HN-4.1.1")


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def test_every_selection_item_and_the_naming_of_both_presets_have_english():
    for text in (HAINAN, HANGZHOU):
        policy = load_policy(text)
        for call in policy.selection:
            assert call.name_en
            assert [c.code for c in call.conditions if not c.text_en] == []
            assert [a.code for a in call.attachments if not a.name_en] == []
            assert [r.code for r in call.rubric if not r.name_en] == []
        assert [s.reason for s in policy.calendar.excluded if not s.reason_en] == []
    naming = load_policy(HAINAN).naming
    assert "{host}" in naming.studio_en and naming.base_school_en


def test_the_english_naming_pattern_is_checked_like_the_chinese():
    broken = edit(
        HAINAN,
        'studio_en = "{host} Studio',
        'studio_en = "{leader} Studio',
    )
    [problem] = problems_of(broken)
    assert problem.path[:2] == ("naming", "studio_en")


def test_a_semester_label_follows_the_language_from_one_calendar():
    calendar = ProgrammeCalendar(load_policy(HAINAN).calendar, dt.date(2025, 9, 1))
    autumn = calendar.period_of("semester", dt.date(2025, 10, 1))
    with translation.override("zh-hans"):
        assert autumn.label == "2025年秋季学期"
        assert calendar.excluded_reason(dt.date(2026, 8, 1)) == "暑假"
    with translation.override("en"):
        assert autumn.label == "Autumn semester 2025"
        assert calendar.excluded_reason(dt.date(2026, 8, 1)) == "Summer holidays"
    # The same period object again in Chinese: nothing was fixed in English when first read.
    with translation.override("zh-hans"):
        assert autumn.label == "2025年秋季学期"


def test_a_semester_without_english_keeps_its_chinese_name():
    plain = HAINAN.replace('name_en = "Autumn semester"\n', "")
    calendar = ProgrammeCalendar(load_policy(plain).calendar, dt.date(2025, 9, 1))
    with translation.override("en"):
        assert calendar.period_of("semester", dt.date(2025, 10, 1)).label == "秋季学期 2025"


@pytest.mark.django_db
def test_the_policy_page_shows_the_naming_in_the_chosen_language(client, cast):
    hainan(studios=0, members=0)
    client.force_login(cast.superuser)
    url = reverse("policies:detail", args=["hainan-studios"])
    page = client.get(url).content.decode()
    assert "{host}中学卓越校长工作室" in page and "王某某中学卓越校长工作室" in page
    english(client)
    page = client.get(url).content.decode()
    assert "{host} Studio for Excellent Secondary School Principals" in page
    assert "Summer holidays" in page and "暑假" not in page


@pytest.mark.django_db
def test_the_public_call_page_reads_in_english(client):
    chain = candidate_call()
    url = reverse("selection:public_call", args=[chain.call.pk])
    page = client.get(url).content.decode()
    assert "任正职满3年" in page and "专业技术职务证书" in page and "以人为本，师生发展优" in page
    english(client)
    page = client.get(url).content.decode()
    assert "At least 3 years as head" in page
    assert "Professional title certificate" in page
    assert "People first, teachers and students develop well" in page
    assert "任正职满3年" not in page


@pytest.mark.django_db
def test_kept_findings_are_worded_for_their_reader(client, cast):
    chain = candidate_call()
    application = apply(chain.call, applicant("330106"))
    kept = {f["code"]: f for f in application.eligibility}
    assert kept["tenure"]["text"] == "任正职满3年"  # kept as the policy wrote it
    spec = call_spec(chain.call)
    with translation.override("en"):
        assert condition_text(spec, kept["tenure"]) == "At least 3 years as head"
    client.force_login(cast.xihu)
    url = reverse("selection:district_review", args=[application.pk])
    english(client)
    page = client.get(url).content.decode()
    assert "At least 3 years as head" in page and "任正职满3年" not in page


@pytest.mark.django_db
def test_the_api_follows_accept_language(client, cast):
    chain = candidate_call()
    key = token_for(cast.hz_centre)
    path = f"/calls/{chain.call.pk}"
    chinese = send(client, "GET", path, key=key).json()
    assert {c["text"] for c in chinese["conditions"]} >= {"任正职满3年"}
    assert chinese["rubric"][0]["name"] == "理念先进，管理水平高"
    answered = send(client, "GET", path, key=key, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert answered["Content-Language"] == "en"
    found = answered.json()
    assert {c["text"] for c in found["conditions"]} >= {"At least 3 years as head"}
    assert found["rubric"][0]["name"] == "Advanced ideas, a high level of management"
    assert found["attachments"][1]["name"] == "Professional title certificate"
    # A browser page still ignores the header: only the switcher's choice counts there.
    page = client.get(
        reverse("selection:public_call", args=[chain.call.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "任正职满3年" in page.content.decode()


@pytest.mark.django_db
def test_the_api_policy_rules_follow_accept_language(client, cast):
    candidate_call()
    key = token_for(cast.hz_centre)
    chinese = send(client, "GET", "/policies/hangzhou-training", key=key).json()
    english_body = send(
        client, "GET", "/policies/hangzhou-training", key=key, HTTP_ACCEPT_LANGUAGE="en"
    ).json()
    policy = load_policy(HANGZHOU)
    assert chinese["rules"][0]["description"] == policy.rules[0].description
    assert english_body["rules"][0]["description"] == policy.rules[0].description_en
    assert english_body["name"] == policy.policy.name_en
