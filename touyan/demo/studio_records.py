"""What one studio has done so far in its cycle, made up: activities with who was expected at
each, attendance, plans and reports, research projects.

Pure generation from a random stream per studio: nothing here touches the database. Counts
follow the policy's rhythm (a seminar a month, an intensive a semester, a visit to every
member's school over the cycle, outreach every year) with the slips real studios make: a month
without a seminar, a plan never handed in, a member who leaves and is replaced.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import NamedTuple

from touyan.programmes.calendar import DAY, Period, ProgrammeCalendar

from .record_texts import (
    LECTURE_TOPICS,
    PLACES,
    READING_BOOKS,
    RESEARCH_THEMES,
    SEMINAR_TOPICS,
    body_of,
)


class Draft(NamedTuple):
    """An activity before it has an id; ``studios`` organise it, ``people`` are expected."""

    activity_type: str
    title: str
    date: dt.date
    end_date: dt.date | None
    start_time: dt.time | None
    end_time: dt.time | None
    place: str
    place_school_id: int | None
    level: str
    topic: str
    hours: object  # Decimal or None
    studios: tuple[int, ...]
    people: tuple[int, ...]
    presenters: int  # how many of those present gave a talk


@dataclass(frozen=True)
class Seat:
    principal_id: int
    name: str
    school_id: int
    school_name: str
    joined_on: dt.date
    left_on: dt.date | None = None

    def serves_on(self, day: dt.date) -> bool:
        return self.joined_on <= day and (self.left_on is None or self.left_on >= day)


@dataclass
class StudioPlan:
    index: int  # the studio's position in the programme: its random stream
    id: int
    name: str
    host_id: int
    host_name: str
    base_school_id: int
    base_school_name: str
    region_id: str
    seats: list[Seat]
    outreach_schools: list[tuple[int, str]]  # rural or weak schools of the province
    other_schools: list[tuple[int, str]]

    def people_on(self, day: dt.date) -> tuple[int, ...]:
        return (self.host_id, *(s.principal_id for s in self.seats if s.serves_on(day)))


@dataclass
class DeliverableDraft:
    kind: str
    title: str
    studio_id: int | None
    principal_id: int | None
    body: str
    chars: int
    submitted_on: dt.date


@dataclass
class ProjectDraft:
    studio_id: int | None
    leader_id: int
    title: str
    level: str
    approved_on: dt.date
    outcomes: list[tuple[str, str, str, dt.date]] = field(default_factory=list)  # kind, title…


@dataclass
class StudioRecords:
    activities: list[Draft]
    deliverables: list[DeliverableDraft]
    projects: list[ProjectDraft]


T = dt.time
SLOTS = {
    "seminar": (T(14, 30), T(17, 0)),
    "intensive": (T(8, 30), T(17, 30)),
    "study": (T(14, 0), T(17, 0)),
    "reading": (T(19, 0), T(21, 0)),
    "lecture": (T(9, 0), T(11, 30)),
    "research": (T(14, 30), T(17, 0)),
    "online": (T(19, 30), T(21, 0)),
    "mentoring": (T(15, 0), T(17, 0)),
    "shadowing": (T(8, 0), T(17, 0)),
    "diagnosis": (T(8, 30), T(16, 30)),
    "outreach": (T(8, 30), T(16, 30)),
    "onsite_guidance": (T(8, 30), T(16, 30)),
    "paired_assistance": (T(8, 30), T(16, 30)),
    "joint": (T(9, 0), T(16, 30)),
    "visit": (T(8, 30), T(17, 0)),
}
# Activities of a month besides the seminar: (type, expected number in a full month).
MONTHLY = (
    ("online", 4.0),
    ("reading", 0.8),
    ("lecture", 0.9),
    ("study", 0.8),
    ("research", 0.45),
    ("mentoring", 0.35),
    ("visit", 0.1),
    ("shadowing", 0.08),
)
OUTREACH_TYPES = ("outreach", "onsite_guidance", "paired_assistance")
FULL_MONTH_DAYS = 21


class StudioCalendar:
    """The working days of a cycle (weekdays outside the policy's excluded spans), by period,
    computed once for all studios."""

    def __init__(self, calendar: ProgrammeCalendar, as_of: dt.date):
        self.as_of = as_of
        self.start = calendar.start
        excluded = calendar.excluded_days
        day, days = calendar.start, []
        while day <= calendar.end:
            if day.weekday() < 5 and day not in excluded:
                days.append(day)
            day += DAY
        self.days = days
        self.months = self._split(calendar.periods("month"))
        self.semesters = self._split(calendar.periods("semester"))
        self.years = self._split(calendar.periods("year"))

    def _split(self, periods: list[Period]) -> list[tuple[Period, list[dt.date]]]:
        return [(p, [d for d in self.days if p.start <= d <= p.end]) for p in periods]

    def within(self, first: dt.date, last: dt.date | None = None) -> list[dt.date]:
        return [d for d in self.days if d >= first and (last is None or d <= last)]


def studio_records(plan: StudioPlan, days: StudioCalendar, rng: random.Random) -> StudioRecords:
    as_of = days.as_of
    diligence = _diligence(rng)
    drafts: list[Draft] = []

    def add(kind: str, title: str, day: dt.date, **extra) -> None:
        if day > as_of:
            return
        start, end = SLOTS[kind]
        drafts.append(
            Draft(
                activity_type=kind,
                title=title,
                date=day,
                end_date=extra.get("end_date"),
                start_time=start,
                end_time=end,
                place=extra.get("place", ""),
                place_school_id=extra.get("place_school_id"),
                level=extra.get("level", ""),
                topic="",
                hours=None,
                studios=(plan.id,),
                people=plan.people_on(day),
                presenters=extra.get("presenters", 0),
            )
        )

    home = f"{plan.base_school_name}{rng.choice(PLACES)}"
    for _period, month_days in days.months:
        past = [d for d in month_days if d <= as_of]
        if not past:
            continue
        share = min(1.0, len(past) / FULL_MONTH_DAYS)
        if rng.random() < diligence:
            for _ in range(1 + (rng.random() < 0.3)):
                topic = rng.choice(SEMINAR_TOPICS)
                add("seminar", f"专题研讨：{topic}", rng.choice(past), place=home, presenters=2)
        for kind, mean in MONTHLY:
            for _ in range(_count(rng, mean * share)):
                add(kind, _title(rng, kind), rng.choice(past), place=home, presenters=1)
    for period, semester_days in days.semesters:
        if not semester_days:
            continue
        for number in range(1 + (rng.random() < 0.3)):
            if number == 0 and rng.random() > diligence:
                break
            day = rng.choice(semester_days)
            add(
                "intensive",
                f"{period.label}集中研修（第{number + 1}次）",
                day,
                end_date=day + rng.choice((1, 2)) * DAY,
                place=home,
                presenters=2,
            )
    for seat in plan.seats:
        if rng.random() < 0.97:
            serving = days.within(seat.joined_on, seat.left_on)
            if serving:
                add(
                    "diagnosis",
                    f"入校诊断：{seat.school_name}",
                    rng.choice(serving),
                    place=seat.school_name,
                    place_school_id=seat.school_id,
                )
    for _period, year_days in days.years:
        if not year_days:
            continue
        for chance in (0.93, 0.5, 0.15):
            if rng.random() < chance:
                school_id, school_name = _outreach_school(rng, plan)
                kind = rng.choices(OUTREACH_TYPES, weights=(5, 3, 2))[0]
                add(
                    kind,
                    f"{_TYPE_WORDS[kind]}：{school_name}",
                    rng.choice(year_days),
                    place=school_name,
                    place_school_id=school_id,
                    level=rng.choice(("district", "city")),
                )
    drafts.sort(key=lambda draft: draft.date)
    return StudioRecords(drafts, _deliverables(plan, days, rng), _projects(plan, days, rng))


def joint_activities(
    first: StudioPlan, second: StudioPlan, days: StudioCalendar, rng: random.Random
) -> list[Draft]:
    """The joint activities two studios of one province plan over the cycle, held so far."""
    drafts = []
    for _ in range(rng.choice((1, 1, 2))):
        day = rng.choice(days.days)
        if day > days.as_of:
            continue
        people = dict.fromkeys((*first.people_on(day), *second.people_on(day)))
        start, end = SLOTS["joint"]
        drafts.append(
            Draft(
                activity_type="joint",
                title=f"{first.name}与{second.name}联合研讨：{rng.choice(SEMINAR_TOPICS)}",
                date=day,
                end_date=None,
                start_time=start,
                end_time=end,
                place=f"{first.base_school_name}{rng.choice(PLACES)}",
                place_school_id=None,
                level="city",
                topic="",
                hours=None,
                studios=(first.id, second.id),
                people=tuple(people),
                presenters=3,
            )
        )
    return drafts


_TYPE_WORDS = {
    "outreach": "送培下乡",
    "onsite_guidance": "现场指导",
    "paired_assistance": "结对帮扶",
    "online": "网络研修",
    "reading": "读书交流",
    "lecture": "专家讲座",
    "study": "学习研讨",
    "research": "课题研讨",
    "mentoring": "师徒结对指导",
    "visit": "考察交流",
    "shadowing": "跟岗实践",
}


def _title(rng: random.Random, kind: str) -> str:
    if kind == "reading":
        return f"读书交流：{rng.choice(READING_BOOKS)}"
    if kind == "lecture":
        return f"专家讲座：{rng.choice(LECTURE_TOPICS)}"
    return f"{_TYPE_WORDS[kind]}：{rng.choice(SEMINAR_TOPICS)}"


def _diligence(rng: random.Random) -> float:
    """How reliably a studio holds what the policy asks: most always, some now and then."""
    roll = rng.random()
    if roll < 0.8:
        return rng.uniform(0.97, 1.0)
    if roll < 0.95:
        return rng.uniform(0.85, 0.95)
    return rng.uniform(0.6, 0.8)


def _count(rng: random.Random, mean: float) -> int:
    whole = int(mean)
    return whole + (rng.random() < mean - whole)


def _outreach_school(rng: random.Random, plan: StudioPlan) -> tuple[int | None, str]:
    pool = plan.outreach_schools if rng.random() < 0.95 else plan.other_schools
    pool = pool or plan.other_schools or plan.outreach_schools
    if not pool:
        return None, "农村学校"
    return rng.choice(pool)


STUDIO_DOCUMENTS = (  # kind, chance, days after the start (from, to), 字数 (from, to)
    ("three_year_plan", 0.97, (10, 50), (400, 700)),
    ("studio_rules", 0.95, (5, 40), (200, 400)),
    ("member_training_plan", 0.9, (15, 60), (300, 500)),
)
MEMBER_DOCUMENTS = (
    ("growth_plan", 0.93, (20, 70), (80, 200)),
    ("school_development_plan", 0.85, (30, 120), (100, 220)),
    ("school_improvement_plan", 0.7, (60, 200), (80, 200)),
)
DOCUMENT_NAMES = {
    "three_year_plan": "工作室三年活动计划",
    "studio_rules": "工作室工作制度",
    "work_plan": "工作室工作计划",
    "member_training_plan": "成员培养方案",
    "growth_plan": "个性化成长方案",
    "school_development_plan": "学校中长期发展规划",
    "school_improvement_plan": "学校办学行为改进方案",
    "semester_report": "学期活动汇报",
}


def _deliverables(
    plan: StudioPlan, days: StudioCalendar, rng: random.Random
) -> list[DeliverableDraft]:
    found: list[DeliverableDraft] = []

    def add(kind, title, principal_id, day, size):
        if day <= days.as_of:
            body, chars = body_of(rng, rng.randint(*size))
            found.append(DeliverableDraft(kind, title, plan.id, principal_id, body, chars, day))

    for kind, chance, (first, last), size in STUDIO_DOCUMENTS:
        if rng.random() < chance:
            day = days.start + rng.randint(first, last) * DAY
            add(kind, f"{plan.name}{DOCUMENT_NAMES[kind]}", None, day, size)
    for number, (_period, year_days) in enumerate(days.years, start=1):
        if year_days and rng.random() < (0.95 if number == 1 else 0.85):
            day = year_days[0] + rng.randint(5, 40) * DAY
            add("work_plan", f"{plan.name}第{number}年工作计划", None, day, (200, 400))
    for period, semester_days in days.semesters:
        if semester_days and period.end <= days.as_of and rng.random() < 0.92:
            day = period.end - rng.randint(0, 20) * DAY
            add("semester_report", f"{plan.name}{period.label}活动汇报", None, day, (300, 500))
    for seat in plan.seats:
        for kind, chance, (first, last), size in MEMBER_DOCUMENTS:
            if rng.random() < chance:
                day = seat.joined_on + rng.randint(first, last) * DAY
                if seat.left_on is None or day <= seat.left_on:
                    title = f"{DOCUMENT_NAMES[kind]}（{seat.name}）"
                    add(kind, title, seat.principal_id, day, size)
    return found


def _projects(plan: StudioPlan, days: StudioCalendar, rng: random.Random) -> list[ProjectDraft]:
    projects = []
    for chance in (0.92, 0.25):
        if rng.random() >= chance:
            continue
        approved = days.start + rng.randint(30, 150) * DAY
        if approved > days.as_of:
            continue
        level = rng.choices(("province", "city", "district"), weights=(35, 45, 20))[0]
        project = ProjectDraft(plan.id, plan.host_id, rng.choice(RESEARCH_THEMES), level, approved)
        if rng.random() < 0.35:
            achieved = approved + rng.randint(180, 420) * DAY
            if achieved <= days.as_of:
                kind = rng.choices(("paper", "report", "monograph"), weights=(6, 3, 1))[0]
                words = {"paper": "论文", "report": "研究报告", "monograph": "专著"}[kind]
                project.outcomes.append((kind, f"{project.title}（{words}）", level, achieved))
        projects.append(project)
    return projects
