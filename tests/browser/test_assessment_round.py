"""A Hainan assessment round in a real browser, from opening to published results, with the demo
accounts: the centre opens the semester activity report for the semester under way, forms the
panel and assigns; 海南中学's host writes the self-report and submits; the centre starts the
scoring (what was not submitted is frozen as assembled); every expert scores every case assigned (three a case),
one of them on a phone; a spread beyond the policy's threshold is moderated; the centre closes the
scoring; the bureau accepts the proposals, decides the moderated case and publishes; the host
reads the studio's result."""

from __future__ import annotations

import datetime as dt
import re
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from touyan.accounts.models import User
from touyan.assessment.models import Case, Round, Score
from touyan.assessment.services.rounds import periods_for
from touyan.demo.accounts import DEMO_PASSWORD
from touyan.demo.programmes_hainan import programme_slug
from touyan.programmes.models import Programme

from .test_selection_chain import fits_the_screen, messages, sign_in, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CODE = "semester_report"
EXPERTS = ("expert", "hn-expert-1", "hn-expert-2", "hn-expert-3", "hn-expert-4")
HOST = "host"
DESKTOP = {"width": 1280, "height": 860}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
SELF_REPORT = (
    "本学期工作室围绕年度主题开展专题研讨四次、集中研修一次，组织成员赴农村学校送培下乡；"
    "课题研究完成中期检查。不足是成果提炼不够，下学期将加强成果的总结与推广。"
)
COMMENT = "研修活动按计划开展，资料较为完整；建议加强成果的提炼与推广。"
MODERATION = "经合议，第三位专家对研究成果的判断偏严，维持按评分得出的建议等次。"
REASON = "经专家评审、培训中心合议，按建议等次审定。"


@dataclass
class Walk:
    browser: object
    base_url: str
    shots: Path
    stack: ExitStack
    pages: dict[str, Page] = field(default_factory=dict)
    shot_number: int = 0

    def page(self, who: str, *, phone: bool = False) -> Page:
        """One browser context per person (signed in once), kept for the whole walk."""
        key = f"{who}-phone" if phone else who
        if key not in self.pages:
            options = PHONE if phone else {"viewport": DESKTOP}
            context = self.browser.new_context(locale="en-US", **options)
            self.stack.callback(context.close)
            page = context.new_page()
            sign_in(page, self.base_url, who)
            self.pages[key] = page
        return self.pages[key]

    def url(self, path: str) -> str:
        return self.base_url + path

    def shot(self, page: Page, name: str, *, at: str = "") -> None:
        """The whole page; or, ``at`` a selector, the screen as it shows that element, sticky
        bars where the reader sees them."""
        self.shot_number += 1
        path = self.shots / f"assessment-{self.shot_number:02d}-{name}.png"
        if at:
            page.locator(at).evaluate("element => element.scrollIntoView()")
        else:
            page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(path), full_page=not at)


def current_semester(programme: Programme, today: dt.date):
    (period,) = [p for p in periods_for(programme, CODE) if p.start <= today <= p.end]
    return period


# The steps ------------------------------------------------------------------------------------


def open_the_round(walk: Walk, programme: Programme) -> Round:
    today = timezone.localdate()
    period = current_semester(programme, today)
    page = walk.page("hn-centre")
    page.goto(walk.url(f"/assessment/programmes/{programme.slug}/open/"))
    page.select_option("select[name=code]", CODE)
    with page.expect_navigation():
        page.click("button:text-is('下一步')")
    expect(page.locator("h2").nth(1)).to_contain_text("学期活动汇报")
    page.select_option("select[name=period]", period.key)
    page.fill("input[name=opens_on]", today.isoformat())
    page.fill("input[name=closes_on]", (today + dt.timedelta(days=14)).isoformat())
    walk.shot(page, "open-round")
    submit(page, "button:text-is('开启考核')")
    assert "已开启" in messages(page)
    round_ = Round.objects.get(programme=programme, code=CODE, period_starts=period.start)
    assert page.url.endswith(f"/assessment/rounds/{round_.pk}/")
    # The studio revoked after the first annual assessment is no longer assessed.
    studios = programme.studios.filter(revoked_on__isnull=True)
    assert round_.cases.count() == studios.count() == programme.studios.count() - 1

    page.goto(walk.url("/assessment/"))
    expect(page.locator("main")).to_contain_text(round_.name)
    return round_


