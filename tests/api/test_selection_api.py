"""Selection through the API: the pages' selectors and rules, the chain from application to
decision, refusals in Chinese (a step already taken is 409), and never a 500."""

import datetime as dt
import json
from dataclasses import dataclass, field

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.helpers import send, token_for, url
from tests.api.test_garbage import GARBAGE
from tests.programmes import SYSTEM
from tests.selection_chain import (
    STATEMENTS,
    actor_of,
    after_closing,
    applicant,
    apply,
    candidate_call,
    endorse_and_send,
    expert,
    officer,
    pdf_upload,
    score_all,
)
from touyan.people.models import Principal
from touyan.selection.models import Application, Call, Review
from touyan.selection.services import applications, calls, reviews

pytestmark = pytest.mark.django_db

ALLOWED, REACHED = "allowed", "reached"
S = Application.Status


def outcome(response, write: bool) -> str:
    """For a read, whether it was answered; for a write, whether it got past the permission
    check to the service (which may still refuse it with 400 or 409)."""
    code = response.status_code
    if write and code in (200, 201, 400, 409):
        return REACHED
    if not write and code == 200:
        return ALLOWED
    return str(code)


@dataclass
class World:
    call: Call
    people: dict
    other_principal: Principal
    own: Application | None = None
    theirs: Application | None = None
    keys: dict = field(default_factory=dict)

    def key(self, name: str) -> str:
        if name not in self.keys:
            self.keys[name] = token_for(self.people[name])
        return self.keys[name]


def world_of(cast, chain) -> World:
    other = applicant("330108")
    people = {
        "anonymous": None,
        "applicant": cast.own,
        "other": other.user,
        "xihu": cast.xihu,
        "binjiang": cast.binjiang,
        "office": cast.hz_centre,
        "expert": cast.expert,
        "nobody": cast.nobody,
        "hn_admin": cast.hn_admin,
    }
    return World(chain.call, people, other)


def table(client, world: World, method: str, path: str, body=None, *, write=False) -> dict:
    """Each person by session and by their token; the two must agree."""
    seen = {}
    for name, user in world.people.items():
        answers = []
        for by_token in (False, True):
            client.logout()
            key = None
            if user is not None and by_token:
                key = world.key(name)
            elif user is not None:
                client.force_login(user)
            answers.append(outcome(send(client, method, path, body, key=key), write))
        seen[name] = answers[0] if answers[0] == answers[1] else "/".join(answers)
    client.logout()
    return seen


def only(*names: str, value: str = ALLOWED, anonymous: str = "401") -> dict:
    people = ("applicant", "other", "xihu", "binjiang", "office", "expert", "nobody", "hn_admin")
    return {"anonymous": anonymous, **{n: value if n in names else "404" for n in people}}


EVERYONE = only("applicant", "other", "xihu", "binjiang", "office", "expert", "nobody", "hn_admin")


@pytest.fixture
def open_world(cast):
    """A published call accepting applications: the applicant's draft and the other
    principal's submitted application in 滨江区."""
    world = world_of(cast, candidate_call(places=1))
    world.own = apply(world.call, cast.xihu_principal, submit=False)
    world.theirs = apply(world.call, world.other_principal)
    return world


@pytest.fixture
def review_world(cast):
    """Both districts have sent their batch; the cast's expert scores both applications."""
    world = world_of(cast, candidate_call(places=1))
    world.own = apply(world.call, cast.xihu_principal)
    world.theirs = apply(world.call, world.other_principal)
    endorse_and_send(world.call, "330106", [world.own], cast.xihu)
    endorse_and_send(world.call, "330108", [world.theirs], cast.binjiang)
    calls.start_review(actor=SYSTEM, call=world.call, now=after_closing(world.call))
    for user in (cast.expert, expert(), expert()):
        reviews.add_to_panel(actor=SYSTEM, call=world.call, expert=user)
    reviews.assign_automatically(actor=SYSTEM, call=world.call)
    world.review = Review.objects.get(application=world.own, expert=cast.expert)
    return world


# Who may read what ---------------------------------------------------------------------------


