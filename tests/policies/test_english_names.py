"""English names beside the Chinese in policy data, shown when the user chose English."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.access import ALLOWED, LOGIN, NOT_FOUND, check_access
from touyan.compliance import wording
from touyan.policies.describe import requirement
from touyan.policies.loading import load_policy
from touyan.policies.names import shown
from touyan.records import services as records
from touyan.records.presenters import label_activities

from ..programmes import SYSTEM, hainan
from .helpers import HAINAN, HANGZHOU, edit, problems_of

pytestmark = pytest.mark.clause("HN-4.1.1")

WITHOUT_ENGLISH = re.sub(r"(?m)^name_en = .*\n|, name_en = \"[^\"]*\"", "", HAINAN)


def test_every_displayed_item_of_both_presets_has_an_english_name():
    for text in (HAINAN, HANGZHOU):
        policy = load_policy(text)
        items = [policy.policy, *policy.calendar.semesters, *policy.activity_types]
        items += policy.deliverable_kinds + policy.assessment.grades + policy.assessment.rounds
        items += policy.funding.sources + policy.funding.categories
        if policy.curriculum:
            items += policy.curriculum.series + policy.curriculum.topics
        assert [item.name for item in items if not item.name_en] == []
        assert [rule.id for rule in policy.rules if not rule.description_en] == []


def test_a_policy_without_english_names_stays_valid():
    policy = load_policy(WITHOUT_ENGLISH)
    assert all(t.name_en is None for t in policy.activity_types)


def test_english_names_are_checked_like_the_chinese():
    tab = edit(HAINAN, 'name_en = "Thematic seminar"', 'name_en = "Thematic\\tseminar"')
    assert "控制字符" in problems_of(tab)[0].message
    long = edit(HAINAN, 'name_en = "Thematic seminar"', f'name_en = "{"x" * 501}"')
    assert "500" in problems_of(long)[0].message
    blank = edit(HAINAN, 'name_en = "Thematic seminar"', 'name_en = " "')
    assert problems_of(blank)[0].message == "不能为空"


def test_shown_follows_the_active_language():
    seminar = load_policy(HAINAN).activity_type("seminar")
    with translation.override("en"):
        assert shown(seminar) == "Thematic seminar"
    with translation.override("zh-hans"):
        assert shown(seminar) == "专题研讨"
    plain = load_policy(WITHOUT_ENGLISH).activity_type("seminar")
    with translation.override("en"):
        assert shown(plain) == "专题研讨"


def test_rule_wording_uses_the_english_names_and_english_punctuation():
    policy = load_policy(HAINAN)
    rule = next(r for r in policy.rules if r.kind == "activity_count")
    with translation.override("en"), wording.in_language():
        title = wording.rule_title(policy, rule)
        text = requirement(policy, rule)
    assert "Thematic seminar" in title and "专题研讨" not in title
    assert "“" not in text and "、" not in text
    with translation.override("zh-hans"), wording.in_language():
        assert "专题研讨" in wording.rule_title(policy, rule)


@pytest.mark.django_db
def test_an_activity_type_in_a_list_follows_the_language():
    hn = hainan(studios=1, members=0)
    activity = records.create_activity(
        actor=SYSTEM,
        programme=hn.programme,
        studios=[hn.studios[0]],
        activity_type="seminar",
        title="龙华研讨",
        date=hn.programme.starts_on,
    )
    with translation.override("en"):
        assert label_activities([activity], load_policy(HAINAN))[0].type_name == (
            "Thematic seminar"
        )
    with translation.override("en"):
        plain = label_activities([activity], load_policy(WITHOUT_ENGLISH))[0]
        assert plain.type_name == "专题研讨"


@pytest.mark.django_db
def test_the_dashboard_headers_and_an_activity_page_speak_the_chosen_language(client, cast):
    hn = hainan(studios=1, members=0)
    slug = hn.programme.slug
    dashboard = reverse("compliance:dashboard", args=[slug])
    expected = {
        "anonymous": LOGIN,
        "superuser": ALLOWED,
        "hn_admin": ALLOWED,
        "hz_centre": NOT_FOUND,
        "nobody": NOT_FOUND,
    }
    check_access(client, cast, dashboard, expected)
    client.force_login(cast.superuser)
    client.cookies["touyan_language"] = "en"  # after logging in: logging out clears cookies
    english = client.get(dashboard).content.decode()
    assert "Thematic seminar" in english
    activity = records.create_activity(
        actor=SYSTEM,
        programme=hn.programme,
        studios=[hn.studios[0]],
        activity_type="seminar",
        title="龙华研讨",
        date=hn.programme.starts_on,
    )
    detail = reverse("records:activity", args=[slug, activity.pk])
    assert "Thematic seminar" in client.get(detail).content.decode()
    version = hn.programme.policy_version
    policy_page = reverse("policies:version", args=[version.policy.slug, version.number])
    text = client.get(policy_page).content.decode()
    assert "Thematic seminar, Intensive study" in text and "Autumn semester: 09-01" in text
    client.cookies["touyan_language"] = "zh-hans"
    chinese = client.get(dashboard).content.decode()
    assert "专题研讨" in chinese and "Thematic seminar" not in chinese
    chinese = client.get(detail).content.decode()
    assert "专题研讨" in chinese and "Thematic seminar" not in chinese
