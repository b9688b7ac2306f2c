"""Selection in the demo: a Hangzhou candidate call at every stage and Hainan's finished host
call, told in the order it happened, and what the demo accounts find of them."""

import datetime as dt
from pathlib import Path

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from touyan.accounts.models import User
from touyan.demo.accounts import APPLICANT_SCHOOL, DEMO_ACCOUNTS, SECOND_COHORT_ACCOUNTS
from touyan.demo.build import build_demo
from touyan.demo.hainan import HOST_SCHOOL
from touyan.people.models import Principal
from touyan.programmes.models import Programme, Studio, Trainee
from touyan.selection import eligibility, selectors
from touyan.selection.models import (
    Application,
    Call,
    Conflict,
    DistrictBatch,
    Evidence,
    Notice,
    Objection,
    Review,
)
from touyan.selection.policy import call_spec

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
S = Application.Status
XIHU, BINJIANG = "330106", "330108"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo built once for this module, as of today, and rolled back after it."""
    with (
        django_db_blocker.unblock(),
        override_settings(
            PASSWORD_HASHERS=FAST_HASHER, MEDIA_ROOT=tmp_path_factory.mktemp("media")
        ),
        transaction.atomic(),
    ):
        build_demo(today=timezone.localdate())
        yield timezone.localdate()
        transaction.set_rollback(True)


@pytest.fixture
def today(demo, db):
    return demo


def hangzhou_calls():
    return Call.objects.filter(programme__slug__startswith="hangzhou-training-")


def call_at(stage: str, *, accepting: bool | None = None) -> Call:
    found = [c for c in hangzhou_calls().filter(stage=stage)]
    if accepting is not None:
        found = [c for c in found if c.accepts_applications() == accepting]
    (call,) = found
    return call


def user(username: str) -> User:
    return User.objects.get(username=username)


def statuses(call: Call) -> dict[str, int]:
    counts: dict[str, int] = {}
    for status in call.applications.values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return counts


# Every stage ---------------------------------------------------------------------------------


@pytest.mark.clause("HZ-4.1.1", "HZ-4.1.2", "HZ-4.1.3")
def test_the_training_programme_has_a_call_in_every_stage(today):
    stages = sorted(hangzhou_calls().values_list("stage", flat=True))
    assert stages == sorted(["open", "open", "review", "decision", "notice", "final"])
    assert call_at("open", accepting=True).closes_at > timezone.now()
    assert call_at("open", accepting=False).closes_at < timezone.now()
    programme = Programme.objects.get(slug__startswith="hangzhou-training-")
    assert sorted(programme.cohorts.values_list("number", flat=True)) == [1, 2, 3]
    for call in hangzhou_calls():
        assert call.cohort.number in (2, 3)
        assert call.opens_at.date() < today
        assert call.spec_code == "candidate" and call.district_review


@pytest.mark.clause("HZ-2.2", "HZ-4.1.2")
def test_the_open_call_has_applications_in_progress(today):
    call = call_at("open", accepting=True)
    counts = statuses(call)
    assert counts[S.DRAFT] >= 2 and counts[S.SUBMITTED] >= 3 and counts[S.RETURNED] == 1
    xihu = call.applications.filter(district_id=XIHU)
    returned = xihu.get(status=S.RETURNED)
    assert returned.review_note and returned.review_office == "杭州市西湖区教育局"
    assert returned.reviewed_by == user("hz-xihu")
    corrected = xihu.exclude(corrections={}).get()
    assert corrected.status == S.SUBMITTED
    assert set(corrected.corrections) & {"appointed_on", "title"}
    left_to_experts = xihu.filter(outcome=Application.Outcome.EXPERTS, corrections={}).get()
    assert left_to_experts.status == S.SUBMITTED
    title = next(f for f in left_to_experts.eligibility if f["code"] == "title")
    assert title["outcome"] == eligibility.EXPERTS
    assert xihu.filter(status=S.DRAFT).exists()
    for application in call.applications.exclude(status=S.DRAFT):
        assert application.evidence.filter(requirement="form").exists()


def test_the_applicant_account_may_apply_and_has_not(today):
    account = user("applicant")
    principal = account.principal
    assert (principal.school.region_id, principal.school.name) == APPLICANT_SCHOOL
    call = call_at("open", accepting=True)
    assert not Application.objects.filter(principal=principal).exists()
    assert not Trainee.objects.filter(principal=principal).exists()
    assert account.has_perm("selection.apply")
    findings = eligibility.evaluate(
        call_spec(call),
        principal,
        jurisdiction=call.programme.jurisdiction_id,
        on=call.closes_at.date(),
        statements={c.code: "已陈述" for c in call_spec(call).conditions},
    )
    assert eligibility.overall(findings) == "eligible"


@pytest.mark.clause("HZ-4.1.2", "HZ-4.2.2")
def test_the_closed_call_is_with_the_districts(today):
    call = call_at("open", accepting=False)
    assert call.district_deadline > timezone.now()
    batches = {b.district_id: b for b in DistrictBatch.objects.filter(call=call)}
    assert batches[BINJIANG].status == DistrictBatch.Status.SUBMITTED
    assert batches[BINJIANG].candidates == call.applications.filter(district_id=BINJIANG).count()
    assert batches[XIHU].status == DistrictBatch.Status.OPEN
    xihu = call.applications.filter(district_id=XIHU)
    assert set(xihu.values_list("status", flat=True)) == {S.ENDORSED}
    assert sorted(xihu.values_list("district_rank", flat=True)) == list(range(1, xihu.count() + 1))
    assert call.applications.filter(status=S.SUBMITTED).exists()  # others still reviewing
    assert call.applications.filter(status=S.REJECTED).exclude(review_note="").exists()


@pytest.mark.clause("HZ-4.1.3")
def test_the_call_in_review_has_a_panel_scores_and_a_conflict(today):
    call = call_at("review")
    panel = list(call.panel.values_list("expert__username", flat=True))
    assert len(panel) == 6 and "expert" in panel
    forwarded = selectors.forwarded(call)
    assert forwarded.count() > call.places
    for application in forwarded:
        assert application.reviews.count() == 3
    reviews = Review.objects.filter(application__call=call)
    assert reviews.filter(submitted_at__isnull=False).exists()
    assert reviews.filter(submitted_at__isnull=True).exists()
    mine = reviews.filter(expert=user("expert"))
    assert mine.filter(submitted_at__isnull=False).exists()
    assert mine.filter(submitted_at__isnull=True).exists()
    (conflict,) = Conflict.objects.filter(call=call)
    assert not reviews.filter(
        expert=conflict.expert, application__principal=conflict.principal
    ).exists()
    scored = forwarded.filter(scored_reviews__gt=0)
    assert all(a.score is not None for a in scored)


@pytest.mark.clause("HZ-4.1.3")
def test_the_decided_call_chose_among_more_than_its_places(today):
    call = call_at("decision")
    forwarded = selectors.forwarded(call)
    assert forwarded.count() > call.places  # 差额
    assert not forwarded.filter(status=S.ENDORSED).exists()
    selected = forwarded.filter(status=S.SELECTED)
    assert selected.count() == call.places
    worst_selected = min(a.score for a in selected)
    assert all(a.score <= worst_selected for a in forwarded.filter(status=S.NOT_SELECTED))
    assert all(a.decision_reason and a.decided_by == user("hz-admin") for a in forwarded)
    assert not Notice.objects.filter(call=call).exists()


@pytest.mark.clause("HZ-4.1.3")
def test_the_call_in_notice_has_its_notice_open_today_and_an_objection_pending(today):
    call = call_at("notice")
    notice = call.notice
    assert notice.is_open(today)
    (objection,) = notice.objections.all()
    assert objection.status == Objection.Status.PENDING
    assert objection.application.status == S.SELECTED
    assert statuses(call)[S.SELECTED] == call.places


@pytest.mark.clause("HZ-4.1.3")
def test_the_final_call_made_cohort_two(today):
    call = call_at("final")
    notice = call.notice
    assert notice.ends_on < today and notice.finalised_at
    (objection,) = notice.objections.all()
    assert objection.status == Objection.Status.DISMISSED and objection.handling
    confirmed = call.applications.filter(status=S.CONFIRMED)
    assert confirmed.count() == call.places
    trainees = Trainee.objects.filter(cohort=call.cohort)
    assert call.cohort.number == 2
    assert set(trainees.values_list("principal", flat=True)) == set(
        confirmed.values_list("principal", flat=True)
    )
    assert {t.joined_on for t in trainees} == {timezone.localtime(notice.finalised_at).date()}


@pytest.mark.clause("HN-3.4", "HN-3.9")
def test_hainans_new_hosts_came_through_the_host_call_without_new_studios(today):
    (call,) = Call.objects.filter(programme__slug__startswith="hainan-studios-", spec_code="host")
    assert call.stage == Call.Stage.FINAL and not call.district_review
    programme = call.programme
    assert Studio.objects.filter(programme=programme).count() == 16
    confirmed = call.applications.filter(status=S.CONFIRMED)
    assert confirmed.count() == call.places == 4
    hosts = set(Studio.objects.filter(programme=programme).values_list("host", flat=True))
    assert set(confirmed.values_list("principal", flat=True)) <= hosts
    assert call.applications.filter(status=S.NOT_SELECTED).exists()
    assert {a.review_office for a in call.applications.all()} == {"海南省教育厅"}
    host = user("host").principal
    assert (host.school.region_id, host.school.name) == HOST_SCHOOL
    assert call.applications.get(principal=host).status == S.CONFIRMED
    assert call.notice.starts_on < programme.starts_on


def test_the_stamps_follow_the_story(today):
    now = timezone.now()
    for call in Call.objects.all():
        assert call.published_at <= call.opens_at
        for application in call.applications.exclude(status=S.DRAFT):
            assert call.opens_at <= application.submitted_at < call.closes_at
            assert application.created_at <= application.submitted_at
            for evidence in application.evidence.all():
                assert evidence.uploaded_at <= application.submitted_at
            if application.reviewed_at:
                assert application.submitted_at < application.reviewed_at <= now
            for review in application.reviews.all():
                assert application.reviewed_at < review.assigned_at
                if review.submitted_at:
                    assert review.assigned_at < review.submitted_at <= now
                    if application.decided_at:
                        assert review.submitted_at < application.decided_at
        for batch in DistrictBatch.objects.filter(call=call, status="submitted"):
            assert batch.submitted_at <= (call.district_deadline or now)
        notice = Notice.objects.filter(call=call).first()
        if notice is not None:
            decided = call.applications.filter(decided_at__isnull=False)
            assert all(a.decided_at < notice.published_at for a in decided)
            for objection in notice.objections.all():
                assert notice.starts_on <= timezone.localtime(objection.lodged_at).date()
                assert notice.published_at < objection.lodged_at <= now
    assert not Evidence.objects.filter(uploaded_at__gt=now).exists()


def test_past_news_is_read_and_todays_is_not(today):
    officer = user("hz-xihu")
    old = officer.notifications.filter(created_at__lt=timezone.now() - dt.timedelta(days=10))
    assert old.exists() and not old.filter(read_at__isnull=True).exists()
    managers = user("hz-admin").notifications.filter(read_at__isnull=True)
    assert managers.filter(title__contains="异议").exists()  # the objection lodged yesterday


# What the demo accounts find -----------------------------------------------------------------


def test_the_demo_accounts_find_their_part(today):
    everything = set(hangzhou_calls())
    for username in ("hz-admin", "hz-centre"):
        assert set(selectors.managed_calls(user(username))) >= everything
    for username in ("hz-xihu", "hz-binjiang"):
        assert set(selectors.calls_visible_to(user(username))) == everything
    open_call = call_at("open", accepting=True)
    xihu_sees = selectors.district_applications(user("hz-xihu"), open_call, XIHU)
    assert xihu_sees.filter(status=S.SUBMITTED).exists()
    assert not xihu_sees.filter(status=S.DRAFT).exists()
    assert not selectors.district_applications(user("hz-binjiang"), open_call, XIHU).exists()
    expert = user("expert")
    assert selectors.reviews_of(expert).filter(submitted_at__isnull=True).exists()
    assert {r.application.call.programme.slug[:8] for r in selectors.reviews_of(expert)} == {
        "hainan-s",
        "hangzhou",
    }
    (own,) = selectors.own_applications(user("host"))
    assert own.status == S.CONFIRMED
    assert not selectors.own_applications(user("trainee")).exists()


def test_the_new_account_is_in_the_accounts_table():
    (account,) = [a for a in DEMO_ACCOUNTS if a.username == "applicant"]
    assert account.principal_school == APPLICANT_SCHOOL
    assert account.role_label and account.scope and "申报" in account.try_this
    readme = Path(__file__).resolve().parents[2] / "README.md"
    assert "| `applicant` |" in readme.read_text(encoding="utf-8")


def test_the_demo_heads_are_not_applicants_elsewhere(today):
    """Only the cohort-2 accounts applied, each once, to the call that made cohort 2, and
    were chosen; no other demo head is an applicant."""
    cohort_two = Principal.objects.filter(user__username__in=SECOND_COHORT_ACCOUNTS)
    linked = Principal.objects.filter(user__isnull=False).exclude(pk__in=cohort_two)
    hangzhou = Application.objects.filter(call__programme__slug__startswith="hangzhou-training-")
    assert not hangzhou.filter(principal__in=linked).exists()
    theirs = hangzhou.filter(principal__in=cohort_two)
    assert theirs.count() == cohort_two.count() == len(SECOND_COHORT_ACCOUNTS)
    assert {a.call for a in theirs} == {call_at("final")}
    assert {a.status for a in theirs} == {S.CONFIRMED}


# The pages ----------------------------------------------------------------------------------


def page(client, username: str | None, name: str, *args) -> str:
    client.logout()
    if username:
        client.force_login(user(username))
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200, (username, name, args)
    return response.content.decode()


def test_anyone_reads_the_calls_and_the_notices(client, today):
    listed = page(client, None, "selection:public_calls")
    for call in Call.objects.all():
        assert call.title in listed
    notice = call_at("notice")
    shown = page(client, None, "selection:public_notice", notice.pk)
    for application in notice.applications.filter(status=S.SELECTED):
        assert application.principal.name in shown
    final = call_at("final")
    shown = page(client, None, "selection:public_notice", final.pk)
    for application in final.applications.filter(status=S.CONFIRMED):
        assert application.principal.name in shown


def test_the_applicant_account_is_offered_the_open_call(client, today):
    open_call = call_at("open", accepting=True)
    assert "我要申报" in page(client, "applicant", "selection:public_call", open_call.pk)
    assert "我要申报" not in page(
        client, "applicant", "selection:public_call", call_at("open", accepting=False).pk
    )
    assert "正式入选" in page(client, "host", "selection:my_applications")


@pytest.mark.clause("HZ-4.1.2", "HZ-4.2.2")
def test_the_district_officers_find_their_applicants(client, today):
    open_call = call_at("open", accepting=True)
    shown = page(client, "hz-xihu", "selection:district_list", open_call.pk, XIHU)
    for application in open_call.applications.filter(district_id=XIHU).exclude(status=S.DRAFT):
        assert application.principal.name in shown
    closed = call_at("open", accepting=False)
    shown = page(client, "hz-xihu", "selection:district_list", closed.pk, XIHU)
    for application in closed.applications.filter(district_id=XIHU):
        assert application.principal.name in shown
    assert "已报送" in page(client, "hz-binjiang", "selection:district_list", closed.pk, BINJIANG)


@pytest.mark.clause("HZ-4.1.3")
def test_the_city_and_the_experts_find_each_stage(client, today):
    listed = page(client, "hz-centre", "selection:calls")
    for call in hangzhou_calls():
        assert call.title in listed
        page(client, "hz-admin", "selection:call", call.pk)
    batches = page(client, "hz-centre", "selection:batches", call_at("open", accepting=False).pk)
    assert "西湖区" in batches and "滨江区" in batches
    panel = page(client, "hz-centre", "selection:panel", call_at("review").pk)
    assert user("expert").full_name in panel
    decided = call_at("decision")
    ranking = page(client, "hz-admin", "selection:ranking", decided.pk)
    for application in decided.applications.filter(status=S.SELECTED):
        assert application.principal.name in ranking
    objections = page(client, "hz-admin", "selection:objections", call_at("notice").pk)
    assert call_at("notice").notice.objections.get().name in objections
    waiting = selectors.reviews_of(user("expert")).filter(submitted_at__isnull=True).first()
    assert waiting.application.principal.name in page(client, "expert", "selection:my_reviews")
    page(client, "expert", "selection:review", waiting.pk)
    (host_call,) = Call.objects.filter(
        programme__slug__startswith="hainan-studios-", spec_code="host"
    )
    page(client, "hn-centre", "selection:call", host_call.pk)
    (member_call,) = Call.objects.filter(
        programme__slug__startswith="hainan-studios-", spec_code="member"
    )
    page(client, "hn-centre", "selection:call", member_call.pk)
    own = member_call.applications.get(principal=user("member").principal)
    assert own.placed_studio.name in page(client, "member", "selection:my_applications")
    page(client, "member", "selection:application", own.pk)