@pytest.mark.clause("HZ-4.1.2", "HZ-4.2.2")
def test_who_reads_calls_and_applications(client, review_world):
    world, call = review_world, review_world.call
    draft = calls.create_call(
        actor=SYSTEM,
        programme=call.programme,
        spec_code="candidate",
        title="未发布的遴选",
        places=3,
        opens_at=call.opens_at,
        closes_at=call.closes_at,
        cohort=call.cohort,
    )
    expected = {
        "/calls": EVERYONE,
        f"/calls/{call.pk}": EVERYONE,
        f"/calls/{draft.pk}": only("office"),
        "/applications": EVERYONE,
        f"/applications/{world.own.pk}": only("applicant", "xihu", "office", "expert"),
        f"/applications/{world.theirs.pk}": only("other", "binjiang", "office", "expert"),
        f"/calls/{call.pk}/districts/330106/applications": only("xihu"),
        f"/calls/{call.pk}/districts/330108/applications": only("binjiang"),
        f"/calls/{call.pk}/batches": only("office"),
        f"/calls/{call.pk}/ranking": only("office"),
        "/reviews": EVERYONE,
        f"/reviews/{world.review.pk}": only("expert"),
    }
    actual = {path: table(client, world, "GET", path) for path in expected}
    assert actual == expected


def test_lists_hold_only_what_is_ones_own(client, review_world):
    world = review_world

    def count(name, path):
        return send(client, "GET", path, key=world.key(name)).json()["count"]

    assert count("applicant", "/applications") == 1
    assert count("other", "/applications") == 1
    assert count("xihu", "/applications") == 0
    assert count("expert", "/reviews") == 2
    assert count("office", "/reviews") == 0
    # The draft call is listed for the office that made it only.
    calls.create_call(
        actor=SYSTEM,
        programme=world.call.programme,
        spec_code="candidate",
        title="未发布的遴选",
        places=3,
        opens_at=world.call.opens_at,
        closes_at=world.call.closes_at,
        cohort=world.call.cohort,
    )
    assert count("office", "/calls") == 2
    assert count("nobody", "/calls") == 1
    assert count("hn_admin", "/calls") == 1


@pytest.mark.clause("HZ-4.1.2", "HZ-4.2.2")
def test_who_may_write_while_applications_are_open(client, open_world):
    world, call = open_world, open_world.call
    own, theirs = world.own.pk, world.theirs.pk
    writes = [
        ("POST", f"/calls/{call.pk}/applications", None, ("applicant", "other")),
        ("PUT", f"/applications/{own}", {"statements": STATEMENTS}, ("applicant",)),
        ("POST", f"/applications/{own}/submit", None, ("applicant",)),
        ("POST", f"/applications/{theirs}/review", {"decision": "endorse"}, ("binjiang",)),
        ("PUT", f"/calls/{call.pk}/districts/330108/ranking", {"order": [theirs]}, ("binjiang",)),
        ("POST", f"/calls/{call.pk}/districts/330108/submit", None, ("binjiang",)),
        (
            "POST",
            f"/applications/{theirs}/decision",
            {"selected": True, "reason": "优"},
            ("office",),
        ),
    ]
    actual = {
        f"{method} {path}": table(client, world, method, path, body, write=True)
        for method, path, body, _writers in writes
    }
    expected = {
        f"{method} {path}": only(*writers, value=REACHED) for method, path, _body, writers in writes
    }
    assert actual == expected
    world.theirs.refresh_from_db()
    assert world.theirs.status == S.ENDORSED and world.theirs.district_rank == 1


def test_only_the_assigned_expert_scores(client, review_world):
    world = review_world
    body = {"scores": {"ideas": 20}, "comment": "好"}
    expected = only("expert", value=REACHED)
    assert table(client, world, "POST", f"/reviews/{world.review.pk}", body, write=True) == expected


# The chain -----------------------------------------------------------------------------------


