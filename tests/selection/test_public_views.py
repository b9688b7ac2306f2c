"""The public pages of selection: the calls, one call's notice of terms, the 公示 list with its
objection form. No sign-in is needed for any of them."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.access import ALLOWED, LOGIN, NOT_FOUND, check_access
from tests.factories import PrincipalFactory, SchoolFactory, UserFactory
from tests.programmes import SYSTEM
from tests.selection_chain import (
    applicant,
    apply,
    candidate_call,
    endorse_and_send,
    to_decision,
)
from touyan.selection.models import Application, Call, Notice, Objection
from touyan.selection.services import calls, decisions

pytestmark = pytest.mark.django_db

EVERYONE = ("superuser", "hz_admin", "hz_centre", "xihu", "binjiang", "expert", "nobody", "own")


@pytest.fixture(autouse=True)
def _monday(pin_today):
    """The pages' "today": a Monday whose notice periods stay inside 2026."""
    pin_today(dt.date(2026, 11, 23))


def everyone(outcome: str, **named) -> dict[str, str]:
    return {"anonymous": outcome, **{name: outcome for name in EVERYONE}, **named}


def noticed(*, places: int = 2, applicants: int = 3, starts_on: dt.date | None = None):
    """A call whose first ``places`` applicants are selected and put under notice."""
    chain = candidate_call(places=places)
    apps = [apply(chain.call, applicant()) for _ in range(applicants)]
    endorse_and_send(chain.call, "330106", apps)
    to_decision(chain, experts=1)
    for index, application in enumerate(apps):
        decisions.decide(
            actor=SYSTEM,
            application=application,
            selected=index < places,
            reason="综合评分" if index < places else "评分靠后",
        )
    notice = decisions.publish_notice(
        actor=SYSTEM,
        call=chain.call,
        text="对公示人选如有异议，请实名反映。",
        contact="0571-87000000 杭州市教育局人事处",
        starts_on=starts_on or timezone.localdate(),
        today=starts_on or timezone.localdate(),
    )
    return chain, apps, notice


def objection(**values) -> dict:
    return {
        "objection-name": "王某",
        "objection-contact": "13900000000",
        "objection-application": "",
        "objection-text": "反映该校存在违规办学行为，请核查。",
    } | {f"objection-{key}": value for key, value in values.items()}


@pytest.mark.clause("HZ-4.1.1")
def test_every_school_reads_the_published_calls_without_signing_in(client, cast):
    chain = candidate_call(places=3)
    draft = calls.create_call(
        actor=SYSTEM,
        programme=chain.programme,
        spec_code="candidate",
        title="尚未发布的遴选",
        places=1,
        opens_at=timezone.now(),
        closes_at=timezone.now() + dt.timedelta(days=5),
        cohort=chain.cohort,
    )
    url = reverse("selection:public_calls")
    check_access(client, cast, url, everyone(ALLOWED))
    html = client.get(url).content.decode()
    assert chain.call.title in html
    assert "报名中" in html
    assert "3 名" in html
    assert chain.programme.name in html
    assert draft.title not in html
    check_access(
        client, cast, reverse("selection:public_call", args=[draft.pk]), everyone(NOT_FOUND)
    )


@pytest.mark.clause("HZ-4.1.1", "HZ-2.2", "HZ-2.3")
def test_the_call_page_states_conditions_materials_criteria_and_procedure(client, cast):
    chain = candidate_call(places=2)
    url = reverse("selection:public_call", args=[chain.call.pk])
    check_access(client, cast, url, everyone(ALLOWED))
    html = client.get(url).content.decode()
    for text in (
        "杭州市各级教育部门所属中小学、幼儿园现任正职校长、党组织书记",
        "任正职满3年",
        "可陈述“在学校管理方面有突出贡献”，交专家评议",
        "须本人书面陈述并承诺",
        "由专家依据陈述与证明材料评议",
        "《“杭州市中小学名校长培养工程”人选推荐表》签字扫描件",
        "必交",
        "理念先进，管理水平高",
        "区县审核推荐",
        "每份申报由 3 位专家按评分标准评分",
        "差额遴选，在 2 个名额内审定拟入选人选",
        "公示 5 个工作日",
    ):
        assert text in html, text
    assert "<b>100</b>" in html
    assert "我要申报" not in html
    assert "登录后申报" in html

    client.force_login(cast.own)
    assert "我要申报" in client.get(url).content.decode()
    client.force_login(cast.nobody)
    html = client.get(url).content.decode()
    assert "我要申报" not in html
    assert "没有关联校长名册" in html


