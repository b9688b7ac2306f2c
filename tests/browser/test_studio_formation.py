"""Studio formation in a real browser: a visitor reads the public studios, a principal applies
to join on a phone and ranks two studios, the centre runs the allocation, moves the applicant
by hand with a reason and publishes, the applicant reads where they were placed and why, and
the host finds them among the studio's members (HN-3.5 – HN-3.8)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.formation import (
    DECLARATIONS,
    close_and_approve,
    formation,
    member_applicant,
    member_apply,
    member_call,
)
from touyan.allocation.models import Move, Run
from touyan.programmes.models import StudioMember
from touyan.selection.models import Application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "secret-pass-123"  # tests.factories.UserFactory's
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def sign_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert "/accounts/login/" not in page.url, username


def submit(page: Page, target: str) -> None:
    with page.expect_navigation():
        page.locator(target).click()


def shot(page: Page, folder: Path, name: str) -> None:
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(folder / f"formation-{name}.png"), full_page=True)


@pytest.mark.clause("HN-3.5", "HN-3.6", "HN-3.7", "HN-3.8")
def test_a_principal_joins_a_studio_through_a_published_allocation(web, browser):
    _context, base_url, shots = web
    f = formation(carried=2, members=3, new=1)
    kept, other, new = f.studios
    call = member_call(f)
    others = [member_apply(call, member_applicant("460203"), [new, other]) for _ in range(2)]
    principal = member_applicant("460106", name="林晓东")

    visitor = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 860})
    page = visitor.new_page()
    page.goto(f"{base_url}/studios/")
    for studio in f.studios:
        expect(page.locator("main")).to_contain_text(studio.name)
    page.click(f"a:text-is('{kept.name}')")
    expect(page.locator("main")).to_contain_text("海南省中学卓越校长培养实践基地")
    expect(page.locator("main")).to_contain_text("申请加入")
    shot(page, shots, "01-public-studio")
    visitor.close()

    phone = browser.new_context(locale="en-US", **PHONE)
    page = phone.new_page()
    sign_in(page, base_url, principal.user.username)
    page.goto(f"{base_url}/selection/calls/{call.pk}/")
    submit(page, "button:text-is('我要申报')")
    assert re.search(r"/selection/applications/\d+/$", page.url)
    statements = page.locator("textarea[name^=statement_]")
    assert statements.count() == len(DECLARATIONS)
    for index in range(statements.count()):
        statements.nth(index).fill("积极进取，虚心好学，能够完成学习任务。")
    submit(page, "button[name=action][value=save]")
    page.click("a:has-text('志愿')")
    page.select_option("select[name=choice_1]", str(kept.pk))
    page.select_option("select[name=choice_2]", str(other.pk))
    shot(page, shots, "02-choices-on-a-phone")
    submit(page, "button:text-is('保存志愿')")
    expect(page.locator("main")).to_contain_text(kept.name)
    submit(page, "button[name=action][value=submit]")
    expect(page.locator("h1 .badge")).to_have_text("待审核")
    application = Application.objects.get(call=call, principal=principal)
    assert application.studio_choices == [kept.pk, other.pk]

    close_and_approve(f)
    centre = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 860})
    office = centre.new_page()
    sign_in(office, base_url, f.centre.username)
    office.goto(f"{base_url}/selection/office/calls/{call.pk}/")
    office.click("nav.tabs a:text-is('成员分配')")
    office.fill("[name=note]", "按默认权重")
    submit(office, "button:text-is('开始计算')")
    run = Run.objects.get(call=call)
    expect(office.locator("main")).to_contain_text("第一志愿")
    assert run.status == Run.Status.DONE
    shot(office, shots, "03-run-result")

    row = office.locator("tr", has_text="林晓东")
    row.locator("details.move summary").click()
    row.locator("select[name=studio]").select_option(str(other.pk))
    row.locator("textarea[name=reason]").fill("与第二志愿工作室主持人同校区，便于参加活动")
    with office.expect_navigation():
        row.locator("button:text-is('调整')").click()
    move = Move.objects.get(run=run)
    assert move.to_studio_id == other.pk and move.objective_after > move.objective_before
    expect(office.locator("main")).to_contain_text("便于参加活动")
    office.click("a:text-is('核对并发布')")
    office.check("input[name=checked]")
    submit(office, "button:text-is('确认发布')")
    run.refresh_from_db()
    assert run.published_at is not None
    shot(office, shots, "04-published")
    centre.close()

    page.goto(f"{base_url}/selection/applications/{application.pk}/")
    main = page.locator("main")
    expect(main).to_contain_text("分配结果")
    expect(main).to_contain_text(other.name)
    expect(main).to_contain_text("便于参加活动")
    expect(main).to_contain_text("分配结果发布，分配到工作室")
    shot(page, shots, "05-placement-on-a-phone")
    phone.close()
    assert StudioMember.objects.filter(studio=other, principal=principal).exists()
    assert all(Application.objects.get(pk=a.pk).placement_note for a in others)

    host = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 860})
    page = host.new_page()
    sign_in(page, base_url, other.host.user.username)
    page.goto(f"{base_url}/programmes/{f.programme.slug}/studios/{other.pk}/")
    expect(page.locator("main")).to_contain_text("林晓东")
    host.close()