@pytest.mark.clause("HZ-4.1.2", "HZ-4.1.3")
def test_the_whole_chain_through_the_api(client, cast):
    chain = candidate_call(places=1)
    call = chain.call
    second = applicant("330106")
    keys = {
        "mine": token_for(cast.own),
        "second": token_for(second.user),
        "xihu": token_for(cast.xihu),
        "office": token_for(cast.hz_centre),
        "expert": token_for(cast.expert),
    }

    detail = send(client, "GET", f"/calls/{call.pk}", key=keys["mine"]).json()
    assert detail["stage"] == {"code": "open", "label": "申报与推荐"} and detail["accepting"]
    assert [c["code"] for c in detail["conditions"]][:3] == ["post", "tenure", "title"]
    assert detail["full_marks"] == 100 and detail["attachments"][0]["required"]

    ids = {}
    for who, principal in (("mine", cast.xihu_principal), ("second", second)):
        started = send(client, "POST", f"/calls/{call.pk}/applications", key=keys[who])
        assert started.status_code == 201, started.content
        again = send(client, "POST", f"/calls/{call.pk}/applications", key=keys[who])
        assert again.status_code == 200 and again.json()["id"] == started.json()["id"]
        ids[who] = started.json()["id"]
        saved = send(
            client,
            "PUT",
            f"/applications/{ids[who]}",
            {"statements": STATEMENTS, "route": "unit", "recommending_unit": "西湖区教育局"},
            key=keys[who],
        )
        assert saved.status_code == 200, saved.content
        assert saved.json()["route"] == {"code": "unit", "label": "单位推荐"}
        applications.add_evidence(
            actor=actor_of(principal.user),
            application=Application.objects.get(pk=ids[who]),
            requirement="form",
            uploaded=pdf_upload(),
        )
        submitted = send(client, "POST", f"/applications/{ids[who]}/submit", key=keys[who])
        assert submitted.status_code == 200, submitted.content
        assert submitted.json()["status"]["code"] == "submitted"
        assert submitted.json()["outcome"] == {"code": "eligible", "label": "符合条件"}
        twice = send(client, "POST", f"/applications/{ids[who]}/submit", key=keys[who])
        assert twice.status_code == 409
        assert twice.json() == {"detail": "该申报当前为“待审核”，本次操作未执行"}

    listed = send(
        client, "GET", f"/calls/{call.pk}/districts/330106/applications", key=keys["xihu"]
    ).json()
    assert listed["count"] == 2
    for pk in ids.values():
        endorsed = send(
            client, "POST", f"/applications/{pk}/review", {"decision": "endorse"}, key=keys["xihu"]
        )
        assert endorsed.status_code == 200, endorsed.content
        stamp = endorsed.json()["first_review"]
        assert stamp["office"] == "杭州市西湖区教育局" and stamp["note"] == "同意推荐"
        assert stamp["reviewer_name"] == cast.xihu.full_name

    order = [ids["second"], ids["mine"]]
    ranked = send(
        client,
        "PUT",
        f"/calls/{call.pk}/districts/330106/ranking",
        {"order": order},
        key=keys["xihu"],
    )
    assert ranked.status_code == 200, ranked.content
    assert [(r["district_rank"], r["id"]) for r in ranked.json()] == [(1, order[0]), (2, order[1])]
    batch = send(client, "POST", f"/calls/{call.pk}/districts/330106/submit", key=keys["xihu"])
    assert batch.status_code == 200, batch.content
    assert batch.json()["candidates"] == 2 and batch.json()["status"]["code"] == "submitted"
    again = send(client, "POST", f"/calls/{call.pk}/districts/330106/submit", key=keys["xihu"])
    assert again.status_code == 409 and again.json()["detail"].startswith("本区县已于")

    overview = send(client, "GET", f"/calls/{call.pk}/batches", key=keys["office"]).json()
    assert overview["count"] == 1
    row = overview["items"][0]
    assert row["district"] == {"code": "330106", "name": "西湖区"}
    assert (row["endorsed"], row["submitted"], row["office"]) == (2, True, "杭州市西湖区教育局")

    # Stages move through the services, as the office pages do.
    calls.start_review(actor=SYSTEM, call=call, now=after_closing(call))
    panel = [cast.expert, expert(), expert()]
    for user in panel:
        reviews.add_to_panel(actor=SYSTEM, call=call, expert=user)
    reviews.assign_automatically(actor=SYSTEM, call=call)

    tasks = send(client, "GET", "/reviews", key=keys["expert"]).json()
    assert tasks["count"] == 2
    mine = next(t for t in tasks["items"] if t["application"] == ids["mine"])
    assert mine["applicant_name"] == cast.xihu_principal.name
    task = send(client, "GET", f"/reviews/{mine['id']}", key=keys["expert"]).json()
    assert task["open"] and [c["points"] for c in task["rubric"]] == [25, 20, 25, 20, 10]
    assert task["subject"]["viewed_as"] == "expert"
    assert task["subject"]["applicant"]["name"] == cast.xihu_principal.name
    assert task["subject"]["corrections"] is None and task["subject"]["office"] is None
    full = {"ideas": 25, "moral_education": 20, "development": 25, "reputation": 20}
    scored = send(
        client,
        "POST",
        f"/reviews/{mine['id']}",
        {"scores": {**full, "contribution": 10}, "comment": "办学业绩突出。", "recommend": True},
        key=keys["expert"],
    )
    assert scored.status_code == 200, scored.content
    assert scored.json()["total"] == 100.0 and not scored.json()["open"]
    twice = send(
        client,
        "POST",
        f"/reviews/{mine['id']}",
        {"scores": {**full, "contribution": 10}, "comment": "再交一次"},
        key=keys["expert"],
    )
    assert twice.status_code == 409 and twice.json()["detail"].startswith("这份评审已于")
    score_all(call, panel)
    calls.close_review(actor=SYSTEM, call=call)

    ranking = send(client, "GET", f"/calls/{call.pk}/ranking", key=keys["office"]).json()
    assert [(r["position"], r["id"]) for r in ranking["items"]] == [
        (1, ids["mine"]),
        (2, ids["second"]),
    ]
    assert ranking["items"][0]["scored_reviews"] == 3
    second_page = send(
        client, "GET", f"/calls/{call.pk}/ranking?page=2&page_size=1", key=keys["office"]
    ).json()
    assert [(r["position"], r["id"]) for r in second_page["items"]] == [(2, ids["second"])]

    chosen = send(
        client,
        "POST",
        f"/applications/{ids['mine']}/decision",
        {"selected": True, "reason": "综合评分第一"},
        key=keys["office"],
    )
    assert chosen.status_code == 200, chosen.content
    assert chosen.json()["status"]["code"] == "selected"
    assert chosen.json()["office"]["decision"]["reason"] == "综合评分第一"
    full_up = send(
        client,
        "POST",
        f"/applications/{ids['second']}/decision",
        {"selected": True, "reason": "也很好"},
        key=keys["office"],
    )
    assert full_up.status_code == 400
    assert full_up.json()["detail"][0]["message"] == "已拟入选 1 人，名额 1 人已满"
    declined = send(
        client,
        "POST",
        f"/applications/{ids['second']}/decision",
        {"selected": False, "reason": "评分排名靠后"},
        key=keys["office"],
    )
    assert declined.status_code == 200
    chosen_twice = send(
        client,
        "POST",
        f"/applications/{ids['mine']}/decision",
        {"selected": True, "reason": "综合评分第一"},
        key=keys["office"],
    )
    assert chosen_twice.status_code == 409

    own = send(client, "GET", f"/applications/{ids['mine']}", key=keys["mine"])
    data = own.json()
    assert data["status"] == {"code": "selected", "label": "拟入选"}
    assert data["viewed_as"] == "applicant" and data["office"] is None
    assert data["my_review"] is None
    assert "birth_date" not in own.content.decode()
    assert cast.xihu_principal.mobile not in own.content.decode()
    assert cast.xihu_principal.id_number not in own.content.decode()


