"""The whole Hangzhou selection chain in a real browser, with the demo accounts: the applicant
applies, 西湖区 approves, ranks and sends, the expert scores on a phone, the city decides and
publishes the notice, a visitor objects, the city handles it and confirms the list. Each role
is also refused what is not theirs (404)."""

from __future__ import annotations

import datetime as dt
import re
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from fpdf import FPDF
from playwright.sync_api import Page, expect

from touyan.accounts.models import User
from touyan.demo.accounts import APPLICANT_SCHOOL, DEMO_PASSWORD
from touyan.programmes.models import Trainee
from touyan.selection.models import Application, Call, Notice, Review

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

S = Application.Status
XIHU, BINJIANG = "330106", "330108"
DESKTOP = {"width": 1280, "height": 860}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
STATEMENT = "本人坚持立德树人，学校治理规范，近三年办学质量稳步提升，承诺所填信息真实。"


@dataclass
class Walk:
    browser: object
    base_url: str
    shots: Path
    stack: ExitStack
    pages: dict[str, Page] = field(default_factory=dict)
    shot_number: int = 0

    def page(self, who: str = "anonymous", *, phone: bool = False) -> Page:
        """One browser context per person (signed in once), kept for the whole walk."""
        key = f"{who}-phone" if phone else who
        if key not in self.pages:
            options = PHONE if phone else {"viewport": DESKTOP}
            context = self.browser.new_context(locale="en-US", **options)
            self.stack.callback(context.close)
            page = context.new_page()
            if who != "anonymous":
                sign_in(page, self.base_url, who)
            self.pages[key] = page
        return self.pages[key]

    def url(self, path: str) -> str:
        return self.base_url + path

    def shot(self, page: Page, name: str) -> None:
        self.shot_number += 1
        path = self.shots / f"selection-{self.shot_number:02d}-{name}.png"
        # Sticky bars would otherwise be drawn where the last anchor scrolled to.
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(path), full_page=True)


def sign_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert "/accounts/login/" not in page.url, username


def submit(page: Page, target) -> None:
    """Click a button that posts a form and wait for the page it leads to."""
    button = page.locator(target) if isinstance(target, str) else target
    with page.expect_navigation():
        button.click()


def status_of(page: Page, path: str) -> int:
    return page.goto(path).status


def messages(page: Page) -> str:
    found = page.locator("ul.messages")
    return found.inner_text() if found.count() else ""


def small_pdf(folder: Path) -> Path:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=14)
    pdf.cell(0, 10, "Recommendation form - signed and stamped")
    path = folder / "recommendation-form.pdf"
    pdf.output(str(path))
    return path


