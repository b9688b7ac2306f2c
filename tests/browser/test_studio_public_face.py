"""A studio's public face in the browser (HN-4.1.6, HN-4.0.1): the host publishes an activity
as a post of the studio's site in one step, a member answers a thread of the studio's community,
and a visitor on a phone finds the post from the studio's public page, through its column."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from tests.factories import UserFactory, grant
from tests.formation import approve_prospectus
from tests.programmes import SYSTEM, hainan
from tests.records.programme_people import account_for
from touyan.accounts.roles import Role
from touyan.community.models import Post as CommunityPost
from touyan.community.services.threads import start_thread
from touyan.core.actors import Actor
from touyan.publishing.models import Post
from touyan.records import services as records

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "secret-pass-123"  # tests.factories.UserFactory's
PHONE = {"viewport": {"width": 360, "height": 780}, "is_mobile": True, "has_touch": True}


def submit(page: Page, target: str) -> None:
    with page.expect_navigation():
        page.locator(target).click()


def sign_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    submit(page, "button[type=submit]")


@pytest.mark.clause("HN-4.1.6", "HN-4.0.1")
def test_a_host_publishes_an_activity_a_member_answers_a_visitor_reads(web, browser):
    _context, base_url, shots = web
    hn = hainan(studios=1, members=2)
    studio = hn.studios[0]
    host = account_for(studio.host, "hn-host")
    member = account_for(hn.members[studio.pk][0], "hn-member")
    centre = UserFactory(username="hn-centre")
    grant(centre, Role.CENTRE_STAFF, "460000")
    approve_prospectus(studio, centre)
    activity = records.create_activity(
        actor=SYSTEM,
        programme=hn.programme,
        studios=[studio],
        cohort=None,
        activity_type="seminar",
        title="“双减”背景下的课堂改革专题研讨",
        date=dt.date(2025, 10, 16),
        description="成员围绕作业设计与课堂评价交流了各校的做法。",
    )
    thread = start_thread(
        actor=Actor(host),
        programme=hn.programme,
        studio=studio,
        title="下学期的读书计划",
        body="请各位推荐一本与学校治理有关的书。",
    )

    # The host: from the activity's page to a published post, in one step.
    desk = browser.new_context(locale="zh-CN")
    page = desk.new_page()
    sign_in(page, base_url, host.username)
    page.goto(f"{base_url}/records/{hn.programme.slug}/activities/{activity.pk}/")
    submit(page, "a:text-is('发布为工作室文章')")
    page.select_option("select[name=column]", label="校长交流")
    page.check("input[name=publish]")
    submit(page, "button:text-is('生成文章')")
    post = Post.objects.get(studio=studio)
    assert post.status == Post.Status.PUBLISHED and post.title == activity.title
    desk.close()

    # A member: answers the host's thread.
    desk = browser.new_context(locale="zh-CN")
    page = desk.new_page()
    sign_in(page, base_url, member.username)
    page.goto(f"{base_url}/community/{hn.programme.slug}/threads/{thread.pk}/")
    page.fill("textarea[name=body]", "推荐《学校的变革》，讲学校治理的案例很具体。")
    submit(page, "#reply button[type=submit]")
    expect(page.locator("main")).to_contain_text("推荐《学校的变革》")
    assert CommunityPost.objects.filter(thread=thread, author=member).exists()
    desk.close()

    # A visitor on a phone: the studio's public page, its site, the column, the post.
    phone = browser.new_context(locale="zh-CN", **PHONE)
    page = phone.new_page()
    page.goto(f"{base_url}/studios/{studio.pk}/")
    submit(page, "a:has-text('工作室网站')")
    submit(page, f"a.post-title:text-is('{post.title}')")
    expect(page.locator("main")).to_contain_text("作业设计与课堂评价")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the post scrolls sideways on a phone: {width}px"
    page.screenshot(path=str(shots / "studio-site-post-phone.png"), full_page=True)
    phone.close()