@pytest.mark.clause("HZ-4.1.2")
def test_a_second_approval_is_409_and_changes_nothing(client, cast, open_world):
    world = open_world
    path = f"/applications/{world.theirs.pk}/review"
    first = send(client, "POST", path, {"decision": "endorse"}, key=token_for(cast.binjiang))
    assert first.status_code == 200
    colleague = officer("330108")
    colleague.full_name = "李某"
    colleague.save()
    second = send(
        client, "POST", path, {"decision": "reject", "note": "不同意"}, key=token_for(colleague)
    )
    assert second.status_code == 409
    detail = second.json()["detail"]
    assert detail.startswith("该申报已是“审核通过”（" + cast.binjiang.full_name)
    assert detail.endswith("本次操作未重复执行")
    world.theirs.refresh_from_db()
    assert world.theirs.status == S.ENDORSED and world.theirs.reviewed_by == cast.binjiang


@pytest.mark.clause("HZ-4.1.3")
def test_an_anonymised_call_hides_the_applicant_from_experts(client, cast):
    chain = candidate_call(anonymised=True)
    principal = cast.xihu_principal
    application = apply(chain.call, principal)
    endorse_and_send(chain.call, "330106", [application], cast.xihu)
    calls.start_review(actor=SYSTEM, call=chain.call, now=after_closing(chain.call))
    panel = [cast.expert, expert(), expert()]
    for user in panel:
        reviews.add_to_panel(actor=SYSTEM, call=chain.call, expert=user)
    reviews.assign_automatically(actor=SYSTEM, call=chain.call)
    review = Review.objects.get(application=application, expert=cast.expert)
    key = token_for(cast.expert)
    for path in (f"/applications/{application.pk}", f"/reviews/{review.pk}", "/reviews"):
        text = send(client, "GET", path, key=key).content.decode()
        for secret in (principal.name, principal.school.name, "西湖区", "推荐表.pdf"):
            assert secret not in text, (path, secret)
    seen = send(client, "GET", f"/applications/{application.pk}", key=key).json()
    assert seen["applicant"] is None and seen["district"] is None
    assert seen["first_review"] is None and seen["my_review"] == review.pk
    post = next(f for f in seen["eligibility"] if f["code"] == "post")
    assert post["reason"] == "符合"
    # The office still sees who it is, and each expert's scores.
    office = send(
        client, "GET", f"/applications/{application.pk}", key=token_for(cast.hz_centre)
    ).json()
    assert office["applicant"]["name"] == principal.name
    assert len(office["office"]["reviews"]) == 3