def fits_the_screen(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


# The steps ------------------------------------------------------------------------------------


def apply_as_the_applicant(walk: Walk, call: Call, tmp_path: Path) -> Application:
    visitor = walk.page()
    visitor.goto(walk.url("/selection/calls/"))
    card = visitor.locator("article.card", has_text=call.title)
    expect(card).to_contain_text("报名中")
    walk.shot(visitor, "public-calls")
    assert status_of(visitor, walk.url(f"/selection/calls/{call.pk}/notice/")) == 404

    page = walk.page("applicant")
    page.goto(walk.url("/selection/calls/"))
    page.click(f"a:text-is('{call.title}')")
    expect(page.locator("h1")).to_contain_text(call.title)
    walk.shot(page, "call-page")
    submit(page, "button:text-is('我要申报')")
    assert re.search(r"/selection/applications/\d+/$", page.url)
    application = Application.objects.get(call=call, principal__user__username="applicant")

    statements = page.locator("textarea[name^=statement_]")
    assert statements.count() >= 4  # the declarations and the experts' judgements
    for index in range(statements.count()):
        statements.nth(index).fill(STATEMENT)
    page.check("input[name=route][value=unit]")
    page.fill("input[name=recommending_unit]", "杭州市西湖区教育局")
    page.set_input_files("input[name=files_form]", str(small_pdf(tmp_path)))
    submit(page, "button[name=action][value=save]")
    assert "草稿已保存" in messages(page)
    expect(page.locator("main")).to_contain_text("recommendation-form.pdf")
    walk.shot(page, "draft-saved")

    submit(page, "button[name=action][value=submit]")
    assert "申报已提交" in messages(page)
    expect(page.locator("h1 .badge")).to_have_text("待审核")
    findings = page.locator("main ul.plain li")
    expect(findings.first).to_be_visible()
    assert "符合" in page.inner_text("main") and "已作陈述" in page.inner_text("main")
    walk.shot(page, "submitted")

    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    assert application.evidence.filter(requirement="form").count() == 1
    # What is the offices' is not the applicant's.
    for path in (
        f"/selection/office/calls/{call.pk}/",
        f"/selection/calls/{call.pk}/district/{XIHU}/",
        f"/selection/review/applications/{application.pk}/",
    ):
        assert status_of(page, walk.url(path)) == 404, path
    return application


def review_in_the_districts(walk: Walk, call: Call, application: Application) -> None:
    other = walk.page("hz-binjiang")
    review_url = walk.url(f"/selection/review/applications/{application.pk}/")
    assert status_of(other, review_url) == 404
    assert status_of(other, walk.url(f"/selection/calls/{call.pk}/district/{XIHU}/")) == 404
    evidence = application.evidence.get()
    assert status_of(other, walk.url(f"/selection/evidence/{evidence.pk}/")) == 404
    other.goto(walk.url(f"/selection/calls/{call.pk}/district/{BINJIANG}/"))
    assert application.principal.name not in other.inner_text("main")
    assert application.principal.school.name not in other.inner_text("main")
    walk.shot(other, "binjiang-list")

    page = walk.page("hz-xihu")
    page.goto(walk.url(f"/selection/calls/{call.pk}/district/"))
    assert page.url.endswith(f"/district/{XIHU}/")
    walk.shot(page, "xihu-list")
    page.click(f"table.list a:text-is('{application.principal.name}')")
    expect(page.locator("h1")).to_contain_text(application.principal.name)
    walk.shot(page, "xihu-review")
    # Approving moves on to the next case waiting in 西湖区, until none is left.
    approved = 0
    while page.locator("#decision").count():
        page.check("input[name=decision][value=endorse]")
        submit(page, "#decision button[type=submit]")
        assert "审核通过，已盖章" in messages(page)
        approved += 1
    assert approved >= 2
    assert page.url.endswith(f"/district/{XIHU}/")
    assert not call.applications.filter(district_id=XIHU, status=S.SUBMITTED).exists()

    # The applicant first, the others in the order shown.
    inputs = page.locator("#ranking input.rank-input")
    names = page.locator("#ranking li .who")
    order = [application.principal.name] + [
        name
        for name in (names.nth(i).inner_text().split("\n")[0] for i in range(names.count()))
        if name != application.principal.name
    ]
    for index in range(inputs.count()):
        who = names.nth(index).inner_text().split("\n")[0]
        inputs.nth(index).fill(str(order.index(who) + 1))
    submit(page, "#ranking button.wide")
    assert "推荐排序已保存" in messages(page)
    expect(page.locator("#ranking li .who").first).to_contain_text(application.principal.name)

    page.click("a.button:text-is('报送市教育局')")
    expect(page.locator("h1")).to_contain_text("报送市教育局")
    walk.shot(page, "xihu-confirm-batch")
    submit(page, "button:text-is('确认报送')")
    assert "已报送市教育局" in messages(page)
    walk.shot(page, "xihu-sent")
    application.refresh_from_db()
    assert application.status == S.ENDORSED and application.district_rank == 1
    assert application.review_office == "杭州市西湖区教育局"


def let_the_deadlines_pass(call: Call) -> None:
    # Stands for the calendar: applications and the districts' deadline are now behind us.
    now = timezone.now()
    Call.objects.filter(pk=call.pk).update(
        closes_at=now - dt.timedelta(hours=2), district_deadline=now - dt.timedelta(hours=1)
    )


def run_the_expert_review(walk: Walk, call: Call) -> list[Application]:
    page = walk.page("hz-admin")
    page.goto(walk.url(f"/selection/office/calls/{call.pk}/"))
    walk.shot(page, "office-call-closed")
    submit(page, "button:text-is('开始专家评审')")
    assert "进入专家评审" in messages(page)

    # The panel is the demo expert alone: every review this call gets is theirs.
    page.click("nav.tabs a:text-is('专家评审')")
    expert = User.objects.get(username="expert")
    add = page.locator("form:has(input[name=action][value=add_expert])")
    page.click("summary:text-is('添加专家')")
    add.locator("select[name=expert]").select_option(str(expert.pk))
    submit(page, add.locator("button[type=submit]"))
    assert "已将" in messages(page)
    submit(page, "form:has(input[name=action][value=auto]) button")
    expect(page.locator("#outcome")).to_be_visible()
    walk.shot(page, "office-panel-assigned")
    cases = list(Application.objects.filter(call=call, status=S.ENDORSED).order_by("district_rank"))
    assert {a.district_id for a in cases} == {XIHU}
    reviews = Review.objects.filter(application__call=call)
    assert set(reviews.values_list("expert__username", flat=True)) == {"expert"}
    assert reviews.count() == len(cases)
    district = walk.page("hz-xihu")
    assert status_of(district, walk.url(f"/selection/office/calls/{call.pk}/")) == 404
    assert status_of(district, walk.url(f"/selection/reviews/{reviews.first().pk}/")) == 404
    return cases


def score_on_a_phone(walk: Walk, call: Call, first: Application) -> None:
    page = walk.page("expert", phone=True)
    page.click("label.menu-button")
    page.click("nav >> text=评审任务")
    expect(page.locator("h1")).to_have_text("评审任务")
    walk.shot(page, "expert-tasks-phone")
    assert fits_the_screen(page)
    assert status_of(page, walk.url(f"/selection/office/calls/{call.pk}/")) == 404
    assert status_of(page, walk.url(f"/selection/calls/{call.pk}/district/{XIHU}/")) == 404

    scored = 0
    while True:
        page.goto(walk.url("/selection/reviews/"))
        waiting = page.locator("ol.my-reviews li", has_text=call.title).filter(
            has=page.locator("a.button")
        )
        if not waiting.count():
            break
        waiting.first.locator("a.button").click()
        expect(page.locator("#scoring")).to_be_visible()
        best = first.principal.name in page.locator("h1").inner_text()
        for box in page.locator("#scoring input.score").all():
            points = int(box.get_attribute("data-points"))
            box.fill(str(round(points * (0.9 if best else 0.7))))
        page.fill("#scoring textarea[name=comment]", "办学理念清晰，管理规范，建议关注成果的推广。")
        page.check(f"#scoring input[name=recommend][value='{1 if best else 0}']")
        expect(page.locator("#total")).not_to_have_text("—")
        if scored == 0:
            walk.shot(page, "expert-scoring-phone")
            assert fits_the_screen(page)
        submit(page, "#scoring button[type=submit]")
        assert "评审已提交" in messages(page)
        scored += 1
    assert scored == Review.objects.filter(application__call=call).count()
    assert not Review.objects.filter(application__call=call, submitted_at__isnull=True).exists()
    walk.shot(page, "expert-done-phone")

    office = walk.page("hz-admin")
    office.goto(walk.url(f"/selection/office/calls/{call.pk}/"))
    submit(office, "button:text-is('结束评审')")
    assert "已进入审定阶段" in messages(office)


def decide_and_publish(walk: Walk, call: Call, chosen: Application) -> None:
    page = walk.page("hz-admin")
    page.goto(walk.url(f"/selection/office/calls/{call.pk}/ranking/"))
    walk.shot(page, "office-ranking")
    cases = Application.objects.filter(call=call, status=S.ENDORSED)
    assert cases.count() <= call.places
    for case in cases:
        card = page.locator(f"li#a{case.pk}")
        selected = case.pk == chosen.pk
        card.locator(f"input[name=selected][value='{1 if selected else 0}']").check()
        card.locator("textarea[name=reason]").fill(
            "专家评分居前，办学业绩突出，审定入选。"
            if selected
            else "专家评分低于拟入选人选，经集体研究，本次不入选。"
        )
        submit(page, card.locator("button[type=submit]"))
        assert ("拟入选" if selected else "未入选") in messages(page)
    walk.shot(page, "office-decided")

    page.click("nav.tabs a:text-is('公示与定稿')")
    page.fill("textarea[name=text]", "经专家评审、市教育局审定，现将拟入选人选予以公示。")
    page.fill("input[name=contact]", "杭州市教育局组织人事处，电话 0571-87061234")
    submit(page, "button[name=action][value=publish]")
    assert "已发布公示" in messages(page)
    walk.shot(page, "office-notice")


def object_as_a_visitor(walk: Walk, call: Call, chosen: Application) -> None:
    page = walk.page()
    page.goto(walk.url(f"/selection/calls/{call.pk}/notice/"))
    table = page.locator("table.list").inner_text()
    principal = chosen.principal
    assert principal.name in table and principal.school.name in table
    shown = page.content()
    assert principal.id_number and principal.id_number not in shown
    assert principal.mobile and principal.mobile not in shown
    assert principal.birth_date and principal.birth_date.isoformat() not in shown
    assert f"{principal.birth_date:%Y年%-m月}" not in shown
    walk.shot(page, "public-notice")

    page.fill("input[name=objection-name]", "王建国")
    page.fill("input[name=objection-contact]", "13905710000")
    page.select_option("select[name=objection-application]", str(chosen.pk))
    page.fill(
        "textarea[name=objection-text]",
        f"反映{principal.name}同志所在学校去年曾发生学生食品安全事件，请予核查。",
    )
    submit(page, "form.card button[type=submit]")
    assert "已收到您反映的情况" in messages(page)
    walk.shot(page, "objection-lodged")


def handle_and_finalise(walk: Walk, call: Call, chosen: Application) -> None:
    page = walk.page("hz-admin")
    page.goto(walk.url(f"/selection/office/calls/{call.pk}/objections/"))
    objection = page.locator("section.card", has_text="王建国")
    expect(objection).to_contain_text("待处理")
    objection.locator("input[name=upheld][value='0']").check()
    objection.locator("textarea[name=handling]").fill(
        "经向区教育局和市场监管部门核实，该校近年未发生食品安全事件，反映情况不属实，"
        "异议不成立；已电话告知反映人。"
    )
    submit(page, objection.locator("button[type=submit]"))
    assert "已记录处理结果" in messages(page)
    walk.shot(page, "office-objection-handled")

    # Stands for the calendar: the notice period is over.
    today = timezone.localdate()
    Notice.objects.filter(call=call).update(
        starts_on=today - dt.timedelta(days=9), ends_on=today - dt.timedelta(days=1)
    )
    page.click("nav.tabs a:text-is('公示与定稿')")
    submit(page, "button:text-is('确定最终名单')")
    # The confirmation lists every objection with its handling before the list is final.
    expect(page.locator("main")).to_contain_text("公示期内收到的 1 条异议及处理情况")
    expect(page.locator("main")).to_contain_text("异议不成立")
    submit(page, "button:text-is('已核对全部异议及处理情况，确定最终名单')")
    assert "名单已确定：正式入选 1 人" in messages(page)
    walk.shot(page, "office-final")
    page.click(f"a:has-text('{call.cohort.name}')")
    expect(page.locator("main")).to_contain_text(chosen.principal.name)
    walk.shot(page, "cohort")

    applicant = walk.page("applicant")
    applicant.goto(walk.url(f"/selection/applications/{chosen.pk}/"))
    expect(applicant.locator("h1 .badge")).to_have_text("正式入选")
    walk.shot(applicant, "applicant-confirmed")
    assert Trainee.objects.filter(cohort=call.cohort, principal=chosen.principal).exists()
    others = call.applications.exclude(pk=chosen.pk).values("principal_id")
    assert not Trainee.objects.filter(cohort=call.cohort, principal__in=others).exists()


@pytest.mark.clause("HZ-4.1.1", "HZ-4.1.2", "HZ-4.1.3", "HZ-4.2.2")
def test_the_demo_users_walk_the_whole_hangzhou_selection(web, browser, tmp_path):
    _context, base_url, shots = web
    call_command("demo", verbosity=0)
    (call,) = [
        c
        for c in Call.objects.filter(stage=Call.Stage.OPEN, title__contains="小学校长")
        if c.accepts_applications(timezone.now())
    ]
    with ExitStack() as stack:
        walk = Walk(browser, base_url, shots, stack)
        application = apply_as_the_applicant(walk, call, tmp_path)
        assert application.principal.school.name == APPLICANT_SCHOOL[1]
        review_in_the_districts(walk, call, application)
        let_the_deadlines_pass(call)
        run_the_expert_review(walk, call)
        score_on_a_phone(walk, call, application)
        decide_and_publish(walk, call, application)
        object_as_a_visitor(walk, call, application)
        handle_and_finalise(walk, call, application)
