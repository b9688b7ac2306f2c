"""Hangzhou's course from a trainee's plan to a certificate anyone can check, in a real browser
with the demo accounts: 孙涛 (``trainee-c2``, cohort 2) revises his approved plan and submits it,
his mentor (``mentor``) comments, he reads the notification, the centre (``hz-centre``) approves;
he asks for leave for a coming session and the centre grants it. On cohort 1, finished, the
centre reads the decided completion review and the issued certificates and downloads one PDF
and its signed credential; 金德华 (``trainee``) reads his transcript and downloads it and his
certificate; 滨江区 (``hz-binjiang``) reads the removal of its trainee; a visitor checks the
certificate numbers on the public front door: one valid, one revoked.

Pages are photographed on a desktop and on a phone (``test-artifacts/screenshots/training-*``),
the PDFs are read with pdftotext."""

from __future__ import annotations

import base64
import json
import re
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from touyan.demo.programmes_hangzhou import programme_slug
from touyan.programmes.models import Trainee
from touyan.training.models import LeaveRequest, PlanVersion

from ..files import pdf_text
from .test_selection_chain import fits_the_screen, messages, sign_in, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 860}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
ACTIONS = "六、每月一次与导师团队线上交流，记录问题与改进措施，形成月度反思。"
COMMENT = "修订后的举措更具体，建议把月度反思汇编成册，作为结业成果之一。"
APPROVAL = "同意按修订后的方案实施。"
LEAVE_REASON = "学校承办省级课堂教学展示活动，本人须全程主持，特请假一次，会后自学补课。"
LEAVE_NOTE = "同意，请按时补学并提交学习日志。"
ID_NUMBER = re.compile(r"\d{17}[\dXx]")


@dataclass
class Walk:
    browser: object
    base_url: str
    shots: Path
    stack: ExitStack
    pages: dict[str, Page] = field(default_factory=dict)

    def page(self, who: str = "anonymous", *, phone: bool = False) -> Page:
        """One browser context per person and screen (signed in once), kept for the walk."""
        key = f"{who}-phone" if phone else who
        if key not in self.pages:
            options = PHONE if phone else {"viewport": DESKTOP}
            context = self.browser.new_context(locale="en-US", accept_downloads=True, **options)
            self.stack.callback(context.close)
            page = context.new_page()
            if who != "anonymous":
                sign_in(page, self.base_url, who)
            self.pages[key] = page
        return self.pages[key]

    def url(self, path: str) -> str:
        return self.base_url + path

    def shot(self, page: Page, name: str) -> None:
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(self.shots / f"training-{name}.png"), full_page=True)

    def both(self, who: str, path: str, name: str) -> None:
        """The page on a phone as well: photographed, and no wider than the screen."""
        self.shot(self.page(who), f"{name}-desktop")
        phone = self.page(who, phone=True)
        phone.goto(self.url(path))
        self.shot(phone, f"{name}-phone")
        assert fits_the_screen(phone), f"{name} is wider than a phone"

    def download(self, page: Page, link) -> tuple[str, bytes]:
        with page.expect_download() as info:
            (page.locator(link) if isinstance(link, str) else link).click()
        download = info.value
        return download.suggested_filename, Path(download.path()).read_bytes()


def jwt_part(token: str, index: int) -> dict:
    part = token.split(".")[index]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


# Cohort 2: the plan -----------------------------------------------------------------------------


def revise_and_submit_the_plan(walk: Walk, trainee: Trainee) -> None:
    page = walk.page("trainee-c2")
    page.goto(walk.url("/"))
    page.click("a:text-is('我的个人发展规划')")
    expect(page.locator("h1")).to_contain_text("个人发展规划")
    expect(page.locator("main")).to_contain_text("已批准")
    plan_path = page.url.removeprefix(walk.base_url)
    # A new version starts from the approved one, which stays in force meanwhile.
    submit(page, "button:text-is('在已批准版本上修订')")
    expect(page.locator("h1")).to_have_text("编写个人发展规划")
    actions = page.locator("textarea[name=actions]")
    assert "每学期召开一次办学思想研讨会" in actions.input_value()
    actions.fill(actions.input_value() + "\n" + ACTIONS)
    submit(page, "button[name=save]")
    assert "草稿已保存" in messages(page), messages(page)
    expect(page.locator("main")).to_contain_text("第 2 版")
    expect(page.locator("main")).to_contain_text(ACTIONS)
    walk.both("trainee-c2", plan_path, "plan")
    submit(page, "button:text-is('提交审批')")
    assert "规划已提交" in messages(page), messages(page)
    latest = PlanVersion.objects.filter(plan__trainee=trainee).order_by("-number").first()
    assert (latest.number, latest.state) == (2, PlanVersion.State.SUBMITTED)
    assert ACTIONS in latest.actions


