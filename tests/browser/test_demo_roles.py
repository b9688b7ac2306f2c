"""Every demo role signs in through a real browser and lands on its own home page."""

import pytest
from django.core.management import call_command

from touyan.demo.accounts import DEMO_PASSWORD
from touyan.people.models import School

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# username → a text their home page must show
HOMES = {
    "sysadmin": "学校与校长名册",
    "hn-admin": "操作日志",
    "hn-centre": "学校与校长名册",
    "hn-qionghai": "琼海市",
    "hz-admin": "操作日志",
    "hz-centre": "学校与校长名册",
    "hz-xihu": "西湖区",
    "hz-binjiang": "滨江区",
    "expert": "评审任务",
    "mentor": "我指导的培养人选",
    "host": "我的档案",
    "member": "我的档案",
    "trainee": "我的档案",
    "trainee-c2": "我的档案",
}


def sign_in(page, base_url, username):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/")


def test_every_demo_role_signs_in_and_sees_its_home(web):
    context, base_url, shots = web
    call_command("demo", verbosity=0)
    page = context.new_page()
    page.goto(f"{base_url}/accounts/login/")
    assert "登录头雁" in page.content()  # Chinese even though the browser asks for English
    page.screenshot(path=str(shots / "login.png"), full_page=True)
    for username, expected in HOMES.items():
        sign_in(page, base_url, username)
        assert expected in page.inner_text("main"), username
        page.screenshot(path=str(shots / f"home-{username}.png"), full_page=True)
        page.click("text=退出")
        page.wait_for_url(f"{base_url}/accounts/login/")


def test_a_district_officer_on_a_phone_browses_only_their_district(web, browser):
    context, base_url, shots = web
    call_command("demo", verbosity=0)
    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = phone.new_page()
    sign_in(page, base_url, "hz-xihu")
    page.click("label.menu-button")
    page.click("nav >> text=校长名册")
    page.wait_for_url(f"{base_url}/registry/principals/")
    schools_shown = set(page.locator("table.list tbody td:nth-child(2)").all_inner_texts())
    xihu_schools = set(School.objects.filter(region_id="330106").values_list("name", flat=True))
    assert schools_shown and schools_shown <= xihu_schools
    page.screenshot(path=str(shots / "phone-principals-hz-xihu.png"), full_page=True)
    phone.close()
