"""Programmes and policies: what each user sees, by the same selectors and rules as the pages."""

import pytest

from touyan.programmes import services as programme_services

from ..programmes import SYSTEM, hainan, hangzhou
from .helpers import ALLOWED, NOT_FOUND, UNAUTHENTICATED, check_api_access, send, token_for

pytestmark = pytest.mark.django_db


def test_who_sees_the_hangzhou_programme(client, cast):
    hz = hangzhou()
    programme_services.add_trainee(
        actor=SYSTEM, cohort=hz.cohort, principal=cast.xihu_principal, joined_on=hz.cohort.starts_on
    )
    check_api_access(
        client,
        cast,
        f"/programmes/{hz.programme.slug}",
        {
            "anonymous": UNAUTHENTICATED,
            "superuser": ALLOWED,
            "hz_admin": ALLOWED,
            "hz_centre": ALLOWED,
            "xihu": ALLOWED,
            "binjiang": ALLOWED,
            "hn_admin": NOT_FOUND,
            "expert": NOT_FOUND,
            "nobody": NOT_FOUND,
            "own": ALLOWED,
        },
    )


def test_the_list_holds_only_visible_programmes(client, cast):
    hz, hn = hangzhou(), hainan(studios=1, members=1)
    for user, expected in [
        (cast.hz_centre, [hz.programme.slug]),
        (cast.hn_admin, [hn.programme.slug]),
        (cast.superuser, [hz.programme.slug, hn.programme.slug]),
        (cast.nobody, []),
    ]:
        response = send(client, "GET", "/programmes", key=token_for(user))
        assert response.status_code == 200
        assert sorted(p["slug"] for p in response.json()) == sorted(expected), user


def test_unknown_programmes_answer_404_in_chinese(client, cast):
    response = send(client, "GET", "/programmes/no-such-programme", key=token_for(cast.superuser))
    assert response.status_code == 404
    assert response.json() == {"detail": "没有找到项目“no-such-programme”，或您无权查看"}


@pytest.mark.clause("HN-4.0")
def test_a_studio_programme_shows_its_cycle_semesters_and_themes(client, cast):
    hn = hainan(studios=2, members=1)
    programme_services.set_theme(
        actor=SYSTEM, programme=hn.programme, year=1, title="学校课程领导力"
    )
    programme_services.set_theme(actor=SYSTEM, programme=hn.programme, year=2, title="教师专业发展")
    data = send(
        client, "GET", f"/programmes/{hn.programme.slug}", key=token_for(cast.hn_admin)
    ).json()
    assert data["subject"] == "studio"
    assert data["policy"] == {
        "slug": "hainan-studios",
        "name": data["policy"]["name"],
        "version": 1,
    }
    calendar = data["calendar"]
    assert (calendar["start"], calendar["end"], calendar["cycle_months"]) == (
        "2025-09-01",
        "2028-08-31",
        36,
    )
    assert [(y["number"], y["start"], y["theme"]) for y in calendar["years"]] == [
        (1, "2025-09-01", "学校课程领导力"),
        (2, "2026-09-01", "教师专业发展"),
        (3, "2027-09-01", ""),
    ]
    assert calendar["semesters"][0] == {
        "name": "秋季学期",
        "start": "2025-09-01",
        "end": "2026-01-31",
    }
    assert [t["title"] for t in data["themes"]] == ["学校课程领导力", "教师专业发展"]
    assert (data["studio_count"], data["trainee_count"], data["cohorts"]) == (2, 0, [])


@pytest.mark.clause("HZ-4.2.2")
def test_counts_follow_what_the_user_sees(client, cast):
    hz = hangzhou(trainees=3)
    full = send(
        client, "GET", f"/programmes/{hz.programme.slug}", key=token_for(cast.hz_centre)
    ).json()
    district = send(
        client, "GET", f"/programmes/{hz.programme.slug}", key=token_for(cast.binjiang)
    ).json()
    assert full["trainee_count"] == 3 and full["cohorts"][0]["trainee_count"] == 3
    assert full["cohorts"][0]["ends_on"] == "2027-08-31"
    assert district["trainee_count"] == 1 and district["cohorts"][0]["trainee_count"] == 1


POLICY_READERS = {
    "anonymous": UNAUTHENTICATED,
    "superuser": ALLOWED,
    "hz_admin": ALLOWED,
    "hz_centre": ALLOWED,
    "xihu": ALLOWED,
    "hn_admin": ALLOWED,
    "expert": ALLOWED,
    "nobody": NOT_FOUND,
    "own": NOT_FOUND,
}


def test_who_reads_policies(client, cast):
    hangzhou()
    for path in [
        "/policies",
        "/policies/hangzhou-training",
        "/policies/hangzhou-training/versions/1",
    ]:
        check_api_access(client, cast, path, POLICY_READERS)


@pytest.mark.clause("HZ-3.4.2")
def test_a_policy_gives_its_text_and_rules(client, cast):
    hangzhou()
    key = token_for(cast.hz_centre)
    data = send(client, "GET", "/policies/hangzhou-training", key=key).json()
    assert (data["slug"], data["version"], data["versions"]) == ("hangzhou-training", 1, [1])
    assert data["jurisdiction"] == {"code": "330100", "name": "杭州市"}
    assert data["text"].startswith("# 杭州市中小学名校长培养工程") and len(data["digest"]) == 64
    report = next(rule for rule in data["rules"] if rule["id"] == "hz-research-report")
    assert report["clause"] == "HZ-3.4.2" and report["kind"] == "deliverables"
    assert "10000" in report["description"] and "每份不少于 10000 字" in report["requirement"]
    listed = send(client, "GET", "/policies", key=key).json()
    assert {"slug": "hangzhou-training", "latest_version": 1}.items() <= listed[0].items()


def test_unknown_policies_and_versions_answer_404(client, cast):
    hangzhou()
    key = token_for(cast.hz_centre)
    assert send(client, "GET", "/policies/nowhere", key=key).status_code == 404
    assert send(client, "GET", "/policies/hangzhou-training/versions/2", key=key).status_code == 404
    assert send(client, "GET", "/policies/hangzhou-training/versions/0", key=key).status_code == 422
