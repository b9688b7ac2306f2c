"""The policy editor in a real browser (issue 22, part 3): Hainan's authority admin opens the
editor on the published policy, types an error and sees it located (the link puts the caret on
its line), fixes it, saves, reads the page the draft will produce and its difference from
version 1, previews its verdicts on the programme's records, and publishes version 2."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.factories import UserFactory, grant
from tests.policies.helpers import HAINAN, edit, line_of
from tests.programmes import SYSTEM, hainan
from touyan.accounts.roles import Role
from touyan.policies.models import PolicyDraft, PolicyVersion
from touyan.records import services as records

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "secret-pass-123"  # tests.factories.UserFactory's
BROKEN = edit(HAINAN, 'slug = "hainan-studios"', "slug = hainan-studios")
FIXED = edit(
    HAINAN,
    'activity_types = ["seminar"]\nperiod = "month"',
    'activity_types = ["seminar"]\nperiod = "cycle"',
)


def submit(page: Page, target: str) -> None:
    with page.expect_navigation():
        page.locator(target).click()


def shot(page: Page, name: str) -> None:
    page.screenshot(path=f"/tmp/editor-{name}.png", full_page=True)


@pytest.mark.clause("HN-4.1.1")
def test_an_authority_admin_writes_checks_previews_and_publishes_a_version(web, browser):
    _context, base_url, _shots = web
    hn = hainan(studios=2, members=2)
    records.create_activity(
        actor=SYSTEM,
        programme=hn.programme,
        studios=[hn.studios[0]],
        activity_type="seminar",
        title="专题研讨",
        date=timezone.localdate() - dt.timedelta(days=3),
    )
    admin = UserFactory(username="hn-author")
    grant(admin, Role.AUTHORITY_ADMIN, "460000")

    desk = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = desk.new_page()
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", admin.username)
    page.fill("input[name=password]", PASSWORD)
    submit(page, "button[type=submit]")

    # From the menu to the list of policies, and a draft of the next version.
    submit(page, "nav.mainnav a:text-is('培养政策')")
    submit(page, "tr:has-text('海南省中学卓越校长工作室') button:text-is('编辑')")
    draft = PolicyDraft.objects.get()
    area = page.locator("#policy-text")
    expect(area).to_have_value(HAINAN)
    gutter = page.locator(".policy-gutter")
    assert gutter.inner_text().split() == [str(n) for n in range(1, HAINAN.count("\n") + 2)]

    # An error typed is found as one types, at its line and column.
    area.fill(BROKEN)
    line = line_of(BROKEN, "slug = hainan-studios")
    located = page.locator(f"[data-policy-problems] a[data-line='{line}']")
    expect(located).to_have_text(f"第 {line} 行第 8 列")
    expect(page.locator("[data-policy-problems]")).to_contain_text("TOML")
    located.click()
    shot(page, "1-error")
    caret = area.evaluate("area => area.selectionStart")
    assert caret == len("\n".join(BROKEN.split("\n")[: line - 1])) + 1 + 7
    expect(area).to_be_focused()

    # Fixed, the problems go; saved, the draft keeps it.
    area.fill(FIXED)
    expect(page.locator("[data-policy-problems] p.ok")).to_be_visible()
    submit(page, "button:text-is('保存草稿')")
    draft.refresh_from_db()
    assert draft.text == FIXED

    # The page it will produce, and its difference from version 1.
    submit(page, "nav.tabs a:text-is('页面预览')")
    expect(page.locator(".draft-page h2").first).to_have_text("海南省中学卓越校长工作室")
    expect(page.locator(".draft-page")).to_contain_text("HN-4.1.1")
    shot(page, "2-page")
    submit(page, "nav.tabs a:text-is('与现行版本的差异')")
    expect(page.locator("tr.diff-removed")).to_contain_text("删除")
    expect(page.locator("tr.diff-removed")).to_contain_text('period = "month"')
    expect(page.locator("tr.diff-added")).to_contain_text('period = "cycle"')
    shot(page, "3-diff")

    # The verdicts the draft would give, beside today's.
    submit(page, "nav.tabs a:text-is('结论预览')")
    page.select_option("select[name=programme]", label=hn.programme.name)
    submit(page, "button:text-is('预览结论')")
    changes = page.locator("table.preview-changes")
    expect(changes).to_contain_text(hn.studios[0].name)
    expect(changes).to_contain_text("已达成")
    expect(page.locator("table.preview-counts")).to_contain_text("→")
    shot(page, "4-preview")

    # Published: version 2, and its page.
    submit(page, "a:text-is('回到草稿')")
    submit(page, "nav.tabs a:text-is('发布')")
    expect(page.locator("main")).to_contain_text("将发布为第 2 版")
    submit(page, "button:text-is('确认发布')")
    expect(page.locator("ul.messages")).to_contain_text("已发布第 2 版")
    assert page.url.endswith("/policies/hainan-studios/v2/")
    assert PolicyVersion.objects.filter(policy__slug="hainan-studios").count() == 2
    assert not PolicyDraft.objects.exists()
    shot(page, "5-published")
    desk.close()
