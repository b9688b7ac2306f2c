"""The office pages of selection: calls, the dashboard and its stage buttons, the districts'
batches, the panel, the competitive decision, one application, the notice and objections."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.access import ALLOWED, LOGIN, NOT_FOUND, check_access
from tests.factories import grant
from tests.programmes import SYSTEM
from tests.selection_chain import (
    after_closing,
    applicant,
    apply,
    candidate_call,
    endorse_and_send,
    expert,
    to_decision,
)
from touyan.core.actors import Actor
from touyan.programmes.models import Trainee
from touyan.selection.models import Application, Call, Conflict, Notice, Objection, Review
from touyan.selection.services import calls, decisions, reviews

pytestmark = pytest.mark.django_db
S = Application.Status

OFFICE = {
    "superuser": ALLOWED,
    "hz_admin": ALLOWED,
    "hz_centre": ALLOWED,
    "hn_admin": NOT_FOUND,
    "xihu": NOT_FOUND,
    "binjiang": NOT_FOUND,
    "expert": NOT_FOUND,
    "own": NOT_FOUND,
    "nobody": NOT_FOUND,
    "anonymous": LOGIN,
}


def in_review(cast, **extra):
    """A call in expert review: the cast's principal applied and was sent up by 西湖区, and the
    cast's expert is on the panel with the case assigned."""
    chain = candidate_call(**extra)
    application = apply(chain.call, cast.xihu_principal)
    endorse_and_send(chain.call, "330106", [application])
    calls.start_review(actor=SYSTEM, call=chain.call, now=after_closing(chain.call))
    reviews.add_to_panel(actor=SYSTEM, call=chain.call, expert=cast.expert)
    reviews.assign_expert(actor=SYSTEM, application=application, expert=cast.expert)
    return chain, application


def at_decision(places: int = 2, candidates: int = 3):
    chain = candidate_call(places=places)
    apps = [apply(chain.call, applicant()) for _ in range(candidates)]
    endorse_and_send(chain.call, "330106", apps)
    to_decision(chain)
    return chain, apps


@pytest.mark.clause("HZ-4.1.3")
def test_every_office_page_is_for_the_call_managers_only(client, cast):
    chain, application = in_review(cast)
    pk = chain.call.pk
    for name in ("call", "batches", "panel", "ranking", "notice", "objections"):
        check_access(client, cast, reverse(f"selection:{name}", args=[pk]), OFFICE)
    check_access(client, cast, reverse("selection:case", args=[application.pk]), OFFICE)
    runs_programmes = OFFICE | {"hn_admin": ALLOWED}
    check_access(client, cast, reverse("selection:calls"), runs_programmes)
    check_access(client, cast, reverse("selection:call_new"), runs_programmes)


def test_the_list_shows_only_ones_own_calls(client, cast):
    chain = candidate_call()
    client.force_login(cast.hz_admin)
    assert chain.call.title in client.get(reverse("selection:calls")).content.decode()
    client.force_login(cast.hn_admin)
    assert chain.call.title not in client.get(reverse("selection:calls")).content.decode()


def test_a_new_call_is_created_from_the_programme_policy_and_opens_its_page(client, cast):
    chain = candidate_call()
    client.force_login(cast.hz_admin)
    page = client.get(reverse("selection:call_new")).content.decode()
    assert "名校长培养工程人选遴选" in page and chain.programme.name in page
    now = timezone.localtime()
    data = {
        "programme": chain.programme.pk,
        "spec_code": "candidate",
        "title": "2027年名校长培养工程人选遴选",
        "description": "各区县教育局：……",
        "places": "8",
        "opens_at": (now + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + dt.timedelta(days=15)).strftime("%Y-%m-%dT%H:%M"),
        "district_deadline": (now + dt.timedelta(days=20)).strftime("%Y-%m-%dT%H:%M"),
        "anonymised": "yes",
    }
    refused = client.post(reverse("selection:call_new"), data)
    assert "培养人选遴选须指定" in refused.content.decode()
    response = client.post(reverse("selection:call_new"), data | {"cohort": chain.cohort.pk})
    call = Call.objects.get(title="2027年名校长培养工程人选遴选")
    assert response.url == reverse("selection:call", args=[call.pk])
    assert call.stage == Call.Stage.DRAFT and call.anonymised and call.places == 8
    assert call.spec["experts_per_application"] == 3


