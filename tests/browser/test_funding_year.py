"""A studio's fund through one year in a real browser (HN-6.1): the centre sets the budget and
asks for its disbursement, the authority approves it, the studio's finance contact enters two
expenses — the first refused as off-category, told in words with what was typed kept — and
reverses one, and after the year's last day the centre closes the year and the ledger shows the
balance carried on. The ledger is looked at on a phone too (no sideways scrolling)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from playwright.sync_api import expect

from touyan.accounts.models import RoleGrant
from touyan.accounts.roles import Role
from touyan.funding.models import Budget, Disbursement, Expense, YearEnd

from ..factories import UserFactory, grant
from ..programmes import hainan
from .test_selection_chain import fits_the_screen, messages, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "secret-pass-123"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def sign_in(page, base_url, username):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert "/accounts/login/" not in page.url, username


@pytest.mark.clause("HN-6.1")
def test_a_studio_fund_from_budget_to_year_end(web, pin_today):
    browser_context, base_url, shots = web
    programme = hainan(studios=1, members=0)
    studio = programme.studios[0]
    slug = programme.programme.slug
    centre = UserFactory(username="hn-centre")
    grant(centre, Role.CENTRE_STAFF, "460000")
    admin = UserFactory(username="hn-admin")
    grant(admin, Role.AUTHORITY_ADMIN, "460000")
    finance = UserFactory(username="hn-finance")
    RoleGrant.objects.create(
        user=finance,
        role=Role.FINANCE_CONTACT,
        scope_type=ContentType.objects.get_for_model(studio),
        scope_id=studio.pk,
    )
    pin_today(dt.date(2026, 6, 15))
    browser = browser_context.browser

    def page_of(username, **options):
        context = browser.new_context(locale="en-US", **options)
        page = context.new_page()
        sign_in(page, base_url, username)
        return page

    # The centre sets the budget, in yuan, and asks for it to be paid.
    office = page_of("hn-centre")
    office.goto(f"{base_url}/funds/{slug}/budgets/new/")
    office.select_option("select[name=source]", "studio_fund")
    office.fill("input[name=year]", "2026")
    office.select_option("select[name=holder]", f"studio:{studio.pk}")
    office.fill("input[name=amount]", "60,000")
    office.fill("input[name=payee]", "海南测试中学")
    submit(office, "form.form button[type=submit]")
    assert "预算已保存" in messages(office)
    budget = Budget.objects.get()
    assert budget.amount_fen == 6_000_000
    office.click("text=申请拨付")
    office.fill("input[name=amount]", "60,000.00")
    office.fill("input[name=voucher_no]", "HN-2026-017")
    submit(office, "form.form button[type=submit]")
    assert "拨付申请已提交" in messages(office)

    # The authority approves it.
    authority = page_of("hn-admin")
    authority.goto(f"{base_url}/funds/{slug}/disbursements/")
    expect(authority.locator("body")).to_contain_text("HN-2026-017")
    authority.click("a[href$='/decide/']")
    authority.check("input[name=decision][value=approve]")
    submit(authority, "form.form button[type=submit]")
    assert Disbursement.objects.get().status == "approved"

    # The finance contact: an off-category expense is refused in words, the input kept.
    spender = page_of("hn-finance")
    expect(spender.locator("body")).to_contain_text("60,000.00")
    spender.click("text=录入支出 >> nth=0")
    spender.select_option("select[name=category]", "online_community")
    spender.fill("input[name=spent_on]", "2026-05-20")
    spender.fill("input[name=amount]", "2,400")
    spender.fill("input[name=payee]", "某研修网站")
    submit(spender, "form.form button[type=submit]")
    expect(spender.locator(".error").first).to_contain_text("类别不符")
    assert spender.input_value("input[name=amount]") == "2,400"
    assert spender.input_value("input[name=payee]") == "某研修网站"
    assert not Expense.objects.exists()
    spender.screenshot(path=str(shots / "funding-refused.png"), full_page=True)
    spender.select_option("select[name=category]", "activities")
    spender.fill("input[name=payee]", "海口会议中心")
    submit(spender, "form.form button[type=submit]")
    assert "支出已录入" in messages(spender)
    spender.goto(f"{base_url}/funds/{slug}/studio-{studio.pk}/expenses/new/")
    spender.select_option("select[name=category]", "activities")
    spender.fill("input[name=spent_on]", "2026-06-02")
    spender.fill("input[name=amount]", "1,800.50")
    spender.fill("input[name=payee]", "海口某酒店")
    submit(spender, "form.form button[type=submit]")
    assert Expense.objects.count() == 2

    # … and reverses the second: a reason, then a confirmation.
    wrong = Expense.objects.get(amount_fen=180_050)
    spender.goto(f"{base_url}/funds/{slug}/expenses/{wrong.pk}/reverse/")
    spender.fill("textarea[name=reason]", "发票重复报销")
    submit(spender, "form.form button[type=submit]")
    expect(spender.locator("body")).to_contain_text("确认冲销")
    submit(spender, "form.form button[type=submit]")
    assert "已冲销" in messages(spender)
    expect(spender.locator("body")).to_contain_text("57,600.00")

    # After the year's last day the centre closes it: what will happen, then the close.
    pin_today(dt.date(2027, 1, 8))
    office.goto(f"{base_url}/funds/{slug}/year-end/")
    office.click("text=2026 · 工作室专项经费")
    expect(office.locator("table")).to_contain_text("结转下年度")
    submit(office, "text=确认结算")
    assert "已结算 1 项预算" in messages(office)
    assert YearEnd.objects.get().balance_fen == 5_760_000

    # The year-end ledger, on a desktop and on a phone.
    spender.goto(f"{base_url}/funds/{slug}/studio-{studio.pk}/")
    expect(spender.locator("body")).to_contain_text("结转 57,600.00")
    spender.screenshot(path=str(shots / "funding-ledger-desktop.png"), full_page=True)
    phone = page_of("hn-finance", **PHONE)
    phone.goto(f"{base_url}/funds/{slug}/studio-{studio.pk}/")
    phone.screenshot(path=str(shots / "funding-ledger-phone.png"), full_page=True)
    assert fits_the_screen(phone), "the ledger is wider than a phone"
    for page in (office, authority, spender, phone):
        page.context.close()