# Refusals in Chinese -------------------------------------------------------------------------


def test_input_that_does_not_parse_is_422_in_chinese(client, open_world):
    world = open_world
    key = world.key("applicant")
    wrong = send(
        client,
        "PUT",
        f"/applications/{world.own.pk}",
        {"statements": {"politics": 5}, "route": "club", "recommending_unit": "x" * 201},
        key=key,
    )
    assert wrong.status_code == 422
    assert wrong.json()["detail"] == [
        {"field": "statements.politics", "in": "body", "message": "应为字符串"},
        {"field": "route", "in": "body", "message": "应为以下取值之一：'self', 'unit'"},
        {"field": "recommending_unit", "in": "body", "message": "不能超过 200 个字符"},
    ]
    verdict = send(
        client,
        "POST",
        f"/applications/{world.theirs.pk}/review",
        {"decision": "maybe"},
        key=world.key("binjiang"),
    )
    assert verdict.status_code == 422
    assert verdict.json()["detail"] == [
        {
            "field": "decision",
            "in": "body",
            "message": "应为以下取值之一：'endorse', 'return', 'reject'",
        }
    ]


def test_the_services_refusals_are_400_in_chinese(client, open_world):
    world = open_world
    key = world.key("applicant")
    path = f"/applications/{world.own.pk}"
    unknown = send(client, "PUT", path, {"statements": {"picnic": "好"}}, key=key)
    assert unknown.status_code == 400
    assert unknown.json()["detail"] == [
        {"field": "", "in": "body", "message": "未知的条件“picnic”"}
    ]
    unit = send(client, "PUT", path, {"statements": STATEMENTS, "route": "unit"}, key=key)
    assert unit.json()["detail"] == [
        {"field": "recommending_unit", "in": "body", "message": "单位推荐须写明推荐单位"}
    ]
    send(client, "PUT", path, {"statements": {}}, key=key)
    incomplete = send(client, "POST", f"{path}/submit", key=key)
    assert incomplete.status_code == 400
    messages = [item["message"] for item in incomplete.json()["detail"]]
    assert "“责任心强，政治素质好”须填写陈述" in messages
    returned = send(
        client,
        "POST",
        f"/applications/{world.theirs.pk}/review",
        {"decision": "return"},
        key=world.key("binjiang"),
    )
    assert returned.json()["detail"] == [
        {"field": "note", "in": "body", "message": "退回或不通过须写明理由"}
    ]
    not_sent = send(
        client,
        "POST",
        f"/applications/{world.theirs.pk}/decision",
        {"selected": True, "reason": "优秀"},
        key=world.key("office"),
    )
    assert not_sent.json()["detail"] == [
        {"field": "", "in": "body", "message": "这份申报没有审核通过并报送，不在审定名单中"}
    ]
    # The district sees a submitted application but does not change it; a draft it never sees.
    theirs = f"/applications/{world.theirs.pk}"
    refused = send(client, "PUT", theirs, {"statements": STATEMENTS}, key=world.key("binjiang"))
    assert refused.status_code == 404
    assert refused.json() == {"detail": "只有申报人本人才能修改或提交这份申报"}
    draft = send(client, "GET", path, key=world.key("xihu"))
    assert draft.json() == {"detail": f"没有找到申报 {world.own.pk}，或您无权查看"}
    no_record = send(client, "POST", f"/calls/{world.call.pk}/applications", key=world.key("xihu"))
    assert no_record.json() == {"detail": "您的账号没有关联校长名册中的记录，不能申报"}