@pytest.mark.clause("HZ-4.1.3")
def test_the_dashboard_offers_the_next_step_of_each_stage(client, cast):
    chain = candidate_call()
    call = Call.objects.get(pk=chain.call.pk)
    Call.objects.filter(pk=call.pk).update(stage=Call.Stage.DRAFT, published_at=None)
    url = reverse("selection:call", args=[call.pk])
    client.force_login(cast.hz_centre)
    assert 'value="publish"' in client.get(url).content.decode()
    client.post(url, {"action": "publish"})
    assert Call.objects.get(pk=call.pk).stage == Call.Stage.OPEN

    apps = [apply(call, applicant()) for _ in range(3)]
    endorse_and_send(call, "330106", apps)
    page = client.get(url).content.decode()
    assert "开始专家评审" in page and "申报截止后才能进行下一步" in page
    assert "差额比例" in page and "1.5:1" in page
    response = client.post(url, {"action": "start_review"}, follow=True)
    assert "申报尚未截止" in response.content.decode()
    assert Call.objects.get(pk=call.pk).stage == Call.Stage.OPEN

    past = timezone.now() - dt.timedelta(minutes=5)
    Call.objects.filter(pk=call.pk).update(
        opens_at=past - dt.timedelta(days=10), closes_at=past, district_deadline=past
    )
    client.post(url, {"action": "start_review"})
    assert Call.objects.get(pk=call.pk).stage == Call.Stage.REVIEW
    assert "结束评审" in client.get(url).content.decode()
    response = client.post(url, {"action": "close_review"}, follow=True)
    assert "尚未分配任何评审" in response.content.decode()