def form_the_panel(walk: Walk, round_: Round) -> None:
    page = walk.page("hn-centre")
    page.goto(walk.url(f"/assessment/rounds/{round_.pk}/"))
    page.click("nav.tabs a:text-is('专家与分配')")
    add = page.locator("form:has(input[name=action][value=add_expert])")
    for username in EXPERTS:
        expert = User.objects.get(username=username)
        page.click("summary:text-is('添加专家')")
        add.locator("select[name=expert]").select_option(str(expert.pk))
        submit(page, add.locator("button[type=submit]"))
        assert "加入专家组" in messages(page), messages(page)
    submit(page, "form:has(input[name=action][value=auto]) button")
    assert "已自动分配" in messages(page), messages(page)
    assert "未配足" not in messages(page)
    walk.shot(page, "panel-assigned")
    assert Score.objects.filter(case__round=round_).count() == 3 * round_.cases.count()


def submit_the_dossier(walk: Walk, round_: Round) -> Case:
    case = round_.cases.get(studio__host__user__username=HOST)
    page = walk.page(HOST)
    page.goto(walk.url("/assessment/mine/"))
    page.locator("section.card", has_text=round_.name).locator("a.button").click()
    expect(page.locator("h1")).to_have_text(round_.name)
    page.fill("textarea[name=text]", SELF_REPORT)
    submit(page, "button:text-is('保存自评报告')")
    assert "自评报告已保存" in messages(page)
    page.check("input[name=confirm]")
    submit(page, "button:text-is('确认提交并封存')")
    assert "考核材料已提交并封存" in messages(page)
    case.refresh_from_db()
    assert case.dossier_hash and case.self_report == SELF_REPORT
    expect(page.locator("section.card code.hash")).to_have_text(case.dossier_hash)
    walk.shot(page, "host-submitted")
    return case


def start_scoring(walk: Walk, round_: Round) -> None:
    page = walk.page("hn-centre")
    page.goto(walk.url(f"/assessment/rounds/{round_.pk}/"))
    submit(page, "button:text-is('开始专家评审')")
    assert "专家评审" in messages(page), messages(page)
    walk.shot(page, "round-scoring")
    assert not round_.cases.filter(dossier_hash="").exists()


def points_for(case: Case, host_case: Case, flagged: Case, nth: int) -> int:
    """The host's studio does best; one other case gets a third expert who judges harshly."""
    if case.pk == host_case.pk:
        return 94
    if case.pk == flagged.pk and nth == 2:
        return 60
    return 80 + (case.pk + nth) % 6


def score_everything(walk: Walk, round_: Round, host_case: Case) -> int:
    flagged = round_.cases.exclude(pk=host_case.pk).order_by("pk").first()
    order = {
        score.pk: nth
        for case in round_.cases.all()
        for nth, score in enumerate(case.scores.order_by("pk"))
    }
    forms = 0
    for number, username in enumerate(EXPERTS):
        phone = number == 0
        page = walk.page(username, phone=phone)
        page.goto(walk.url("/assessment/expert/"))
        if phone:
            walk.shot(page, "expert-cases-phone")
            assert fits_the_screen(page)
        waiting = page.locator("ol.my-reviews li:not(.done) a.button")
        if not waiting.count():
            continue
        waiting.first.click()
        while True:
            expect(page.locator("#scoring")).to_be_visible()
            pk = int(re.search(r"/expert/scores/(\d+)/$", page.url).group(1))
            score = Score.objects.select_related("case").get(pk=pk)
            points = str(points_for(score.case, host_case, flagged, order[pk]))
            for box in page.locator("#scoring input.score").all():
                box.fill(points)
            page.fill("#scoring textarea[name=comment]", COMMENT)
            expect(page.locator("#total")).not_to_have_text("—")
            if phone and forms == 0:
                walk.shot(page, "expert-case-phone")
                walk.shot(page, "expert-scoring-phone", at="#scoring")
                assert fits_the_screen(page)
            submit(page, "#scoring button[name=action][value=submit]")
            forms += 1
            if "全部完成" in messages(page):
                break
            assert "下一个待评审" in messages(page), messages(page)
    assert not Score.objects.filter(case__round=round_, submitted_at__isnull=True).exists()
    return forms