@pytest.mark.clause("HZ-4.2.2")
def test_a_district_without_a_district_stage_or_outside_ones_area_is_404(client, open_world):
    world = open_world
    path = f"/calls/{world.call.pk}/districts/330106/applications"
    outside = send(client, "GET", path, key=world.key("binjiang"))
    assert outside.json() == {"detail": "您不负责地区 330106 的审核"}
    Call.objects.filter(pk=world.call.pk).update(spec={**world.call.spec, "district_review": False})
    none = send(client, "GET", path, key=world.key("xihu"))
    assert none.status_code == 404 and none.json() == {"detail": "这次遴选没有区县审核环节"}


# Garbage -------------------------------------------------------------------------------------


def chinese(text: str) -> bool:
    return any(ord(ch) > 0x2E80 for ch in text)


def refused_readably(response):
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    detail = response.json()["detail"]
    if isinstance(detail, list):
        assert detail and all({"field", "in", "message"} <= set(item) for item in detail)
        assert all(chinese(item["message"]) for item in detail), detail
    else:
        assert chinese(detail), detail


def raw(client, method, path, body, key):
    return getattr(client, method)(
        url(path), data=body, content_type="application/json", headers={"Authorization": key}
    )


WRITES = {
    "application": ("put", "/applications/{own}", "applicant"),
    "submit": ("post", "/applications/{own}/submit", "applicant"),
    "review": ("post", "/applications/{theirs}/review", "binjiang"),
    "ranking": ("put", "/calls/{call}/districts/330108/ranking", "binjiang"),
    "decision": ("post", "/applications/{theirs}/decision", "office"),
    "start": ("post", "/calls/{call}/applications", "nobody"),
}

BODIES = [
    "",
    "{",
    "null",
    "[1, 2]",
    '"text"',
    "123",
    '{"statements": {"politics": null}}',
    '{"statements": {"\\u0000": "好"}}',
    '{"statements": {"politics": "\\u0000"}}',
    '{"statements": [], "corrections": "title"}',
    '{"corrections": {"birth_date": "1970-01-01"}}',
    '{"corrections": {"title": "' + "高" * 201 + '"}}',
    '{"statements": {' + ",".join(f'"c{i}": "x"' for i in range(51)) + "}}",
    '{"route": null}',
    '{"decision": "endorse", "note": 5}',
    '{"decision": ["endorse"]}',
    '{"order": "1,2"}',
    '{"order": [0]}',
    '{"order": [9223372036854775808]}',
    '{"order": [424242]}',
    '{"order": [1, 1]}',
    '{"selected": "maybe", "reason": "x"}',
    '{"selected": true}',
    '{"selected": true, "reason": "   "}',
    "\xff\xfe",
]


