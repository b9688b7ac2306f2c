"""The demo's first annual assessment of the Hainan studios: one studio 优秀 and commended, one
不合格 and revoked with its members released after its review was refused, one review upheld;
what the demo accounts find of it."""

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from touyan.accounts.models import User
from touyan.assessment.models import Case, ReviewRequest, Round
from touyan.assessment.services.dossiers import verify
from touyan.assessment.survey import aggregate
from touyan.demo.assessment_dates import first_annual_round
from touyan.demo.assessment_hainan import story
from touyan.demo.build import build_demo
from touyan.demo.hainan import HOST_SCHOOL, MEMBER_SCHOOL
from touyan.programmes.models import StudioMember

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
pytestmark = pytest.mark.clause("HN-5.2", "HN-5.4", "HN-5.4.1")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    with (
        django_db_blocker.unblock(),
        override_settings(
            PASSWORD_HASHERS=FAST_HASHER,
            MEDIA_ROOT=tmp_path_factory.mktemp("media"),
            TOUYAN_BACKGROUND_JOBS="inline",
        ),
        transaction.atomic(),
    ):
        build_demo(today=timezone.localdate())
        yield timezone.localdate()
        transaction.set_rollback(True)


@pytest.fixture
def annual(demo, db) -> Round:
    return Round.objects.get(code="annual", programme__slug__startswith="hainan-studios-")


def case_of(round_: Round, school: str) -> Case:
    return round_.cases.select_related("studio").get(studio__base_school__name=school)


def test_the_round_is_published_with_every_studio_decided_on_frozen_dossiers(annual):
    dates = first_annual_round(annual.programme.starts_on)
    assert annual.stage == Round.Stage.PUBLISHED
    assert timezone.localdate(annual.published_at) == dates.published_on
    assert annual.cases.count() == 16
    assert not annual.cases.exclude(status=Case.Status.DECIDED).exists()
    assert all(verify(case) for case in annual.cases.all())
    late = annual.cases.filter(submitter_name__contains="逾期").count()
    assert late == 2
    moderated = annual.cases.exclude(moderation_note="")
    assert [c.studio.base_school.name for c in moderated] == ["陵水中学"]


def test_the_story_studios_are_none_that_the_readme_uses(annual):
    named = {entry["school"] for entry in story()["studios"]}
    assert not named & {HOST_SCHOOL[1], MEMBER_SCHOOL[1]}


def test_an_excellent_studio_is_commended_on_its_public_page(annual, client):
    case = case_of(annual, "澄迈中学")
    assert (case.grade, case.consequence) == ("excellent", "commend")
    assert case.applied_at is not None
    page = client.get(reverse("studios:public", args=[case.studio_id])).content.decode()
    assert "表彰" in page


def test_a_failing_studio_is_revoked_after_its_review_is_refused(annual, client):
    dates = first_annual_round(annual.programme.starts_on)
    case = case_of(annual, "乐东中学")
    assert case.grade == "fail"
    assert case.review_request.status == ReviewRequest.Status.REFUSED
    studio = case.studio
    assert studio.revoked_on == dates.reviews_decided_on
    members = StudioMember.objects.filter(studio=studio)
    assert members.exists()
    assert not members.filter(left_on__isnull=True).exists()
    assert all(m.left_on < studio.revoked_on for m in members)
    page = client.get(reverse("studios:public", args=[studio.pk])).content.decode()
    assert "已撤销" in page
    assert studio.base_title not in page


def test_an_upheld_review_raises_the_grade(annual):
    case = case_of(annual, "万宁中学")
    review = case.review_request
    assert review.status == ReviewRequest.Status.UPHELD
    assert (review.original_grade, case.grade) == ("pass", "good")
    assert case.scores.filter(for_review=True, submitted_at__isnull=False).count() == 2


def test_survey_aggregates_reach_the_experts_only_above_the_minimum(annual):
    shown = aggregate(case_of(annual, "澄迈中学"))
    assert shown.respondents >= shown.minimum and shown.shown
    assert not aggregate(case_of(annual, HOST_SCHOOL[1])).shown


@pytest.mark.parametrize(
    ("username", "page"),
    [
        ("hn-centre", "assessment:rounds"),
        ("hn-admin", "assessment:reviews"),
        ("expert", "assessment:expert_cases"),
    ],
)
def test_the_demo_accounts_find_the_round(annual, client, username, page):
    client.force_login(User.objects.get(username=username))
    response = client.get(reverse(page))
    assert response.status_code == 200
    assert "年度考核评价" in response.content.decode()


def test_the_host_reads_the_studio_result(annual, client):
    case = case_of(annual, HOST_SCHOOL[1])
    client.force_login(User.objects.get(username="host"))
    response = client.get(reverse("assessment:result", args=[case.pk]))
    assert response.status_code == 200
    assert "良好" in response.content.decode()


@pytest.mark.clause("HN-4.2.4")
def test_hosts_graded_their_members_and_a_member_reads_the_grade(demo, db, client):
    regular = Round.objects.get(code="member_regular")
    assert regular.stage == Round.Stage.PUBLISHED
    assert not regular.cases.filter(grade="").exists()
    member = User.objects.get(username="member")
    client.force_login(member)
    page = client.get(reverse("assessment:results")).content.decode()
    assert "成员平时考核" in page