def moderate_and_close(walk: Walk, round_: Round) -> None:
    page = walk.page("hn-centre")
    page.goto(walk.url(f"/assessment/rounds/{round_.pk}/?show=flagged"))
    rows = page.locator("#cases tbody tr")
    assert rows.count() == 1
    rows.first.locator("a").click()
    expect(page.locator("#moderation")).to_be_visible()
    page.fill("#moderation textarea[name=note]", MODERATION)
    submit(page, "#moderation form:has(input[value=moderate]) button[type=submit]")
    assert "合议意见已记录" in messages(page)
    walk.shot(page, "case-moderated")

    page.goto(walk.url(f"/assessment/rounds/{round_.pk}/"))
    submit(page, "button:text-is('结束专家评审')")
    assert "结果审定" in messages(page), messages(page)
    walk.shot(page, "round-scored")


def decide_and_publish(walk: Walk, round_: Round) -> None:
    page = walk.page("hn-admin")
    page.goto(walk.url(f"/assessment/rounds/{round_.pk}/decisions/"))
    page.fill("#accept-reason", REASON)
    submit(page, "button:text-is('全部按建议等次审定')")
    # Moderation settled the flagged case: all are accepted together.
    cases = round_.cases.count()
    assert f"已按建议等次审定 {cases} 个考核对象" in messages(page), messages(page)
    # The moderated case's reason is rewritten on its own row.
    moderated = round_.cases.exclude(moderation_note="").get()
    row = page.locator(f"#case-{moderated.pk}")
    expect(row.locator("button[type=submit]")).to_have_text("改定")
    row.locator("textarea[name=reason]").fill(MODERATION)
    submit(page, row.locator("button[type=submit]"))
    assert "已审定" in messages(page)
    moderated.refresh_from_db()
    assert moderated.reason == MODERATION
    walk.shot(page, "decisions")
    assert not round_.cases.exclude(status=Case.Status.DECIDED).exists()

    page.click("a.button:text-is('公布结果')")
    expect(page.locator("h1")).to_have_text("公布考核结果")
    submit(page, "button:text-is('确认公布')")
    assert "考核结果已公布" in messages(page)
    round_.refresh_from_db()
    assert round_.stage == Round.Stage.PUBLISHED


def read_the_result(walk: Walk, case: Case) -> None:
    page = walk.page(HOST)
    page.goto(walk.url(f"/assessment/cases/{case.pk}/result/"))
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("优秀")
    expect(facts).to_contain_text("94")
    walk.shot(page, "host-result")
    case.refresh_from_db()
    assert case.grade == "excellent"


@pytest.mark.clause("HN-5.2", "HN-5.3", "HN-5.4")
def test_the_demo_users_walk_an_assessment_round_to_its_results(web, browser):
    _context, base_url, shots = web
    for stale in shots.glob("assessment-*.png"):
        stale.unlink()
    call_command("demo", verbosity=0)
    programme = Programme.objects.get(slug=programme_slug(timezone.localdate()))
    for username in EXPERTS:
        user = User.objects.get(username=username)
        user.set_password(DEMO_PASSWORD)
        user.save()
    with ExitStack() as stack:
        walk = Walk(browser, base_url, shots, stack)
        round_ = open_the_round(walk, programme)
        form_the_panel(walk, round_)
        host_case = submit_the_dossier(walk, round_)
        start_scoring(walk, round_)
        assert score_everything(walk, round_, host_case) == 3 * round_.cases.count()
        moderate_and_close(walk, round_)
        decide_and_publish(walk, round_)
        read_the_result(walk, host_case)