def test_dates_and_places_are_edited_while_the_call_is_open(client, cast):
    chain = candidate_call()
    url = reverse("selection:call", args=[chain.call.pk])
    client.force_login(cast.hz_admin)
    later = timezone.localtime(chain.call.closes_at + dt.timedelta(days=2))
    deadline = later + dt.timedelta(days=10)
    client.post(
        url,
        {
            "action": "update",
            "title": chain.call.title,
            "places": "5",
            "closes_at": later.strftime("%Y-%m-%dT%H:%M"),
            "district_deadline": deadline.strftime("%Y-%m-%dT%H:%M"),
        },
    )
    call = Call.objects.get(pk=chain.call.pk)
    assert call.places == 5 and call.closes_at == later.replace(second=0, microsecond=0)
    early = timezone.localtime(call.opens_at - dt.timedelta(days=1))
    response = client.post(
        url,
        {
            "action": "update",
            "title": call.title,
            "places": "5",
            "closes_at": early.strftime("%Y-%m-%dT%H:%M"),
            "district_deadline": deadline.strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert "截止时间须晚于开始时间" in response.content.decode()


def _queries(client, url) -> int:
    """The queries of a second look at the page (the first builds the menu kept in the
    session)."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.clause("HZ-4.1.2")
def test_the_batch_overview_counts_every_district_in_constant_queries(client, cast):
    chain = candidate_call()
    url = reverse("selection:batches", args=[chain.call.pk])
    endorse_and_send(chain.call, "330106", [apply(chain.call, applicant("330106"))])
    apply(chain.call, applicant("330106"))
    client.force_login(cast.hz_admin)
    one = _queries(client, url)
    for region in ("330102", "330105", "330108", "330109"):
        apply(chain.call, applicant(region))
    five = _queries(client, url)
    assert one == five
    page = client.get(url).content.decode()
    assert "西湖区" in page and "萧山区" in page
    assert "合计（5 个区县）" in page
    assert reverse("selection:district_summary", args=[chain.call.pk, "330106"]) in page
    unsent = client.get(url + "?show=unsent").content.decode()
    assert "萧山区" in unsent and "西湖区" not in unsent.split("<tbody>")[1].split("</tbody>")[0]


@pytest.mark.clause("HZ-4.1.3")
def test_the_ranking_page_runs_in_constant_queries(client, cast):
    chain, apps = at_decision(places=3, candidates=5)
    url = reverse("selection:ranking", args=[chain.call.pk])
    client.force_login(cast.hz_admin)
    five = _queries(client, url)
    Application.objects.filter(pk__in=[a.pk for a in apps[1:]]).update(status=S.REJECTED)
    one = _queries(client, url)
    assert one == five


@pytest.mark.clause("HZ-4.1.3")
def test_candidates_are_decided_within_the_places(client, cast):
    chain, apps = at_decision(places=2, candidates=3)
    url = reverse("selection:ranking", args=[chain.call.pk])
    client.force_login(cast.hz_admin)
    page = client.get(url).content.decode()
    assert "候选 3 人 / 名额 2 人，差额比例 1.5:1" in page
    assert "专家评分 3 / 3" in page
    for application in apps[:2]:
        client.post(url, {"application": application.pk, "selected": "1", "reason": "综合评分靠前"})
    response = client.post(
        url, {"application": apps[2].pk, "selected": "1", "reason": "x"}, follow=True
    )
    assert "名额 2 人已满" in response.content.decode()
    assert Application.objects.get(pk=apps[2].pk).status == S.ENDORSED
    response = client.post(url, {"application": apps[2].pk, "selected": "0", "reason": ""})
    assert Application.objects.get(pk=apps[2].pk).status == S.ENDORSED
    client.post(url, {"application": apps[2].pk, "selected": "0", "reason": "评分靠后"})
    statuses = sorted(Application.objects.filter(call=chain.call).values_list("status", flat=True))
    assert statuses == sorted([S.SELECTED, S.SELECTED, S.NOT_SELECTED])
    page = client.get(url).content.decode()
    assert "2 / 2" in page


def test_the_ranking_is_read_only_before_the_decision_stage(client, cast):
    chain, application = in_review(cast)
    url = reverse("selection:ranking", args=[chain.call.pk])
    client.force_login(cast.hz_admin)
    page = client.get(url).content.decode()
    assert "结束评审后才能审定" in page
    assert 'name="selected"' not in page
    client.post(url, {"application": application.pk, "selected": "1", "reason": "好"})
    assert Application.objects.get(pk=application.pk).status == S.ENDORSED


@pytest.mark.clause("HZ-4.1.3")
def test_the_panel_assigns_automatically_and_explains_refused_changes(client, cast):
    chain = candidate_call()
    principals = [applicant() for _ in range(2)]
    apps = [apply(chain.call, p) for p in principals]
    endorse_and_send(chain.call, "330106", apps)
    calls.start_review(actor=SYSTEM, call=chain.call, now=after_closing(chain.call))
    colleague = expert(school=principals[0].school)
    others = [expert() for _ in range(2)]
    url = reverse("selection:panel", args=[chain.call.pk])
    client.force_login(cast.hz_centre)
    for user in [colleague, *others]:
        client.post(url, {"action": "add_expert", "expert": user.pk, "capacity": ""})
    assert chain.call.panel.count() == 3
    page = client.post(url, {"action": "auto"}).content.decode()
    assert "自动分配结果" in page and "新分配 5 份评审" in page
    assert "1 份申报未配足专家" in page and "符合回避要求的专家不足" in page
    response = client.post(
        url, {"action": "assign", "application": apps[0].pk, "expert": colleague.pk}, follow=True
    )
    assert "同一学校，须回避" in response.content.decode()
    client.post(
        url,
        {
            "action": "conflict",
            "expert": others[0].pk,
            "number": apps[1].number,
            "reason": "师生关系",
        },
    )
    assert Conflict.objects.filter(expert=others[0], principal=principals[1]).exists()
    assert not Review.objects.filter(application=apps[1], expert=others[0]).exists()
    review = Review.objects.filter(application=apps[1]).first()
    client.post(url, {"action": "unassign", "review": review.pk})
    assert not Review.objects.filter(pk=review.pk).exists()


def test_a_draft_stays_the_applicants_own(client, cast):
    chain = candidate_call()
    draft = apply(chain.call, applicant(), submit=False)
    client.force_login(cast.hz_admin)
    assert client.get(reverse("selection:case", args=[draft.pk])).status_code == 404


def test_the_case_page_shows_scores_by_expert_and_the_timeline(client, cast):
    chain, apps = at_decision(places=1, candidates=1)
    application = apps[0]
    url = reverse("selection:case", args=[application.pk])
    client.force_login(cast.hz_admin)
    page = client.get(url).content.decode()
    assert application.principal.name in page
    assert "理念先进，管理水平高" in page and "杭州市西湖区教育局" in page
    for review in Review.objects.filter(application=application).select_related("expert"):
        assert review.expert.full_name in page
    assert reverse("selection:evidence", args=[application.evidence.first().pk]) in page
    assert "办理记录" in page and "审核通过" in page
    client.post(url, {"application": application.pk, "selected": "1", "reason": "评分第一"})
    assert Application.objects.get(pk=application.pk).status == S.SELECTED


@pytest.mark.clause("HZ-4.1.3")
def test_notice_objection_and_final_list_through_the_pages(client, cast, pin_today):
    pin_today(dt.date(2026, 11, 23))
    chain, apps = at_decision(places=2, candidates=3)
    decisions.decide(actor=SYSTEM, application=apps[0], selected=True, reason="第一")
    decisions.decide(actor=SYSTEM, application=apps[1], selected=True, reason="第二")
    notice_url = reverse("selection:notice", args=[chain.call.pk])
    client.force_login(cast.hz_admin)
    monday = "2026-11-23"
    preview = client.post(
        notice_url, {"action": "preview", "contact": "0571-00000000", "starts_on": monday}
    )
    assert "至 2026-11-27" in preview.content.decode()
    response = client.post(
        notice_url, {"action": "publish", "contact": "0571-00000000", "starts_on": monday}
    )
    assert "还有 1 名人选未审定" in response.content.decode()
    decisions.decide(actor=SYSTEM, application=apps[2], selected=False, reason="第三")
    client.post(notice_url, {"action": "publish", "contact": "0571-00000000", "starts_on": monday})
    notice = Notice.objects.get(call=chain.call)
    assert notice.ends_on == dt.date(2026, 11, 27)
    objection = decisions.lodge_objection(
        actor=SYSTEM,
        notice=notice,
        name="王某",
        contact="13900000000",
        text="反映该校存在违规办学行为，请核查。",
        application=apps[1],
        today=notice.starts_on,
    )
    page = client.get(notice_url).content.decode()
    assert "期满后才能确定名单" in page
    assert (
        "期满后才能确定名单"
        in client.post(
            notice_url, {"action": "finalise", "confirmed": "1"}, follow=True
        ).content.decode()
    )
    pin_today(dt.date(2026, 11, 30))
    page = client.get(notice_url).content.decode()
    assert "还有 1 条异议未处理" in page
    objections_url = reverse("selection:objections", args=[chain.call.pk])
    assert "反映该校存在违规办学行为" in client.get(objections_url).content.decode()
    client.post(
        objections_url,
        {"objection": objection.pk, "upheld": "1", "handling": "经核查属实，取消拟入选资格。"},
    )
    assert Objection.objects.get(pk=objection.pk).status == Objection.Status.UPHELD
    confirmation = client.post(notice_url, {"action": "finalise"}).content.decode()
    assert "公示期内收到的 1 条异议及处理情况" in confirmation
    assert (
        "反映该校存在违规办学行为" in confirmation
        and "经核查属实，取消拟入选资格。" in confirmation
    )
    assert Call.objects.get(pk=chain.call.pk).stage == Call.Stage.NOTICE
    response = client.post(notice_url, {"action": "finalise", "confirmed": "1"}, follow=True)
    assert "正式入选 1 人" in response.content.decode()
    assert Call.objects.get(pk=chain.call.pk).stage == Call.Stage.FINAL
    assert list(
        Trainee.objects.filter(cohort=chain.cohort).values_list("principal", flat=True)
    ) == [apps[0].principal_id]


def test_the_menu_shows_selection_to_whom_it_concerns(client, cast):
    chain, _application = in_review(cast)
    client.force_login(cast.hz_admin)
    assert reverse("selection:calls") in client.get(reverse("core:home")).content.decode()
    client.force_login(cast.xihu)
    assert reverse("selection:district_desk") in client.get(reverse("core:home")).content.decode()
    client.force_login(cast.expert)
    assert reverse("selection:my_reviews") in client.get(reverse("core:home")).content.decode()
    client.force_login(cast.own)
    assert reverse("selection:my_applications") in client.get(reverse("core:home")).content.decode()
    client.force_login(cast.nobody)
    home = client.get(reverse("core:home")).content.decode()
    assert "/selection/" not in home


def test_a_candidate_who_also_works_at_the_centre_decides_nothing_about_themself(pin_today, cast):
    pin_today(dt.date(2026, 11, 23))
    chain, apps = at_decision(places=2, candidates=2)
    candidate = apps[0].principal.user
    grant(candidate, "centre_staff", "330100")
    with pytest.raises(PermissionDenied):
        decisions.decide(
            actor=Actor(user=candidate), application=apps[0], selected=True, reason="我"
        )
    decisions.decide(actor=Actor(user=candidate), application=apps[1], selected=False, reason="否")
    decisions.decide(actor=SYSTEM, application=apps[0], selected=True, reason="第一")
    notice = decisions.publish_notice(
        actor=SYSTEM, call=chain.call, contact="0571-00000000", starts_on=dt.date(2026, 11, 23)
    )
    objection = decisions.lodge_objection(
        actor=SYSTEM,
        notice=notice,
        name="王某",
        contact="13900000000",
        text="反映该校存在违规办学行为，请核查。",
        application=apps[0],
        today=notice.starts_on,
    )
    with pytest.raises(PermissionDenied):
        decisions.handle_objection(
            actor=Actor(user=candidate), objection=objection, upheld=False, handling="不属实"
        )
    assert Objection.objects.get(pk=objection.pk).status == Objection.Status.PENDING
    assert Application.objects.get(pk=apps[0].pk).status == Application.Status.SELECTED
    # On the objections page the candidate reads what was said, not who said it or how to
    # reach them, and has no form to handle it; the other staff have both.
    page = reverse("selection:objections", args=[chain.call.pk])
    client = Client()
    client.force_login(candidate)
    mine = client.get(page).content.decode()
    assert "反映该校存在违规办学行为" in mine
    assert "王某" not in mine and "13900000000" not in mine and 'name="handling"' not in mine
    client.force_login(cast.hz_centre)
    theirs = client.get(page).content.decode()
    assert "王某" in theirs and "13900000000" in theirs and 'name="handling"' in theirs