@pytest.mark.parametrize("endpoint", sorted(WRITES))
def test_broken_bodies_for_every_write(client, open_world, endpoint):
    world = open_world
    method, template, who = WRITES[endpoint]
    path = template.format(own=world.own.pk, theirs=world.theirs.pk, call=world.call.pk)
    key = f"Bearer {world.key(who)}"
    for body in BODIES:
        response = raw(client, method, path, body, key)
        if response.status_code < 400:
            continue  # a body this endpoint does not read (submit, start) or one it accepts
        refused_readably(response)
    world.theirs.refresh_from_db()
    assert world.theirs.status == S.SUBMITTED


SCORES = [
    '{"scores": {"ideas": -1}, "comment": "好"}',
    '{"scores": {"ideas": 26}, "comment": "好"}',
    '{"scores": {"ideas": 1.5}, "comment": "好"}',
    '{"scores": {"ideas": "二十"}, "comment": "好"}',
    '{"scores": {"ideas": 99999999999999999999}, "comment": "好"}',
    '{"scores": {"picnic": 5}, "comment": "好"}',
    '{"scores": [], "comment": "好"}',
    '{"scores": {}, "comment": ""}',
    '{"scores": {}, "comment": "好", "recommend": "yes"}',
    '{"comment": "好"}',
]


@pytest.mark.parametrize("body", SCORES)
def test_broken_scores(client, review_world, body):
    world = review_world
    response = raw(
        client, "post", f"/reviews/{world.review.pk}", body, f"Bearer {world.key('expert')}"
    )
    refused_readably(response)
    world.review.refresh_from_db()
    assert world.review.submitted_at is None


@pytest.mark.parametrize("field", ["statements", "corrections", "route", "recommending_unit"])
def test_every_field_of_an_application_with_every_kind_of_garbage(client, open_world, field):
    world = open_world
    key = world.key("applicant")
    for value in GARBAGE:
        body = json.dumps({"statements": STATEMENTS, field: value})
        response = raw(client, "put", f"/applications/{world.own.pk}", body, f"Bearer {key}")
        assert response.status_code in {200, 400, 422}, (field, value, response.content[:300])
        if response.status_code != 200:
            refused_readably(response)
    world.own.refresh_from_db()
    assert world.own.status == S.DRAFT


PATHS = [
    "/calls/0",
    "/calls/-1",
    "/calls/abc",
    "/calls/99999999999999999999",
    "/calls/424242",
    "/calls?page=0",
    "/calls?page_size=1000",
    "/applications/0",
    "/applications/424242",
    "/applications/1.5",
    "/applications?page=abc",
    "/calls/{call}/districts/33010/applications",
    "/calls/{call}/districts/abcdef/applications",
    "/calls/{call}/districts/%00/applications",
    "/calls/{call}/districts/999999/applications",
    "/calls/{call}/districts/330106/applications?status=draft",
    "/calls/{call}/districts/330106/applications?status=%00",
    "/calls/{call}/batches?page=-1",
    "/calls/424242/ranking",
    "/reviews/0",
    "/reviews/424242",
    "/reviews?page_size=0",
]


@pytest.mark.parametrize("path", PATHS)
def test_broken_paths_and_queries(client, open_world, path):
    world = open_world
    response = raw(
        client, "get", path.format(call=world.call.pk), None, f"Bearer {world.key('xihu')}"
    )
    refused_readably(response)


def test_a_form_encoded_body_is_refused(client, open_world):
    world = open_world
    response = client.put(
        url(f"/applications/{world.own.pk}"),
        data="statements=x",
        content_type="application/x-www-form-urlencoded",
        headers={"Authorization": f"Bearer {world.key('applicant')}"},
    )
    refused_readably(response)


# The schema ----------------------------------------------------------------------------------

