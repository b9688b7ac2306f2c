"""Selection in the Hangzhou training programme of the demo: a candidate call in every stage.

Cohort 1 has finished its course; cohort 2 was chosen before it began, five months ago; cohort
3 is being chosen, one call per school stage (学段), so that today one call of the programme
stands at each step (HZ-4.1.1–4.1.3):

- 第二期 · 中小学校长 — 名单已确定 seven months ago: one objection dismissed; the confirmed are
  cohort 2's trainees, among them the three cohort-2 trainee accounts and a head from 滨江区.
- 第三期 · 乡村学校校长 — 公示中: the notice runs today, one objection waits to be handled.
- 第三期 · 普通高中校长 — 审定: every candidate decided, more candidates than places (差额).
- 第三期 · 初中及九年一贯制学校校长 — 专家评审: six experts, some scores in, one conflict.
- 第三期 · 幼儿园园长 — closed, at the districts: 滨江区 has sent its batch, 西湖区 has approved
  and ranked but not sent, the others are still reviewing.
- 第三期 · 小学校长 — open: drafts, submissions, one returned, one asking for a correction of
  the registry, one whose title leaves a condition to the experts.

The 西湖区 officer reviews the open call's 西湖区 applicants, among them the demo ``applicant``
account's neighbours; that account has not applied yet.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from touyan.accounts.models import User
from touyan.core.actors import Actor
from touyan.people.enums import FULL_PRINCIPAL_POSITIONS, SchoolKind, Title
from touyan.people.models import Principal
from touyan.programmes import services as programmes
from touyan.programmes.models import Cohort, Programme, Trainee
from touyan.programmes.policy import spec_of
from touyan.regions.models import Region
from touyan.selection import eligibility
from touyan.selection.models import Application, Call

from . import prose_selection as prose
from .accounts import SECOND_COHORT_ACCOUNTS
from .names import ZHEJIANG_SURNAMES
from .naming import chinese_number
from .programmes_hangzhou import programme_slug, second_cohort_start, third_cohort_start
from .record_kit import DAY
from .selection_kit import Timeline, at, district_office, expert_pool
from .selection_story import (
    CallStory,
    SelectionWritten,
    next_workday,
    workday,
    workdays_between,
)

XIHU, BINJIANG = "330106", "330108"
K, P, J, N, S, C, T = (
    SchoolKind.KINDERGARTEN,
    SchoolKind.PRIMARY,
    SchoolKind.JUNIOR,
    SchoolKind.NINE_YEAR,
    SchoolKind.SENIOR,
    SchoolKind.COMPLETE,
    SchoolKind.TWELVE_YEAR,
)
FORM = "“杭州市中小学名校长培养工程”人选推荐表"
CONTACT = "杭州市教育局组织人事处，电话 0571-87061234，地址：杭州市上城区江锦路 159 号"
NOTICE_TEXT = (
    "经个人申报、单位推荐，区、县（市）教育局审核推荐，市教育局组织专家评审并差额审定，"
    "现将拟入选名单予以公示。公示期间，任何单位和个人如有异议，请以真实姓名向市教育局反映，"
    "并提供联系方式；匿名反映不予受理。"
)


def _description(cohort: int, segment: str, places: int) -> str:
    return (
        f"根据《杭州市中小学名校长培养工程实施方案》，现启动第{chinese_number(cohort)}期"
        f"培养人选遴选（{segment}）。本次名额 {places} 名，实行差额审核。"
        "符合条件的校（园）长填写推荐表，个人自荐或单位推荐，经所在区、县（市）教育局审核盖章、"
        "填写汇总表后报送市教育局；市教育局组织专家评审，审定名单后予以公示。"
    )


def _cohort(actor: Actor, programme: Programme, number: int, starts_on: dt.date) -> Cohort:
    existing = programme.cohorts.filter(number=number).first()
    if existing is not None:
        return existing
    return programmes.create_cohort(
        actor=actor,
        programme=programme,
        number=number,
        name=f"第{chinese_number(number)}期（{starts_on.year}年{starts_on.month}月开班）",
        starts_on=starts_on,
    )


class _Heads:
    """Heads of Hangzhou schools who may apply: not trainees already, not the demo accounts,
    and each in one call at most."""

    def __init__(self, rng: random.Random, programme: Programme):
        self.rng = rng
        trainees = Trainee.objects.filter(cohort__programme=programme).values("principal_id")
        self.heads = list(
            Principal.objects.filter(
                school__region__code__startswith="3301",
                position__in=FULL_PRINCIPAL_POSITIONS,
                user__isnull=True,
            )
            .exclude(pk__in=trainees)
            .select_related("school")
            .order_by("school__region_id", "school__name", "pk")
        )
        self.used: set[int] = set()
        self.spec = spec_of(programme).selection_call("candidate")
        self.jurisdiction = programme.jurisdiction_id

    def take(
        self,
        count: int,
        kinds,
        closes_on: dt.date,
        *,
        district: str | None = None,
        avoid: tuple[str, ...] = (),
        rural: bool | None = None,
        wanted=lambda findings: eligibility.overall(findings) != "ineligible",
    ) -> list[Principal]:
        """``count`` heads of schools of ``kinds`` (in ``district``, or outside ``avoid``)
        whose registry entry passes ``wanted`` for a call closing on ``closes_on``."""
        candidates = [
            h
            for h in self.heads
            if h.pk not in self.used
            and h.school.kind in kinds
            and (district is None or h.school.region_id == district)
            and h.school.region_id not in avoid
            and (rural is None or h.school.is_rural == rural)
        ]
        self.rng.shuffle(candidates)
        chosen = []
        for head in candidates:
            if len(chosen) == count:
                break
            findings = eligibility.evaluate(
                self.spec,
                head,
                jurisdiction=self.jurisdiction,
                on=closes_on,
                statements={c.code: "…" for c in self.spec.conditions},
            )
            if wanted(findings):
                chosen.append(head)
                self.used.add(head.pk)
        return chosen

    def spread(self, count: int, kinds, closes_on: dt.date, xihu: int, binjiang: int, rural=None):
        """``xihu`` and ``binjiang`` from those districts (the demo officers'), the rest from
        the other districts."""
        local = self.take(xihu, kinds, closes_on, district=XIHU, rural=rural) + self.take(
            binjiang, kinds, closes_on, district=BINJIANG, rural=rural
        )
        rest = self.take(count - len(local), kinds, closes_on, avoid=(XIHU, BINJIANG), rural=rural)
        return sorted(local + rest, key=lambda h: (h.school.region_id, h.pk))


def _only_tenure_short(findings) -> bool:
    unmet = {f.code for f in findings if f.outcome == eligibility.UNMET}
    return unmet == {"tenure"}


def _title_to_experts(findings) -> bool:
    return eligibility.overall(findings) == "experts"


def _eligible(findings) -> bool:
    return eligibility.overall(findings) == "eligible"


class _Hangzhou:
    def __init__(self, *, actor: Actor, rng: random.Random, today: dt.date, programme: Programme):
        self.today = today
        self.actor = actor
        self.rng = rng
        city = Region.objects.get(code="330100")
        self.story = CallStory(
            actor=actor,
            rng=rng,
            timeline=Timeline(),
            programme=programme,
            manager=User.objects.get(username="hz-centre"),
            decider=User.objects.get(username="hz-admin"),
            experts=expert_pool(
                actor=actor,
                rng=rng,
                region=city,
                username_prefix="hz-expert",
                count=5,
                surnames=ZHEJIANG_SURNAMES,
            ),
            statements=prose.CANDIDATE,
            form_title=FORM,
            attachment="form",
        )
        self.heads = _Heads(rng, programme)
        self.cohorts = {
            2: _cohort(actor, programme, 2, second_cohort_start(today)),
            3: _cohort(actor, programme, 3, third_cohort_start(today)),
        }

    def day(self, offset: int) -> dt.date:
        return self.today + offset * DAY

    def call(self, cohort: int, segment: str, places: int, opens: int, closes: int, deadline):
        return self.story.open_call(
            spec_code="candidate",
            title=f"杭州市中小学名校长培养工程第{chinese_number(cohort)}期人选遴选（{segment}）",
            description=_description(cohort, segment, places),
            places=places,
            opens_on=self.day(opens),
            closes_on=self.day(closes),
            deadline_on=self.day(deadline),
            cohort=self.cohorts[cohort],
        )

    def officer(self, code: str) -> User:
        return district_office(self.actor, Region.objects.get(code=code), "hz-office")

    def districts(
        self,
        call: Call,
        apps: list[Application],
        first: int,
        last: int,
        reject: int = 0,
        keep: frozenset[int] = frozenset(),
    ) -> None:
        """Every district reviews its applicants (``reject`` of them in one district are not
        recommended), ranks the approved and sends its batch, on days between the two."""
        by_district: dict[str, list[Application]] = {}
        for application in apps:
            by_district.setdefault(application.district_id, []).append(application)
        days = workdays_between(self.day(first), self.day(last))
        elsewhere = [a for a in apps if a.district_id not in (XIHU, BINJIANG) and a.pk not in keep]
        refused = elsewhere[-reject:] if reject else []
        for code, mine in sorted(by_district.items()):
            region = Region.objects.get(code=code)
            officer = self.officer(code)
            day = self.rng.choice(days)
            for application in mine:
                if application in refused:
                    self.story.first_review(
                        officer, application, day, "reject", self.rng.choice(prose.REJECT_REASONS)
                    )
                else:
                    self.story.first_review(officer, application, day, "endorse")
            approved = [a for a in mine if a not in refused]
            if approved:
                self.story.rank(officer, call, region, approved)
                self.story.send(officer, call, region, day)

    # The six calls, oldest first ----------------------------------------------------------

    def final(self) -> None:
        """Cohort 2's call, finalised about two months before the cohort began; the heads of
        the cohort-2 accounts' schools apply among the others and are chosen."""
        story = self.story
        o = (self.cohorts[2].starts_on - self.today).days - 130  # the call opens
        call = self.call(2, "中小学校长", 10, o, o + 20, o + 30)
        kinds = {P, J, N, S, C, T}
        accounts = [
            User.objects.get(username=username).principal for username in SECOND_COHORT_ACCOUNTS
        ]
        people = self.heads.spread(15, kinds, self.day(o + 20), xihu=1, binjiang=2)
        people = sorted(people + accounts, key=lambda h: (h.school.region_id, h.pk))
        apps = story.apply_all(call, people, self.day(o + 2), self.day(o + 19))
        # One of 滨江区's applicants is chosen too: its officer follows a trainee in each cohort.
        binjiang = next(a for a in apps if a.district_id == BINJIANG)
        chosen = frozenset(a.pk for a in apps if a.principal in accounts) | {binjiang.pk}
        for pk in chosen:
            story.quality[pk] = self.rng.uniform(0.9, 0.95)
        self.districts(call, apps, o + 21, o + 28, reject=1, keep=chosen)
        start = next_workday(self.day(o + 30))
        story.start_review(call, start)
        story.score(call, next_workday(start), self.day(o + 43), share={})
        story.decide(call, self.day(o + 43), self.day(o + 50))
        starts = workday(self.day(o + 54))
        notice = story.publish(call, starts, NOTICE_TEXT, CONTACT)
        target = call.applications.filter(status=Application.Status.SELECTED).order_by("pk")[0]
        lodged = next_workday(starts)
        objection = story.lodge(
            notice,
            target,
            lodged,
            name="陈立群",
            text=f"反映{target.principal.name}同志任现职不满三年，不符合申报条件，请予核查。",
        )
        appointed = target.principal.appointed_on
        story.dismiss(
            objection,
            next_workday(lodged, 2),
            f"经核查人事任免文件，{target.principal.name}同志于{appointed.year}年{appointed.month}月"
            "起任现职，至申报截止时任职已满三年，符合申报条件；反映情况不属实，异议不成立。"
            "已电话告知反映人。",
        )
        story.finalise(call, next_workday(notice.ends_on))

    def notice(self) -> None:
        story = self.story
        call = self.call(3, "乡村学校校长", 3, -70, -50, -40)
        people = self.heads.spread(7, {P, J, N}, self.day(-50), xihu=0, binjiang=0, rural=True)
        apps = story.apply_all(call, people, self.day(-68), self.day(-51))
        self.districts(call, apps, -49, -42)
        start = next_workday(self.day(-40))
        story.start_review(call, start)
        story.score(call, next_workday(start), self.day(-27), share={})
        story.decide(call, self.day(-27), self.day(-12))
        starts = workday(self.day(-2))
        notice = story.publish(call, starts, NOTICE_TEXT, CONTACT)
        target = call.applications.filter(status=Application.Status.SELECTED).order_by("-pk")[0]
        story.lodge(
            notice,
            target,
            max(starts, workday(self.day(-1))),
            name="王晓燕",
            text=(
                f"反映{target.principal.school.name}近两年存在超标准收取保育教育费的情况，"
                "家长意见较大，请予核查。"
            ),
        )

    def decision(self) -> None:
        story = self.story
        call = self.call(3, "普通高中校长", 4, -60, -40, -30)
        people = self.heads.spread(8, {S, C, T}, self.day(-40), xihu=1, binjiang=1)
        apps = story.apply_all(call, people, self.day(-58), self.day(-41))
        self.districts(call, apps, -39, -32)
        start = next_workday(self.day(-30))
        story.start_review(call, start)
        story.score(call, next_workday(start), self.day(-17), share={})
        story.decide(call, self.day(-17), self.day(-8))

    def review(self) -> None:
        story = self.story
        call = self.call(3, "初中及九年一贯制学校校长", 5, -50, -30, -20)
        people = self.heads.spread(12, {J, N}, self.day(-30), xihu=2, binjiang=1)
        apps = story.apply_all(call, people, self.day(-48), self.day(-31))
        self.districts(call, apps, -29, -22, reject=1)
        start = next_workday(self.day(-20))
        story.start_review(call, start)
        experts = story.experts
        story.declare_conflict(call, experts[2], next_workday(start))
        # The demo expert has scored two cases and has the rest still to do.
        share = {expert.pk: 0.6 for expert in experts[1:]}
        share[experts[0].pk] = 0.3
        story.score(call, next_workday(start, 2), self.day(-2), share=share)

    def district(self) -> None:
        story = self.story
        call = self.call(3, "幼儿园园长", 4, -30, -3, 11)
        people = self.heads.spread(10, {K}, self.day(-3), xihu=3, binjiang=2)
        last = workday(self.day(-1))
        apps = story.apply_all(call, people, self.day(-28), min(self.day(-4), last - 2 * DAY))
        for code in (BINJIANG, XIHU):
            region = Region.objects.get(code=code)
            officer = self.officer(code)
            mine = [a for a in apps if a.district_id == code]
            for application in mine:
                story.first_review(officer, application, last, "endorse")
            if mine:
                story.rank(officer, call, region, mine)
            if code == BINJIANG and mine:
                story.send(officer, call, region, last)
        others = sorted({a.district_id for a in apps} - {XIHU, BINJIANG})
        if others:
            first = [a for a in apps if a.district_id == others[0]]
            story.first_review(self.officer(others[0]), first[0], last, "endorse")
        if len(others) > 1:
            second = [a for a in apps if a.district_id == others[1]]
            story.first_review(
                self.officer(others[1]), second[0], last, "reject", prose.REJECT_REASONS[0]
            )

    def open(self) -> None:
        story = self.story
        call = self.call(3, "小学校长", 10, -8, 22, 32)
        closes = self.day(22)
        heads = self.heads
        take = heads.take
        returned = take(1, {P}, closes, district=XIHU, wanted=_eligible)
        waiting = take(1, {P}, closes, district=XIHU, wanted=_eligible)
        experts = take(1, {P}, closes, district=XIHU, wanted=_title_to_experts) or take(
            1, {P}, closes, wanted=_title_to_experts
        )
        # Someone the registry has wrong asks for it to be corrected; the district checks.
        earlier = dt.date(closes.year - 4, 8, 1).isoformat()
        corrected = [
            (person, {"appointed_on": earlier})
            for person in take(1, {P}, closes, district=XIHU, wanted=_only_tenure_short)
        ] or [
            (person, {"title": str(Title.SENIOR.label)})
            for person in take(1, {P}, closes, district=XIHU, wanted=_title_to_experts)
        ]
        draft = take(1, {P}, closes, district=XIHU)
        others = take(1, {P}, closes, district=BINJIANG) + take(
            5, {P}, closes, avoid=(XIHU, BINJIANG)
        )
        days = workdays_between(self.day(-7), self.day(-1))

        def when(index: int) -> dt.datetime:
            return at(days[index % len(days)], 10 + index % 9, 7 * index % 60)

        for person in returned:
            application = story.apply(call, person, when(0))
            story.first_review(
                self.officer(XIHU), application, days[-1], "return", prose.RETURN_REASONS[0]
            )
        for index, person in enumerate(waiting + experts):
            story.apply(call, person, when(index + 2))
        for person, corrections in corrected:
            story.apply(call, person, when(4), corrections=corrections)
        for person in draft:
            story.apply(call, person, when(5), submit=False)
        for index, person in enumerate(others):
            story.apply(call, person, when(index + 1), submit=index % 2 == 0)


def build_hangzhou_selection(
    *, actor: Actor, rng: random.Random, today: dt.date
) -> SelectionWritten:
    programme = Programme.objects.filter(slug=programme_slug(today)).first()
    if programme is None or Call.objects.filter(programme=programme).exists():
        return SelectionWritten()
    if today != timezone.localdate():
        # The services stamp today's work with today's date: the story is told as of today.
        return SelectionWritten()
    builder = _Hangzhou(actor=actor, rng=rng, today=today, programme=programme)
    for step in (
        builder.final,
        builder.notice,
        builder.decision,
        builder.review,
        builder.district,
        builder.open,
    ):
        step()
    builder.story.written.created = True
    return builder.story.written
