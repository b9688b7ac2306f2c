"""Each role's own places: the district officer's 区县审核 with its counts, the calls open to an
applicant with their eligibility at a glance, the expert's reviews with the next one opening
after each submission — in the menu and on the home page of those who may use them only."""

import pytest
from django.urls import reverse

from tests.access import ALLOWED, LOGIN, NOT_FOUND, check_access
from tests.programmes import SYSTEM
from tests.selection.test_expert_views import SCORES
from tests.selection_chain import (
    actor_of,
    after_closing,
    applicant,
    apply,
    candidate_call,
    endorse_and_send,
)
from touyan.people.enums import Position
from touyan.selection.services import calls, district, reviews
from touyan.selection.services.applications import start_application

pytestmark = pytest.mark.django_db
XIHU = "330106"
DESK = "/selection/district/"
OPEN = "/selection/open/"


def everyone(default: str, **expected) -> dict[str, str]:
    names = ["superuser", "hz_admin", "hz_centre", "xihu", "binjiang", "hn_admin", "expert"]
    names += ["nobody", "own"]
    return {"anonymous": LOGIN} | {name: default for name in names} | expected


def menu_of(client, user) -> list[str]:
    client.force_login(user)
    nav = client.get(reverse("core:home")).context["nav_items"]
    return [str(entry.label) for entry, _current in nav]


def home_of(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("core:home")).content.decode()


# 区县审核 --------------------------------------------------------------------------------------


@pytest.mark.clause("HZ-4.1.2")
def test_the_district_desk_counts_what_waits_and_what_is_decided(client, cast):
    chain = candidate_call()
    waiting = [apply(chain.call, applicant(XIHU)) for _ in range(3)]
    decided = waiting.pop()
    district.review_application(actor=actor_of(cast.xihu), application=decided, decision="endorse")
    apply(chain.call, applicant(XIHU), submit=False)  # a draft is nobody's work yet
    apply(chain.call, applicant("330108"))  # 滨江区's
    check_access(client, cast, DESK, everyone(NOT_FOUND, xihu=ALLOWED, binjiang=ALLOWED))
    client.force_login(cast.xihu)
    rows = client.get(DESK).context["rows"]
    assert [(r["call"], r["waiting"], r["decided"]) for r in rows] == [(chain.call, 2, 1)]
    assert "区县审核" in menu_of(client, cast.xihu)
    home = home_of(client, cast.xihu)
    assert "2 份申报待您审核" in home
    assert reverse("selection:district", args=[chain.call.pk]) in home
    assert "区县审核" not in menu_of(client, cast.expert)
    assert "区县审核" not in menu_of(client, cast.hz_centre)


def test_a_call_past_its_district_stage_leaves_the_desk(client, cast):
    chain = candidate_call()
    endorse_and_send(chain.call, XIHU, [apply(chain.call, applicant(XIHU))])
    calls.start_review(actor=SYSTEM, call=chain.call, now=after_closing(chain.call))
    client.force_login(cast.xihu)
    assert client.get(DESK).context["rows"] == []
    assert "目前没有处于区县审核阶段的遴选" in client.get(DESK).content.decode()


# The applicant's open calls ------------------------------------------------------------------


@pytest.mark.clause("HZ-4.1.1", "HZ-2.2")
def test_an_applicant_sees_the_calls_open_to_them_with_their_eligibility(client, cast):
    chain = candidate_call()
    check_access(client, cast, OPEN, everyone(NOT_FOUND, own=ALLOWED))
    client.force_login(cast.own)
    rows = client.get(OPEN).context["rows"]
    assert [row["call"] for row in rows] == [chain.call]
    page = client.get(OPEN).content.decode()
    assert "符合申报条件" in page or "部分条件待专家评议" in page
    assert "遴选申报" in menu_of(client, cast.own)
    home = home_of(client, cast.own)
    assert "可申报的遴选" in home and reverse("selection:public_call", args=[chain.call.pk]) in home


@pytest.mark.clause("HZ-2.2")
def test_an_ineligible_applicant_reads_why_at_a_glance(client, cast):
    candidate_call()
    principal = cast.xihu_principal
    principal.position = Position.VICE_PRINCIPAL
    principal.save(update_fields=["position"])
    client.force_login(cast.own)
    page = client.get(OPEN).content.decode()
    assert "不符合申报条件" in page and "不在申报范围内" in page


def test_an_applicant_who_started_sees_their_application(client, cast):
    chain = candidate_call()
    principal = cast.xihu_principal
    application = start_application(actor=actor_of(cast.own), call=chain.call, principal=principal)
    client.force_login(cast.own)
    page = client.get(OPEN).content.decode()
    assert reverse("selection:application", args=[application.pk]) in page


def test_outside_the_programmes_jurisdiction_no_call_is_open(client, cast):
    candidate_call()  # Hangzhou's
    hainan_user = applicant("460106").user
    client.force_login(hainan_user)
    assert client.get(OPEN).context["rows"] == []
    assert "遴选申报" not in menu_of(client, hainan_user)
    assert "可申报的遴选" not in home_of(client, hainan_user)


# The expert's reviews ------------------------------------------------------------------------


def panel_of_three(cast):
    chain = candidate_call(places=3)
    apps = [apply(chain.call, applicant(XIHU)) for _ in range(3)]
    endorse_and_send(chain.call, XIHU, apps)
    calls.start_review(actor=SYSTEM, call=chain.call, now=after_closing(chain.call))
    reviews.add_to_panel(actor=SYSTEM, call=chain.call, expert=cast.expert)
    return [reviews.assign_expert(actor=SYSTEM, application=a, expert=cast.expert) for a in apps]


@pytest.mark.clause("HZ-4.1.3")
def test_after_submitting_a_review_the_next_waiting_one_opens(client, cast):
    first, second, third = panel_of_three(cast)
    home = home_of(client, cast.expert)
    assert "3 份申报待您评审，已提交 0 份" in home
    assert reverse("selection:review", args=[first.pk]) in home
    scored = SCORES | {"comment": "材料翔实。", "recommend": "1"}
    response = client.post(reverse("selection:review", args=[first.pk]), scored)
    assert response.url == reverse("selection:review", args=[second.pk])
    response = client.post(reverse("selection:review", args=[second.pk]), scored)
    assert response.url == reverse("selection:review", args=[third.pk])
    response = client.post(reverse("selection:review", args=[third.pk]), scored)
    assert response.url == reverse("selection:my_reviews")
    assert "0 份申报待您评审，已提交 3 份" in home_of(client, cast.expert)
    assert "评审任务" in menu_of(client, cast.expert)


def test_an_expert_without_reviews_is_told_so(client, cast):
    assert "目前没有分配给您的评审任务" in home_of(client, cast.expert)
    assert "评审任务" not in menu_of(client, cast.expert)