@pytest.mark.clause("HZ-4.1.1")
def test_before_opening_and_after_closing_the_page_says_so_and_applying_is_refused(client, cast):
    now = timezone.now()
    early = candidate_call(now=now + dt.timedelta(days=3)).call
    late = calls.publish_call(
        actor=SYSTEM,
        call=calls.create_call(
            actor=SYSTEM,
            programme=early.programme,
            spec_code="candidate",
            title="上一轮遴选",
            places=1,
            opens_at=now - dt.timedelta(days=20),
            closes_at=now - dt.timedelta(days=2),
            cohort=early.cohort,
        ),
    )
    client.force_login(cast.own)
    for call, words in ((early, "申报尚未开始"), (late, "不再接受申报")):
        page = client.get(reverse("selection:public_call", args=[call.pk])).content.decode()
        assert words in page
        assert "我要申报" not in page
        response = client.post(reverse("selection:apply", args=[call.pk]), follow=True)
        assert words in response.content.decode()
        assert not Application.objects.filter(call=call).exists()
    list_page = client.get(reverse("selection:public_calls")).content.decode()
    assert "未开始" in list_page and "已截止" in list_page


@pytest.mark.clause("HZ-4.1.3")
def test_the_notice_names_the_selected_with_school_and_post_and_nothing_personal(client, cast):
    chain, apps, notice = noticed(places=2, applicants=3)
    url = reverse("selection:public_notice", args=[chain.call.pk])
    check_access(client, cast, url, everyone(ALLOWED))
    html = client.get(url).content.decode()
    for application in apps[:2]:
        principal = application.principal
        assert principal.name in html
        assert principal.school.name in html
        assert principal.mobile not in html
        assert principal.id_number not in html
        assert principal.id_number[-4:] not in html
        assert principal.birth_date.isoformat() not in html
        assert str(application.score) not in html
    assert apps[2].principal.name not in html
    assert "<td>校长</td>" in html
    start, end = notice.starts_on.isoformat(), notice.ends_on.isoformat()
    assert f"公示期：{start} 至 {end}" in html
    assert "0571-87000000" in html
    assert 'name="objection-text"' in html


def test_there_is_no_notice_page_before_a_notice(client, cast):
    chain = candidate_call()
    url = reverse("selection:public_notice", args=[chain.call.pk])
    check_access(client, cast, url, everyone(NOT_FOUND))