def mentor_comments(walk: Walk, trainee: Trainee) -> None:
    page = walk.page("mentor")
    page.goto(walk.url("/"))
    page.click("main a:text-is('导师工作台')")
    expect(page.locator("h1")).to_have_text("导师工作台")
    row = page.locator("tbody tr", has_text=trainee.principal.name)
    expect(row).to_contain_text("第 2 版")
    expect(row).to_contain_text("有已批准版本")
    walk.both("mentor", "/training/mentor/", "mentor-workspace")
    row.locator("a", has_text="第 2 版").click()
    expect(page.locator("h1")).to_contain_text(trainee.principal.name)
    expect(page.locator("main")).to_contain_text(ACTIONS)
    # The mentor comments; deciding is the centre's.
    expect(page.locator("button:text-is('批准')")).to_have_count(0)
    page.locator("form:has(label:text('提出意见')) textarea[name=body]").fill(COMMENT)
    submit(page, "button:text-is('发表')")
    assert "意见已发表" in messages(page), messages(page)
    expect(page.locator("ul.thread")).to_contain_text(COMMENT)


def trainee_reads_the_comment(walk: Walk) -> None:
    page = walk.page("trainee-c2")
    page.goto(walk.url("/"))
    page.click("nav a[href='/notifications/']")
    notice = page.locator("main li, main article, main tr", has_text="沈慧芳").first
    expect(notice).to_contain_text("提出了意见")
    notice.locator("a").first.click()
    expect(page.locator("h1")).to_contain_text("个人发展规划")
    expect(page.locator("ul.thread")).to_contain_text(COMMENT)


def centre_approves(walk: Walk, trainee: Trainee) -> None:
    page = walk.page("hz-centre")
    page.goto(walk.url("/inbox/"))
    page.click("main a:has-text('个人发展规划待批准')")
    expect(page.locator("h1")).to_have_text("待批准的个人发展规划")
    page.click(f"main a:text-is('{trainee.principal.name}')")
    expect(page.locator("main")).to_contain_text(COMMENT)
    page.fill("textarea[name=note]", APPROVAL)
    submit(page, "button:text-is('批准')")
    assert "规划已批准" in messages(page), messages(page)
    latest = PlanVersion.objects.filter(plan__trainee=trainee).order_by("-number").first()
    assert (latest.number, latest.state) == (2, PlanVersion.State.APPROVED)
    assert latest.plan.approved_id == latest.pk


# Cohort 2: leave -------------------------------------------------------------------------------


def ask_for_leave(walk: Walk, trainee: Trainee) -> str:
    page = walk.page("trainee-c2")
    page.goto(walk.url("/"))
    page.click("main a:text-is('我的请假')")
    expect(page.locator("h1")).to_have_text("我的请假")
    walk.both("trainee-c2", "/training/leave/", "my-leave")
    coming = page.locator("ul.leave-list li", has=page.locator("a:text-is('请假')")).first
    title = coming.locator("strong").inner_text()
    coming.locator("a:text-is('请假')").click()
    expect(page.locator("h1")).to_have_text("请假")
    page.fill("textarea[name=reason]", LEAVE_REASON)
    walk.both("trainee-c2", page.url.removeprefix(walk.base_url), "ask-leave")
    submit(page, "button:text-is('提交请假申请')")
    assert "请假申请已提交" in messages(page), messages(page)
    expect(page.locator("ul.leave-list li", has_text=title).first).to_contain_text("待审批")
    assert LeaveRequest.objects.filter(
        trainee=trainee, activity__title=title, state=LeaveRequest.State.REQUESTED
    ).exists()
    return title


def centre_grants_leave(walk: Walk, trainee: Trainee, title: str) -> None:
    page = walk.page("hz-centre")
    page.goto(walk.url(f"/programmes/{trainee.cohort.programme.slug}/cohorts/2/"))
    page.click("main a:text-is('请假审批')")
    expect(page.locator("h1")).to_have_text("请假审批")
    card = page.locator("ul.leave-list li", has_text=trainee.principal.name).filter(has_text=title)
    expect(card).to_contain_text(LEAVE_REASON)
    walk.both("hz-centre", page.url.removeprefix(walk.base_url), "leave-requests")
    card.locator("a:text-is('审批')").click()
    expect(page.locator("h1")).to_have_text("审批请假")
    page.check("input[name=decision][value=grant]")
    page.fill("textarea[name=note]", LEAVE_NOTE)
    submit(page, "button:text-is('提交审批')")
    assert "已审批" in messages(page), messages(page)

    mine = walk.page("trainee-c2")
    mine.goto(walk.url("/training/leave/"))
    granted = mine.locator("ul.leave-list li", has_text=title).first
    expect(granted).to_contain_text("已准假")
    expect(granted).to_contain_text(LEAVE_NOTE)


