"""A training cohort's record, made up: its whole session schedule (every topic's hours, to the
end of the cohort's 1.5 years), attendance at the sessions held so far, the trainees'
deliverables and research projects.

Pure generation from a random stream per cohort: nothing here touches the database.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from touyan.policies import schema
from touyan.programmes.calendar import DAY, add_months
from touyan.programmes.festivals import spring_festival

from .record_texts import RESEARCH_THEMES, body_of
from .studio_records import DeliverableDraft, Draft, ProjectDraft

# How each topic is delivered: activity type, session sizes in hours, place.
DELIVERY = {
    "humanities": ("course", (8, 4), "合作高校"),
    "theory": ("course", (8, 4), "合作高校"),
    "trends": ("field_study", (8, 4), "国内名校"),
    "technology": ("field_study", (8,), "科研机构与高新技术企业"),
    "studio": ("studio_activity", (4,), "名校长工作室基地学校"),
    "pairing": ("paired_support", (8,), ""),
    "research": ("course", (4,), "教育科学研究院"),
    "philosophy": ("mentoring", (4,), "导师工作室"),
    "forum": ("forum_talk", (4, 8), "高端论坛会场"),
}
FALLBACK = ("course", (8, 4, 2), "教师发展中心")
# When in the cohort's months each series is taught: (from month, to month), 0-based.
SERIES_WINDOWS = ((0, 5), (2, 15), (6, 17))
# The immersion of 国内外教育发展趋势 (HZ-3.2) is one block of several days abroad.
OVERSEAS_TOPIC, OVERSEAS_HOURS = "trends", 32
TIMES = {
    8: (dt.time(8, 30), dt.time(17, 30)),
    6: (dt.time(9, 0), dt.time(16, 30)),
    4: (dt.time(8, 30), dt.time(12, 0)),
    2: (dt.time(19, 0), dt.time(21, 0)),
}


@dataclass
class CohortPlan:
    index: int  # position in the programme: the cohort's random stream
    id: int
    name: str
    city_name: str
    starts_on: dt.date
    months: int  # length of the cohort's cycle
    trainees: list[tuple[int, int, str]]  # trainee id, principal id, name
    partner_schools: list[tuple[int, str]]


@dataclass
class CohortRecords:
    sessions: list[Draft]  # all of them, future ones included
    deliverables: list[DeliverableDraft]
    projects: list[ProjectDraft]


def teaching_days(first: dt.date, last: dt.date) -> list[dt.date]:
    """Fridays and Saturdays outside the summer holiday and the Spring Festival weeks."""
    festivals = {spring_festival(year) for year in range(first.year, last.year + 2)}
    days, day = [], first
    while day <= last:
        summer = (7, 15) <= (day.month, day.day) <= (8, 31)
        festive = any(abs((day - festival).days) <= 7 for festival in festivals)
        if day.weekday() in (4, 5) and not summer and not festive:
            days.append(day)
        day += DAY
    return days


def split_hours(rng: random.Random, total: int, sizes: tuple[int, ...]) -> list[int]:
    """Session lengths that add up to exactly ``total`` hours."""
    parts, left = [], total
    while left > 0:
        fitting = [size for size in sizes if size <= left]
        size = rng.choice(fitting) if fitting else left
        parts.append(size)
        left -= size
    return parts


def cohort_records(
    plan: CohortPlan, curriculum: schema.Curriculum, as_of: dt.date, rng: random.Random
) -> CohortRecords:
    end = add_months(plan.starts_on, plan.months) - DAY
    people = tuple(principal_id for _trainee, principal_id, _name in plan.trainees)
    sessions: list[Draft] = []
    for series_index, series in enumerate(curriculum.series):
        window = SERIES_WINDOWS[min(series_index, len(SERIES_WINDOWS) - 1)]
        days = teaching_days(
            add_months(plan.starts_on, window[0]),
            min(add_months(plan.starts_on, window[1] + 1) - DAY, end),
        ) or teaching_days(plan.starts_on, end)
        for topic in series.topics:
            kind, sizes, place = DELIVERY.get(topic.code, FALLBACK)
            hours = split_hours(rng, topic.hours, sizes)
            blocks = [(kind, size) for size in hours]
            if topic.code == OVERSEAS_TOPIC and topic.hours > OVERSEAS_HOURS:
                rest = split_hours(rng, topic.hours - OVERSEAS_HOURS, sizes)
                blocks = [("overseas_study", OVERSEAS_HOURS)] + [(kind, size) for size in rest]
            if len(days) >= len(blocks):
                dates = sorted(rng.sample(days, len(blocks)))
            else:
                dates = sorted(rng.choice(days) for _ in blocks)
            for number, ((block_kind, size), day) in enumerate(
                zip(blocks, dates, strict=True), start=1
            ):
                title = f"{series.name}·{topic.name}（{number}/{len(blocks)}）"
                sessions.append(
                    _session(plan, topic.code, title, block_kind, size, day, place, people, rng)
                )
    sessions.sort(key=lambda draft: draft.date)
    return CohortRecords(
        sessions,
        _deliverables(plan, sessions, as_of, rng),
        _projects(plan, as_of, rng),
    )


def _session(
    plan: CohortPlan,
    topic: str,
    title: str,
    kind: str,
    size: int,
    day: dt.date,
    place: str,
    people: tuple[int, ...],
    rng: random.Random,
) -> Draft:
    days = -(-size // 8)
    start, finish = TIMES.get(min(size, 8), TIMES[8])
    if size == 4 and rng.random() < 0.5:
        start, finish = dt.time(14, 0), dt.time(17, 30)
    school_id = None
    if kind == "paired_support" and plan.partner_schools:
        school_id, place = rng.choice(plan.partner_schools)
    elif kind == "overseas_study":
        place = "境外研修基地"
    elif not place:
        place = f"{plan.city_name}教师发展中心"
    return Draft(
        activity_type=kind,
        title=title,
        date=day,
        end_date=day + (days - 1) * DAY if days > 1 else None,
        start_time=start,
        end_time=finish,
        place=place,
        place_school_id=school_id,
        level=rng.choice(("city", "province")) if kind == "forum_talk" else "",
        topic=topic,
        hours=Decimal(size),
        studios=(),
        people=people,
        presenters=len(people) * 6 // 10 if kind == "forum_talk" else 0,
    )


LOGGED_TYPES = frozenset({"course", "field_study", "overseas_study"})


def _deliverables(
    plan: CohortPlan, sessions: list[Draft], as_of: dt.date, rng: random.Random
) -> list[DeliverableDraft]:
    found: list[DeliverableDraft] = []
    elapsed = (as_of - plan.starts_on).days / 30.4
    held = [s for s in sessions if s.date <= as_of]
    overseas = next((s for s in held if s.activity_type == "overseas_study"), None)

    def add(kind, title, principal_id, day, size):
        if day <= as_of:
            body, chars = body_of(rng, rng.randint(*size))
            found.append(DeliverableDraft(kind, title, None, principal_id, body, chars, day))

    for _trainee, principal, name in plan.trainees:
        if rng.random() < 0.97:
            day = plan.starts_on + rng.randint(20, 60) * DAY
            add("development_plan", f"个人发展规划（{name}）", principal, day, (800, 1500))
        for session in held:
            if session.activity_type in LOGGED_TYPES and rng.random() < 0.4:
                day = (session.end_date or session.date) + rng.randint(1, 7) * DAY
                add("study_log", f"学习日志：{session.title}（{name}）", principal, day, (200, 500))
        for number in range(int(elapsed // 5)):
            if rng.random() < 0.8:
                day = plan.starts_on + rng.randint(150 * number + 120, 150 * number + 170) * DAY
                add(
                    "exchange_report",
                    f"交流报告（{name}，第{number + 1}次）",
                    principal,
                    day,
                    (500, 900),
                )
        if overseas is not None and rng.random() < 0.85:
            day = (overseas.end_date or overseas.date) + rng.randint(10, 40) * DAY
            add("study_report", f"海内外研修报告（{name}）", principal, day, (1800, 3000))
        if elapsed >= 13 and rng.random() < 0.35:
            day = as_of - rng.randint(0, 40) * DAY
            add("research_report", f"课题结题报告（{name}）", principal, day, (9500, 12000))
        if elapsed >= 11 and rng.random() < 0.3:
            day = as_of - rng.randint(0, 60) * DAY
            add("paper_or_monograph", f"办学思想论文（{name}）", principal, day, (3000, 6000))
    return found


def _projects(plan: CohortPlan, as_of: dt.date, rng: random.Random) -> list[ProjectDraft]:
    projects = []
    for _trainee, principal, _name in plan.trainees:
        if rng.random() >= 0.85:
            continue
        approved = plan.starts_on + rng.randint(30, 120) * DAY
        if approved > as_of:
            continue
        level = rng.choices(("city", "province", "district"), weights=(50, 30, 20))[0]
        project = ProjectDraft(None, principal, rng.choice(RESEARCH_THEMES), level, approved)
        achieved = approved + rng.randint(240, 480) * DAY
        if achieved <= as_of and rng.random() < 0.5:
            kind = rng.choice(("award", "publication"))
            words = "获奖" if kind == "award" else "公开发表"
            outcome_level = rng.choices(("city", "province", "district"), weights=(60, 25, 15))[0]
            project.outcomes.append((kind, f"{project.title}（{words}）", outcome_level, achieved))
        projects.append(project)
    return projects
