"""Carrying the last cycle's studios over on a phone: the centre picks two, confirms, gives the
reason for the host who no longer meets the host conditions (引进), and finds both in the
programme's list (HN-3.3)."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from tests.factories import UserFactory, grant
from tests.programmes import hainan
from touyan.accounts.roles import Role
from touyan.people.enums import Position
from touyan.programmes.models import Studio

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "secret-pass-123"  # tests.factories.UserFactory's
PHONE = {"viewport": {"width": 360, "height": 780}, "is_mobile": True, "has_touch": True}


def submit(page: Page, target: str) -> None:
    with page.expect_navigation():
        page.locator(target).click()


@pytest.mark.clause("HN-3.3")
def test_the_centre_carries_two_studios_over_one_as_introduced(web, browser):
    _context, base_url, shots = web
    last = hainan(studios=2, start=dt.date(2022, 9, 1))
    this = hainan(studios=1)
    kept, moved = last.studios
    moved.host.position = Position.VICE_PRINCIPAL
    moved.host.save(update_fields=["position"])
    centre = UserFactory(username="hn-centre")
    grant(centre, Role.CENTRE_STAFF, "460000")

    phone = browser.new_context(locale="en-US", **PHONE)
    page = phone.new_page()
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", centre.username)
    page.fill("input[name=password]", PASSWORD)
    submit(page, "button[type=submit]")
    page.goto(f"{base_url}/programmes/{this.programme.slug}/")
    submit(page, "a:text-is('延续上一周期的工作室')")
    expect(page.locator("main")).to_contain_text("须作为引进主持人延续")
    page.check(f"#studio-{kept.pk}")
    page.check(f"#studio-{moved.pk}")
    submit(page, "button:text-is('下一步：确认')")
    expect(page.locator("main h2")).to_contain_text("确认延续 2 个工作室")
    assert not Studio.objects.filter(carried_from__isnull=False).exists()
    page.fill(f"textarea[name=reason_{moved.pk}]", "省外引进的知名校长，经研究同意继续主持")
    page.screenshot(path=str(shots / "carry-over-confirm.png"), full_page=True)
    submit(page, "button:text-is('确认延续')")
    expect(page.locator("body")).to_contain_text("已延续 2 个工作室及其成员")
    expect(page.locator("main")).to_contain_text("引进")
    introduced = Studio.objects.get(programme=this.programme, carried_from=moved)
    assert introduced.introduced and introduced.introduced_by == centre
    assert introduced.members.count() == 10
    phone.close()
