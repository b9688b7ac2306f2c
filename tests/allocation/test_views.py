"""The centre's allocation pages: the runs of a member call, one run (progress, result, manual
moves, repeat, files, publishing) and two runs compared (HN-3.7, HN-3.8)."""

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.access import ALLOWED, LOGIN, NOT_FOUND, check_access, outcome
from tests.formation import (
    close_and_approve,
    formation,
    member_applicant,
    member_apply,
    member_call,
)
from tests.selection_chain import actor_of
from touyan.allocation import jobs, services
from touyan.allocation.inputs import applicant_id
from touyan.allocation.models import Move, Run
from touyan.programmes.models import StudioMember
from touyan.selection.models import Application, Call

pytestmark = pytest.mark.django_db

CENTRE = {
    "hn_centre": ALLOWED,
    "hn_admin": ALLOWED,
    "hz_admin": NOT_FOUND,
    "hz_centre": NOT_FOUND,
    "host": NOT_FOUND,
    "applicant": NOT_FOUND,
    "nobody": NOT_FOUND,
    "anonymous": LOGIN,
}


@pytest.fixture
def ready(cast):
    """Two carried-over studios with three members each and one new studio; three approved
    applications (龙华区 → the kept studio first; 吉阳区 → the new one; 吉阳区 → other, new)."""
    f = formation(carried=2, members=3, new=1)
    member_call(f)
    kept, other, new = f.studios
    f.applications = [
        member_apply(f.call, member_applicant("460106", name="甲校长"), [kept, other]),
        member_apply(f.call, member_applicant("460203", name="乙校长"), [new]),
        member_apply(f.call, member_applicant("460203", name="丙校长"), [other, new]),
    ]
    close_and_approve(f)
    cast.hn_centre = f.centre
    cast.host = kept.host.user
    cast.applicant = f.applications[0].principal.user
    return f


def run_of(f) -> Run:
    return jobs.start_run(actor=actor_of(f.centre), call=f.call, note="第一次")