SELECTION_PATHS = {
    "/api/v1/calls": {"get"},
    "/api/v1/calls/{call_id}": {"get"},
    "/api/v1/calls/{call_id}/applications": {"post"},
    "/api/v1/applications": {"get"},
    "/api/v1/applications/{application_id}": {"get", "put"},
    "/api/v1/applications/{application_id}/submit": {"post"},
    "/api/v1/calls/{call_id}/districts/{code}/applications": {"get"},
    "/api/v1/applications/{application_id}/review": {"post"},
    "/api/v1/calls/{call_id}/districts/{code}/ranking": {"put"},
    "/api/v1/calls/{call_id}/districts/{code}/submit": {"post"},
    "/api/v1/calls/{call_id}/batches": {"get"},
    "/api/v1/reviews": {"get"},
    "/api/v1/reviews/{review_id}": {"get", "post"},
    "/api/v1/calls/{call_id}/ranking": {"get"},
    "/api/v1/applications/{application_id}/decision": {"post"},
}


def test_the_schema_describes_the_selection_endpoints(client):
    schema = client.get(url("/openapi.json")).json()
    paths = {path: set(methods) for path, methods in schema["paths"].items()}
    assert {path: paths.get(path) for path in SELECTION_PATHS} == SELECTION_PATHS
    for path in SELECTION_PATHS:
        for method, operation in schema["paths"][path].items():
            assert operation["summary"] and {"401", "404"} <= set(operation["responses"])
            if method != "get":
                assert {"400", "409", "422"} <= set(operation["responses"]), (path, method)
    for path in SELECTION_PATHS:  # selection answers carry no personal number
        assert "id_number" not in json.dumps(schema["paths"][path])
        assert "mobile" not in json.dumps(schema["paths"][path])
    assert json.dumps(schema, ensure_ascii=False).count("遴选") > 5


def test_a_call_reads_with_its_programme_cohort_and_times(client, cast):
    chain = candidate_call()
    data = send(client, "GET", f"/calls/{chain.call.pk}", key=token_for(cast.nobody)).json()
    closes_at = dt.datetime.fromisoformat(data["closes_at"])
    assert abs(closes_at - chain.call.closes_at) < dt.timedelta(milliseconds=1)
    assert data["programme"]["slug"] == chain.programme.slug
    assert data["cohort"] == {"id": chain.cohort.pk, "name": "第一期"}


# Query counts --------------------------------------------------------------------------------


def queries_for(client, key: str, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = send(client, "GET", path, key=key)
    assert response.status_code == 200, response.content
    return len(queries)


def test_lists_take_the_same_number_of_queries_for_one_and_for_five(client, cast):
    first = candidate_call(places=5)
    counts = []
    for size in (1, 5):
        call = first.call
        if size > 1:
            call = calls.create_call(
                actor=SYSTEM,
                programme=first.programme,
                spec_code="candidate",
                title="第二次遴选",
                places=5,
                opens_at=first.call.opens_at,
                closes_at=first.call.closes_at,
                district_deadline=first.call.district_deadline,
                cohort=first.cohort,
            )
            call = calls.publish_call(actor=SYSTEM, call=call)
        apps = [apply(call, applicant()) for _ in range(size)]
        endorse_and_send(call, "330106", apps, cast.xihu)
        calls.start_review(actor=SYSTEM, call=call, now=after_closing(call))
        for user in (cast.expert, expert(), expert()):
            reviews.add_to_panel(actor=SYSTEM, call=call, expert=user)
        reviews.assign_automatically(actor=SYSTEM, call=call)
        office, pk = token_for(cast.hz_centre), call.pk
        counts.append(
            {
                "calls": queries_for(client, token_for(cast.nobody), "/calls"),
                "district": queries_for(
                    client, token_for(cast.xihu), f"/calls/{pk}/districts/330106/applications"
                ),
                "batches": queries_for(client, office, f"/calls/{pk}/batches"),
                "ranking": queries_for(client, office, f"/calls/{pk}/ranking"),
                "reviews": queries_for(client, token_for(cast.expert), "/reviews"),
            }
        )
    assert counts[0] == counts[1]