def roll_call_on_a_phone(walk: Walk, trainee: Trainee) -> None:
    """The clerk's roll call of a session already held, on a phone: big tap targets."""
    page = walk.page("hz-centre", phone=True)
    page.goto(walk.url(f"/training/{trainee.cohort.programme.slug}/sessions/"))
    expect(page.locator("h1")).to_have_text("培训安排与点名")
    today = timezone.localdate()
    held = [
        link
        for link in page.locator("ul.leave-list li").all()
        if link.locator("span.muted").inner_text()[:10] <= today.isoformat()
    ]
    assert held, "no session held to call the roll of"
    held[-1].locator("a").click()
    expect(page.locator("h1")).to_have_text("点名")
    expect(page.locator("ol.roll-call li").first).to_be_visible()
    walk.shot(page, "roll-call-phone")
    assert fits_the_screen(page)
    height = page.locator(".tap span").first.bounding_box()["height"]
    assert height >= 44, height


# Cohort 1: completion and certificates -------------------------------------------------------


def centre_reads_completion_and_certificates(walk: Walk, slug: str) -> dict[str, str]:
    page = walk.page("hz-centre")
    page.goto(walk.url(f"/programmes/{slug}/cohorts/1/"))
    page.click("main a:text-is('结业审核')")
    expect(page.locator("h1")).to_have_text("结业审核")
    cohort_one = Trainee.objects.filter(cohort__programme__slug=slug, cohort__number=1)
    active = cohort_one.exclude(status=Trainee.Status.REMOVED).count()
    expect(page.locator("main")).to_contain_text(f"已作出结论 {active} / 共 {active} 人")
    expect(page.locator("table.completion")).to_contain_text("已淘汰")
    expect(page.locator("table.completion")).to_contain_text("证书已颁发")
    walk.both("hz-centre", page.url.removeprefix(walk.base_url), "completion")

    page.goto(walk.url(f"/programmes/{slug}/cohorts/1/"))
    page.click("main a:text-is('结业证书')")
    expect(page.locator("h1")).to_contain_text("结业证书")
    rows = page.locator("table.list tbody tr")
    passed = cohort_one.filter(completion__result="pass").count()
    expect(rows).to_have_count(passed)
    walk.both("hz-centre", page.url.removeprefix(walk.base_url), "certificates")
    revoked_row = rows.filter(has_text="已撤销")
    expect(revoked_row).to_have_count(1)
    numbers = {"revoked": revoked_row.locator("td").first.inner_text().strip()}
    valid_row = rows.filter(has_not_text="已撤销").first
    valid_name = valid_row.locator("td").nth(1).inner_text().strip()
    valid_row.locator("a").click()
    numbers["valid"] = page.locator("h1").inner_text().removeprefix("结业证书").strip()
    assert numbers["valid"] and numbers["valid"] != numbers["revoked"]

    name, pdf = walk.download(page, "a:text-is('下载证书 PDF')")
    assert name.endswith(".pdf") and pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert valid_name in text and numbers["valid"] in text
    assert "结业证书" in text
    name, jwt = walk.download(page, "a:has-text('.jwt')")
    assert name == f"{numbers['valid']}.jwt"
    token = jwt.decode().strip()
    assert jwt_part(token, 0)["alg"] == "EdDSA"
    claims = jwt_part(token, 1)
    assert "OpenBadgeCredential" in claims["type"]
    # The holder is named only by a salted hash; the number and the public check are readable.
    assert numbers["valid"] in json.dumps(claims, ensure_ascii=False)
    assert valid_name not in json.dumps(claims, ensure_ascii=False)
    assert "/certificates/verify/" in claims["id"]
    return numbers


def trainee_reads_transcript_and_certificate(walk: Walk, shots: Path) -> str:
    page = walk.page("trainee")
    page.goto(walk.url("/"))
    page.click("a:has-text('第一期')")
    page.click("main a:text-is('培训档案')")
    expect(page.locator("h1")).to_have_text("培训档案")
    main = page.locator("main")
    expect(main).to_contain_text("已结业")
    expect(main).to_contain_text("/ 270")
    expect(main).to_contain_text("合格")
    walk.both("trainee", page.url.removeprefix(walk.base_url), "transcript")
    name, transcript = walk.download(page, "a:text-is('下载 PDF')")
    assert name.endswith(".pdf")
    (shots / "training-transcript.pdf").write_bytes(transcript)
    text = pdf_text(transcript)
    assert "培训档案" in text and "金德华" in text

    page.click("nav a:text-is('我的结业证书')")
    number = page.locator("h1").inner_text().removeprefix("结业证书").strip()
    expect(page.locator("main")).to_contain_text("有效")
    # The transcript names the certificate and leads to its public check.
    page.go_back()
    expect(main).to_contain_text(f"结业证书：{number}")
    verify = page.locator("main a[href*='/certificates/verify/']")
    expect(verify).to_have_count(1)
    path = "/" + verify.get_attribute("href").split("/", 3)[3]
    assert walk.page().goto(walk.url(path)).status == 200
    page.goto(walk.url("/"))
    page.click("nav a:text-is('我的结业证书')")
    name, certificate = walk.download(page, "a:text-is('下载证书 PDF')")
    assert name == f"结业证书-{number}.pdf"
    (shots / "training-certificate.pdf").write_bytes(certificate)
    text = pdf_text(certificate)
    assert "金德华" in text and number in text
    assert not ID_NUMBER.search(text)
    return number