def page(client, user, url, **params):
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def texts(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def follow(client, url, data) -> tuple[object, str]:
    response = client.post(url, data, follow=True)
    return response, response.content.decode()


@pytest.mark.clause("HN-3.7", "HN-3.8")
def test_every_allocation_page_is_for_the_centre_of_the_call(client, cast, ready):
    run = run_of(ready)
    second = run_of(ready)
    call = ready.call.pk
    check_access(client, cast, reverse("allocation:runs", args=[call]), CENTRE)
    compare = reverse("allocation:compare", args=[call]) + f"?a={run.pk}&b={second.pk}"
    check_access(client, cast, compare, CENTRE)
    for name in ("run", "progress", "publish", "problem", "result"):
        check_access(client, cast, reverse(f"allocation:{name}", args=[run.pk]), CENTRE)
    member = applicant_id(ready.applications[0].pk)
    posts = {
        "move": {"applicant": member, "studio": "none", "reason": "试调整"},
        "repeat": {},
    }
    back = reverse("allocation:run", args=[run.pk])
    for name, data in posts.items():
        url = reverse(f"allocation:{name}", args=[run.pk])
        seen = {}
        for who in CENTRE:
            client.logout()
            if cast[who] is not None:
                client.force_login(cast[who])
            response = client.post(url, data)
            done = response.status_code == 302 and response.url.startswith(back)
            seen[who] = ALLOWED if done else outcome(response)
        assert seen == CENTRE, name
    # Only the centre's own moves are there: one by each allowed person.
    assert Move.objects.filter(run=run).count() == 1


def test_a_call_that_is_not_a_member_call_has_no_allocation_pages(client, cast):
    from tests.selection_chain import candidate_call

    chain = candidate_call()
    client.force_login(cast.hz_admin)
    assert client.get(reverse("allocation:runs", args=[chain.call.pk])).status_code == 404


@pytest.mark.clause("HN-3.7", "HN-3.8")
def test_starting_a_run_opens_its_result(client, cast, ready):
    url = reverse("allocation:runs", args=[ready.call.pk])
    listing = page(client, ready.centre, url)
    assert "不会改变任何申报或工作室" in listing and "开始计算" in listing
    response = client.post(url, {"note": "按政策权重"})
    run = Run.objects.get(call=ready.call)
    assert response.url == reverse("allocation:run", args=[run.pk])
    assert run.status == Run.Status.DONE and run.note == "按政策权重"
    text = page(client, ready.centre, response.url)
    kept, other, new = ready.studios
    for name in ("甲校长", "乙校长", "丙校长", kept.name, new.name, "延续成员"):
        assert name in text
    assert str(run.objective) in text and "第一志愿" in text and "未填报" in text
    assert "同县" in text and "不含延续成员" in text and "低于最低人数" in text
    assert run.result["explanations"][applicant_id(ready.applications[0].pk)] in text
    assert "<progress" not in text and 'http-equiv="refresh"' not in text
    # The continuing members are named, by their studio member row.
    member = StudioMember.objects.filter(studio=kept).select_related("principal").first()
    assert member.principal.name in text
    listing = page(client, ready.centre, url)
    assert "#1" in listing and "按政策权重" in listing and "已完成" in listing


def test_a_run_refused_by_the_service_says_why(client, cast):
    f = formation(carried=1, members=1, new=1)
    member_call(f)  # still open: not in decision yet
    client.force_login(f.centre)
    url = reverse("allocation:runs", args=[f.call.pk])
    response = client.post(url, {"note": ""}, follow=True)
    assert "进入审定阶段后才能分配" in response.content.decode()
    assert not Run.objects.exists()


@pytest.mark.clause("HN-3.7")
def test_a_queued_run_shows_its_progress_and_refreshes_itself(client, cast, ready):
    run = Run.objects.create(
        call=ready.call,
        number=1,
        status=Run.Status.RUNNING,
        progress=30,
        phase="求最优分配",
        policy_version=ready.programme.policy_version,
        created_by=ready.centre,
        started_at=timezone.now(),
    )
    text = page(client, ready.centre, reverse("allocation:run", args=[run.pk]))
    assert '<progress class="run" id="run-progress" max="100" value="30">' in text
    assert '<meta http-equiv="refresh" content="2">' in text and "求最优分配" in text
    data = json.loads(client.get(reverse("allocation:progress", args=[run.pk])).content)
    assert data == {
        "status": "running",
        "status_label": "计算中",
        "progress": 30,
        "phase": "求最优分配",
        "error": "",
        "done": None,
    }
    # A run whose process died is reported failed when read.
    Run.objects.filter(pk=run.pk).update(started_at=timezone.now() - dt.timedelta(hours=1))
    data = json.loads(client.get(reverse("allocation:progress", args=[run.pk])).content)
    assert data["status"] == "failed" and data["done"] == reverse("allocation:run", args=[run.pk])
    text = page(client, ready.centre, reverse("allocation:run", args=[run.pk]))
    assert "计算失败" in text and "服务曾重启" in text and "<progress" not in text


@pytest.mark.clause("HN-3.7")
def test_a_manual_move_needs_a_reason_and_shows_the_objectives_change(client, cast, ready):
    run = run_of(ready)
    kept, other, new = ready.studios
    first = applicant_id(ready.applications[0].pk)
    url = reverse("allocation:move", args=[run.pk])
    client.force_login(ready.centre)
    response, text = follow(client, url, {"applicant": first, "studio": other.pk, "reason": " "})
    assert "人工调整必须写明理由" in text and not Move.objects.exists()
    response, text = follow(
        client,
        url,
        {"applicant": first, "studio": other.pk, "reason": "便于参加活动", "page": "1"},
    )
    move = Move.objects.get()
    assert move.to_studio == other and move.objective_after - move.objective_before == 150
    assert f"目标值 {move.objective_before} → {move.objective_after}（+150）" in text
    assert "便于参加活动" in text and "+150" in text and str(move.objective_after) in text
    assert f"求解器原解 {run.objective}" in text
    assert "经人工调整分配到" in text
    # A continuing member stays where they are.
    member = next(a["id"] for a in run.problem["applicants"] if "locked" in a)
    response, text = follow(client, url, {"applicant": member, "studio": new.pk, "reason": "x"})
    assert "延续成员固定在原工作室" in text and Move.objects.count() == 1
    # Taken out: listed among the unassigned, and by the 未分配 filter.
    follow(client, url, {"applicant": first, "studio": "none", "reason": "本人申请退出"})
    text = page(client, ready.centre, reverse("allocation:run", args=[run.pk]), studio="none")
    assert "甲校长" in text and "乙校长" not in text and "本人申请退出" in text
    text = page(client, ready.centre, reverse("allocation:run", args=[run.pk]), studio=new.pk)
    assert "乙校长" in text and "甲校长" not in text.split('id="people"')[1]


@pytest.mark.clause("HN-3.7")
def test_repeating_a_run_says_whether_it_gives_the_same_answer(client, cast, ready):
    run = run_of(ready)
    client.force_login(ready.centre)
    url = reverse("allocation:repeat", args=[run.pk])
    response, text = follow(client, url, {})
    assert "复算结果与原结果完全一致" in text
    Run.objects.filter(pk=run.pk).update(objective=run.objective, result={**run.result, "x": 1})
    response, text = follow(client, url, {})
    assert "复算结果与原结果不一致" in text


@pytest.mark.clause("HN-3.7")
def test_the_files_are_what_touyan_allocate_reads_and_writes(client, cast, ready, tmp_path):
    run = run_of(ready)
    client.force_login(ready.centre)
    response = client.get(reverse("allocation:problem", args=[run.pk]))
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    assert "problem.json" in response["Content-Disposition"]
    problem = json.loads(response.content)
    assert problem == run.problem
    result = json.loads(client.get(reverse("allocation:result", args=[run.pk])).content)
    assert result == run.result
    given, written = tmp_path / "problem.json", tmp_path / "result.json"
    given.write_bytes(response.content)
    call_command("allocate", "--input", str(given), "--output", str(written))
    again = json.loads(written.read_text(encoding="utf-8"))
    assert again["assignments"] == run.result["assignments"]
    assert again["objective"] == run.objective
    queued = Run.objects.create(
        call=ready.call,
        number=9,
        policy_version=ready.programme.policy_version,
        created_by=ready.centre,
    )
    assert client.get(reverse("allocation:problem", args=[queued.pk])).status_code == 404


@pytest.mark.clause("HN-3.7")
def test_two_runs_compared_show_who_is_placed_differently(client, cast, ready):
    first, second = run_of(ready), run_of(ready)
    kept, other, new = ready.studios
    moved = applicant_id(ready.applications[0].pk)
    services.move_member(
        actor=actor_of(ready.centre), run=second, applicant=moved, studio=other, reason="试"
    )
    url = reverse("allocation:compare", args=[ready.call.pk])
    text = page(client, ready.centre, url, a=first.pk, b=second.pk)
    rows = text.split("分配不同的人")[1]
    assert "甲校长" in rows and "乙校长" not in rows and "丙校长" not in rows
    assert kept.name in rows and other.name in rows
    assert "第一志愿" in rows and "第二志愿" in rows
    assert str(first.objective) in text and str(first.objective + 150) in text
    # by number too, and a run that is not done cannot be compared
    text = page(client, ready.centre, url, a=1, b=2)
    assert "甲校长" in text.split("分配不同的人")[1]
    text = page(client, ready.centre, url, a=first.pk, b="x")
    assert "请选择两个已完成的方案" in text
    listing = page(client, ready.centre, reverse("allocation:runs", args=[ready.call.pk]))
    assert "比较两个方案" in listing


@pytest.mark.clause("HN-3.8")
def test_publishing_after_confirmation_applies_once(client, cast, ready):
    run = run_of(ready)
    other = run_of(ready)
    url = reverse("allocation:publish", args=[run.pk])
    text = page(client, ready.centre, url)
    assert "我已核对" in text and "发布不能撤回" in text
    response, text = follow(client, url, {})
    assert "请先勾选" in text and Run.objects.get(pk=run.pk).published_at is None
    response, text = follow(client, url, {"checked": "on"})
    run.refresh_from_db()
    assert run.published_at and run.published_by == ready.centre
    assert "已发布：" in text and str(ready.centre) in text
    assert reverse("allocation:move", args=[run.pk]) not in text and "核对并发布" not in text
    ready.call.refresh_from_db()
    assert ready.call.stage == Call.Stage.FINAL
    members = StudioMember.objects.count()
    response, text = follow(client, url, {"checked": "on"})
    assert "已经发布" in text and StudioMember.objects.count() == members
    assert Application.objects.filter(status=Application.Status.CONFIRMED).count() == 3
    # The other run is only to be read now, and no run can be started.
    text = page(client, ready.centre, reverse("allocation:run", args=[other.pk]))
    assert "这一方案只供查看" in text and "核对并发布" not in text
    listing = page(client, ready.centre, reverse("allocation:runs", args=[ready.call.pk]))
    assert "开始计算" not in listing and "已发布方案 #1" in listing


def test_the_call_page_links_to_the_allocation_of_a_member_call(client, cast, ready):
    text = page(client, ready.centre, reverse("selection:call", args=[ready.call.pk]))
    assert reverse("allocation:runs", args=[ready.call.pk]) in text and "成员分配" in text


def _second_call(f, size: int):
    """Another member call of the same programme with ``size`` approved applications."""
    member_call(f)
    for index in range(size):
        member_apply(f.call, member_applicant("460106"), [f.studios[index % 3]])
    close_and_approve(f)
    return run_of(f)


def test_the_run_page_reads_a_fixed_number_of_queries(client, cast):
    f = formation(carried=2, members=3, new=1)
    small, large = _second_call(f, 2), _second_call(f, 9)
    services.move_member(
        actor=actor_of(f.centre),
        run=large,
        applicant=next(i for i in large.result["assignments"] if i.startswith("A")),
        studio=None,
        reason="退出",
    )
    client.force_login(f.centre)
    counts = []
    for run in (small, large):
        url = reverse("allocation:run", args=[run.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("allocation:runs", args=[large.call.pk]))
    assert len(queries) < 30