@pytest.mark.clause("HZ-4.1.3")
def test_anyone_may_object_during_the_period_naming_a_candidate_or_not(client):
    chain, apps, notice = noticed()
    url = reverse("selection:public_notice", args=[chain.call.pk])
    response = client.post(url, objection(application=str(apps[1].pk)), REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302
    response = client.get(url)
    assert "已收到您反映的情况" in response.content.decode()
    lodged = Objection.objects.get()
    assert lodged.notice == notice and lodged.application == apps[1]
    assert lodged.status == Objection.Status.PENDING

    refused = client.post(url, objection(text="太短", contact=""))
    html = refused.content.decode()
    assert "请具体写明反映的问题" in html or "不少于 10 个字" in html
    assert "请留下联系方式" in html or "这个字段是必填项" in html
    too_long = client.post(url, objection(text="很" * 2001))
    assert too_long.status_code == 200
    not_listed = client.post(url, objection(application=str(apps[2].pk)))
    assert not_listed.status_code == 200
    assert Objection.objects.count() == 1


@pytest.mark.clause("HZ-4.1.3")
def test_objections_are_refused_outside_the_period(client):
    monday_long_ago = timezone.localdate() - dt.timedelta(days=30)
    monday_long_ago -= dt.timedelta(days=monday_long_ago.weekday())
    chain, apps, notice = noticed(starts_on=monday_long_ago)
    url = reverse("selection:public_notice", args=[chain.call.pk])
    html = client.get(url).content.decode()
    assert "当前不在公示期内" in html
    assert 'name="objection-text"' not in html
    response = client.post(url, objection(application=str(apps[0].pk)))
    assert "当前不在公示期内" in response.content.decode()
    assert not Objection.objects.exists()


def test_one_address_may_not_flood_the_objection_form(client):
    chain, apps, notice = noticed()
    url = reverse("selection:public_notice", args=[chain.call.pk])
    for _ in range(5):
        assert client.post(url, objection(), REMOTE_ADDR="10.9.9.9").status_code == 302
    response = client.post(
        url, objection(text="第六次反映的具体问题，请核查。"), REMOTE_ADDR="10.9.9.9"
    )
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert "提交过于频繁" in html and "分钟后再试" in html
    # The full bucket names the notice's offline channel, and keeps what the citizen wrote.
    assert "0571-87000000 杭州市教育局人事处" in html
    assert "第六次反映的具体问题，请核查。" in html
    assert client.post(url, objection(), REMOTE_ADDR="10.9.9.10").status_code == 302
    assert Objection.objects.count() == 6


@pytest.mark.clause("HZ-4.1.3")
def test_once_final_the_page_shows_the_confirmed_list_without_the_form(client):
    past = timezone.localdate() - dt.timedelta(days=30)
    chain, apps, notice = noticed(places=2, applicants=3, starts_on=past)
    struck = decisions.lodge_objection(
        actor=SYSTEM,
        notice=notice,
        name="李某",
        contact="13700000000",
        text="反映该人选任职年限不实，请核查。",
        application=apps[1],
        today=past,
    )
    decisions.handle_objection(actor=SYSTEM, objection=struck, upheld=True, handling="经核查属实。")
    decisions.finalise(actor=SYSTEM, call=chain.call)
    html = client.get(reverse("selection:public_notice", args=[chain.call.pk])).content.decode()
    assert "正式入选名单" in html
    assert apps[0].principal.name in html
    assert apps[1].principal.name not in html
    assert 'name="objection-text"' not in html
    call_page = client.get(reverse("selection:public_call", args=[chain.call.pk])).content.decode()
    assert "名单已确定" in call_page and "查看正式入选名单" in call_page


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_call_list_takes_the_same_queries_for_one_call_and_for_five(client):
    chain = candidate_call()
    url = reverse("selection:public_calls")
    one = queries_for(client, url)
    for index in range(4):
        calls.publish_call(
            actor=SYSTEM,
            call=calls.create_call(
                actor=SYSTEM,
                programme=chain.programme,
                spec_code="candidate",
                title=f"遴选{index}",
                places=1,
                opens_at=timezone.now(),
                closes_at=timezone.now() + dt.timedelta(days=5),
                cohort=chain.cohort,
            ),
        )
    assert Call.objects.count() == 5
    assert queries_for(client, url) == one


def test_the_notice_takes_the_same_queries_for_one_candidate_and_for_five(client):
    chain = candidate_call(places=5)
    call = chain.call

    def selected():
        school = SchoolFactory(region_id="330106")
        principal = PrincipalFactory(school=school, user=UserFactory())
        Application.objects.create(
            call=call,
            principal=principal,
            district_id="330106",
            status=Application.Status.SELECTED,
            profile={"name": principal.name, "school": school.name, "position": "校长"},
        )

    selected()
    Call.objects.filter(pk=call.pk).update(stage=Call.Stage.NOTICE)
    Notice.objects.create(
        call=call, starts_on=timezone.localdate(), ends_on=timezone.localdate() + dt.timedelta(7)
    )
    url = reverse("selection:public_notice", args=[call.pk])
    one = queries_for(client, url)
    for _ in range(4):
        selected()
    assert queries_for(client, url) == one


def test_apply_needs_a_sign_in_and_a_post(client, cast):
    chain = candidate_call()
    url = reverse("selection:apply", args=[chain.call.pk])
    assert client.post(url).url.startswith(reverse("accounts:login"))
    check_access(client, cast, url, {"anonymous": LOGIN, "own": "HTTP 405"})