def district_reads_the_removal(walk: Walk, slug: str) -> None:
    removed = Trainee.objects.get(
        cohort__programme__slug=slug, cohort__number=1, status=Trainee.Status.REMOVED
    )
    assert removed.principal.school.region_id == "330108"  # 滨江区
    page = walk.page("hz-binjiang")
    page.goto(walk.url("/programmes/"))
    page.click(f"main a:text-is('{removed.cohort.programme.name}')")
    page.click("main a:has-text('第一期')")
    row = page.locator("tbody tr", has_text=removed.principal.name)
    expect(row).to_contain_text("已淘汰")
    row.locator("a").first.click()
    page.click("main a:text-is('培训档案')")
    expect(page.locator("main")).to_contain_text("已淘汰")
    expect(page.locator("p.flag")).to_contain_text("未经同意不参加培训")

    page.goto(walk.url("/training/removal/"))
    case = page.locator("tbody tr", has_text=removed.principal.name)
    expect(case).to_contain_text("淘汰")
    case.locator("a").click()
    expect(page.locator("h1")).to_contain_text(removed.principal.name)
    main = page.locator("main")
    expect(main).to_contain_text("已决定")
    expect(main).to_contain_text("申辩意见")
    # Read-only for the district: no answer, no decision.
    expect(page.locator("main form")).to_have_count(0)
    walk.both("hz-binjiang", page.url.removeprefix(walk.base_url), "removal-case")


def visitor_checks_certificates(walk: Walk, numbers: dict[str, str]) -> None:
    page = walk.page()
    for state, number in numbers.items():
        page.goto(walk.url("/"))
        lookup = page.locator("form", has=page.get_by_label("证书编号"))
        lookup.get_by_label("证书编号").fill(number)
        lookup.get_by_role("button", name="查验").click()
        page.wait_for_url(re.compile(r"/certificates/verify/[^/?]+/$"))
        card = page.locator("main section.card").first
        expect(card).to_contain_text(number)
        expect(card).to_contain_text("杭州市中小学名校长培养工程")
        if state != "revoked":
            expect(card.locator(".badge")).to_have_text("有效")
            expect(page.locator("code.fingerprint")).to_be_visible()
        else:
            expect(card.locator(".badge")).to_have_text("已撤销")
            expect(card).to_contain_text("撤销原因")
        assert not ID_NUMBER.search(page.inner_text("main"))
        assert "身份证" not in page.inner_text("main")
        walk.both("anonymous", page.url.removeprefix(walk.base_url), f"verify-{state}")
    page.goto(walk.url("/certificates/verify/?number=NO-SUCH-NUMBER"))
    expect(page.locator("main")).not_to_contain_text("有效")


@pytest.mark.clause("HZ-3.3.3", "HZ-3.3.4", "HZ-3.4.1.1", "HZ-3.4.3", "HZ-4.2.4", "HZ-4.2.4.1")
def test_demo_users_walk_a_trainee_from_plan_to_a_checked_certificate(web, browser):
    _context, base_url, shots = web
    for stale in shots.glob("training-*"):
        stale.unlink()
    call_command("demo", verbosity=0)
    slug = programme_slug(timezone.localdate())
    second = Trainee.objects.select_related("principal", "cohort__programme").get(
        principal__user__username="trainee-c2", cohort__number=2
    )
    with ExitStack() as stack:
        walk = Walk(browser, base_url, shots, stack)
        revise_and_submit_the_plan(walk, second)
        mentor_comments(walk, second)
        trainee_reads_the_comment(walk)
        centre_approves(walk, second)
        title = ask_for_leave(walk, second)
        centre_grants_leave(walk, second, title)
        roll_call_on_a_phone(walk, second)
        numbers = centre_reads_completion_and_certificates(walk, slug)
        own = trainee_reads_transcript_and_certificate(walk, shots)
        district_reads_the_removal(walk, slug)
        visitor_checks_certificates(walk, {**numbers, "own": own})
