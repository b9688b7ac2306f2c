"""A newcomer of each demo role reaches each of their tasks from the home page in at most two
clicks, through their own places in the menu and their home cards; a visitor who has not signed
in finds the open calls, the notices and the studios on the front door, on a phone as on a
desktop."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.browser.test_demo_roles import sign_in
from tests.browser.test_selection_chain import fits_the_screen, messages, submit
from touyan.selection.models import Notice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MOST_CLICKS = 2
# One's own compliance: the list of one's subjects, or straight to the only one.
MY_COMPLIANCE = r"/compliance/[\w-]+/(mine|subjects/\d+)/$"


@dataclass(frozen=True)
class Task:
    name: str
    # Each click: ("nav", text) for the main menu, ("main", text) for a link on the page.
    clicks: tuple[tuple[str, str], ...]
    # Where the task is done: a path pattern, and a text that page (its title or main) shows.
    lands_on: str
    shows: str


JOURNEYS: dict[str, list[Task]] = {
    "hz-xihu": [
        Task("区县审核", (("nav", "区县审核"),), r"/selection/district/$", "待审核"),
        Task(
            "审核正在申报的遴选",
            (("nav", "区县审核"), ("main", "第三期人选遴选（小学校长）")),
            r"/selection/calls/\d+/district/330106/$",
            "申报审核",
        ),
        Task(
            "从首页直达审核",
            (("main", "第三期人选遴选（小学校长）（待审核"),),
            r"/selection/calls/\d+/district/330106/$",
            "申报审核",
        ),
        Task(
            "报送已截止遴选的推荐名单",
            (("nav", "区县审核"), ("main", "第三期人选遴选（幼儿园园长）")),
            r"/selection/calls/\d+/district/330106/$",
            "报送",
        ),
        Task("校长名册", (("nav", "校长名册"),), r"/registry/principals/$", "校长"),
    ],
    "applicant": [
        Task("可申报的遴选与资格", (("nav", "遴选申报"),), r"/selection/open/$", "符合申报条件"),
        Task(
            "申报",
            (("main", "第三期人选遴选（小学校长）"),),
            r"/selection/calls/\d+/$",
            "我要申报",
        ),
        Task("我的档案", (("main", "查看我的档案"),), r"/registry/principals/\d+/$", "任现职时间"),
    ],
    "expert": [
        Task("评审下一份", (("main", "评审下一份"),), r"/selection/reviews/\d+/$", "提交评审"),
        Task("全部评审任务", (("nav", "评审任务"),), r"/selection/reviews/$", "已提交"),
    ],
    "host": [
        Task(
            "活动、考勤与成果",
            (("nav", "我的工作室"), ("main", "活动、考勤与成果")),
            r"/programmes/[\w-]+/studios/\d+/$",
            "活动",
        ),
        Task(
            "本工作室的合规情况",
            (("nav", "我的工作室"), ("main", "合规情况")),
            MY_COMPLIANCE,
            "合规情况",
        ),
        Task(
            "编辑工作室简介",
            (("nav", "我的工作室"), ("main", "工作室简介")),
            r"/studios/\d+/prospectus/$",
            "工作室简介",
        ),
        Task("我的档案", (("main", "查看我的档案"),), r"/registry/principals/\d+/$", "任现职时间"),
    ],
    "member": [
        Task(
            "所在工作室的活动与考勤",
            (("nav", "我的工作室"), ("main", "活动、考勤与成果")),
            r"/programmes/[\w-]+/studios/\d+/$",
            "活动",
        ),
        Task(
            "成员申报的分配结果",
            (("nav", "我的申报"),),
            r"/selection/applications/$",
            "分配到",
        ),
    ],
    "trainee": [
        Task("我的任务", (("main", "查看我的任务"),), MY_COMPLIANCE, "合规情况"),
        Task("我的档案", (("main", "查看我的档案"),), r"/registry/principals/\d+/$", "任现职时间"),
    ],
    "hz-centre": [
        Task("遴选", (("nav", "遴选"),), r"/selection/office/calls/$", "遴选"),
        Task("培养项目", (("nav", "培养项目"),), r"/programmes/$", "培养项目"),
        Task("导入名册", (("nav", "导入名册"),), r"/registry/import/", "导入"),
    ],
}


def link(page: Page, where: str, text: str):
    scope = "nav.mainnav" if where == "nav" else "main"
    return page.locator(f"{scope} a", has_text=text).first


def walk(page: Page, base_url: str, task: Task, shots, username: str, number: int) -> None:
    assert len(task.clicks) <= MOST_CLICKS, task.name
    page.goto(f"{base_url}/")
    for where, text in task.clicks:
        target = link(page, where, text)
        expect(target).to_be_visible()
        with page.expect_navigation():
            target.click()
    assert re.search(task.lands_on, page.url), f"{username} · {task.name}: {page.url}"
    shown = page.title() + page.inner_text("main")
    assert task.shows in shown, f"{username} · {task.name}: no “{task.shows}” on {page.url}"
    page.screenshot(path=str(shots / f"journey-{username}-{number}.png"), full_page=True)


def test_each_role_reaches_each_task_in_two_clicks_at_most(web):
    context, base_url, shots = web
    call_command("demo", verbosity=0)
    page = context.new_page()
    for username, tasks in JOURNEYS.items():
        sign_in(page, base_url, username)
        page.screenshot(path=str(shots / f"journey-{username}-home.png"), full_page=True)
        for number, task in enumerate(tasks):
            walk(page, base_url, task, shots, username, number)
        if username == "expert":
            after_a_review_the_next_opens(page, base_url, shots)
        page.goto(f"{base_url}/")
        page.click("text=退出")
        page.wait_for_url(f"{base_url}/accounts/login/")


def after_a_review_the_next_opens(page: Page, base_url: str, shots) -> None:
    page.goto(f"{base_url}/")
    link(page, "main", "评审下一份").click()
    page.wait_for_url(re.compile(r".*/selection/reviews/\d+/$"))
    first = page.url
    for box in page.locator("#scoring input.score").all():
        box.fill(str(round(int(box.get_attribute("data-points")) * 0.8)))
    page.fill("#scoring textarea[name=comment]", "办学思路清晰，成果扎实。")
    page.check("#scoring input[name=recommend][value='1']")
    submit(page, "#scoring button[type=submit]")
    assert "下一份待评审" in messages(page)
    assert page.url != first and re.search(r"/selection/reviews/\d+/$", page.url)
    expect(page.locator("#scoring")).to_be_visible()
    page.screenshot(path=str(shots / "journey-expert-next-review.png"), full_page=True)


@pytest.mark.parametrize("width", [360, 1280])
def test_a_visitor_finds_the_public_pages_at_the_front_door(web, browser, width):
    _context, base_url, shots = web
    call_command("demo", verbosity=0)
    phone = width < 720
    visitor = browser.new_context(
        viewport={"width": width, "height": 800 if phone else 860},
        is_mobile=phone,
        has_touch=phone,
    )
    page = visitor.new_page()
    page.goto(f"{base_url}/")
    main = page.locator("main")
    expect(main).to_contain_text("正在申报的遴选")
    notice = Notice.objects.select_related("call").get(call__stage="notice")
    expect(main).to_contain_text(notice.call.title)
    assert fits_the_screen(page), f"the front door scrolls sideways at {width} px"
    page.screenshot(path=str(shots / f"front-door-{width}.png"), full_page=True)
    with page.expect_navigation():
        link(page, "main", notice.call.title).click()
    assert page.url.endswith(f"/selection/calls/{notice.call_id}/notice/")
    page.goto(f"{base_url}/")
    with page.expect_navigation():
        page.locator("main .public-section a").filter(has_text="工作室").first.click()
    assert re.search(r"/studios/\d+/$", page.url)
    page.goto(f"{base_url}/")
    with page.expect_navigation():
        page.locator("main a.button", has_text="登录").click()
    assert page.url.endswith("/accounts/login/")
    visitor.close()
