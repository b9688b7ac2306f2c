"""One judge per rule kind: from the loaded facts of one subject, a verdict for each period.

Judges are pure functions over ``Facts``; they never query the database.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from touyan.policies import schema
from touyan.policies.describe import level_label
from touyan.programmes.calendar import Period, ProgrammeCalendar

from . import wording
from .facts import ActivityFact, Facts, level_at_least
from .verdicts import Evidence, State, Subject, Verdict
from .wording import _


@dataclass
class Context:
    spec: schema.Policy
    as_of: dt.date
    facts: Facts
    calendars: dict[int | None, ProgrammeCalendar]  # by cohort id; None for a studio programme
    partner_prefixes: tuple[str, ...]
    _periods: dict = field(default_factory=dict)

    def calendar(self, subject: Subject) -> ProgrammeCalendar:
        if subject.kind == "trainee":
            return self.calendars[self.facts.cohort_of[subject.id]]
        return self.calendars[None]

    def periods(self, subject: Subject, kind: str) -> list[Period]:
        """The periods of ``kind`` that carry a requirement, computed once per calendar."""
        cohort = self.facts.cohort_of.get(subject.id) if subject.kind == "trainee" else None
        key = (cohort, kind)
        if key not in self._periods:
            calendar = self.calendar(subject)
            self._periods[key] = [p for p in calendar.periods(kind) if not calendar.is_exempt(p)]
        return self._periods[key]


# The states that say what is lacking; a period not yet begun lacks nothing yet.
LACKING = frozenset({State.AT_RISK, State.MISSED})


def judge(satisfied: bool, period: Period, as_of: dt.date) -> State:
    if satisfied:
        return State.MET
    if as_of < period.start:
        return State.NOT_DUE
    if as_of > period.end:
        return State.MISSED
    return State.AT_RISK


EMPTY: tuple = ()


def _bucket(periods: list[Period], items: Iterable, date_of: Callable, *, early=False) -> list:
    """Items into the periods that contain their date (periods are sorted and disjoint); items
    keep their order, which is date order (``facts`` sorts them once). With ``early``, items
    dated before the first period count for it: a plan written in August for a cycle that
    starts in September is the cycle's plan."""
    starts = [p.start for p in periods]
    found: dict[int, list] = {}
    for item in items:
        day = date_of(item)
        index = bisect.bisect_right(starts, day) - 1
        if index < 0 and early and periods:
            index = 0
        if index >= 0 and day <= periods[index].end:
            found.setdefault(index, []).append(item)
    return [found.get(index, EMPTY) for index in range(len(periods))]


def _activity_evidence(items: list[ActivityFact]) -> list[Evidence]:
    return [Evidence("activity", a.id, a.date, a.title) for a in items]


def _count_verdicts(
    ctx, rule, subject, items, *, what: str, at_least: int, evidence
) -> list[Verdict]:
    periods = ctx.periods(subject, rule.period)
    verdicts = []
    for period, inside in zip(periods, _bucket(periods, items, lambda a: a.date), strict=True):
        state = judge(len(inside) >= at_least, period, ctx.as_of)
        missing = ""
        if state in LACKING:
            missing = wording.count_missing(
                what, len(inside), at_least, still_open=ctx.as_of <= period.end
            )
        verdicts.append(
            Verdict(rule.id, period, state, len(inside), at_least, evidence(inside), missing)
        )
    return verdicts


def _organised_or_attended(ctx: Context, subject: Subject) -> list[ActivityFact]:
    return ctx.facts.activities.get(subject.id, [])


# judges -------------------------------------------------------------------------------------


def activity_count(ctx: Context, rule: schema.ActivityCount, subject: Subject) -> list[Verdict]:
    types = set(rule.activity_types)
    items = [
        a
        for a in _organised_or_attended(ctx, subject)
        if a.type in types and (a.rural_or_weak or not rule.at_rural_or_weak_school)
    ]
    what = _("开展%(types)s") % {"types": wording.type_names(ctx.spec, rule.activity_types)}
    if rule.at_rural_or_weak_school:
        what += _("（农村或薄弱学校）")
    return _count_verdicts(
        ctx, rule, subject, items, what=what, at_least=rule.at_least, evidence=_activity_evidence
    )


def member_school_visits(
    ctx: Context, rule: schema.MemberSchoolVisits, subject: Subject
) -> list[Verdict]:
    if subject.kind != "studio":
        return []
    types = set(rule.activity_types)
    items = [
        a for a in ctx.facts.activities.get(subject.id, []) if a.type in types and a.place_school_id
    ]
    periods = ctx.periods(subject, rule.period)
    verdicts = []
    for period, inside in zip(periods, _bucket(periods, items, lambda a: a.date), strict=True):
        on = min(ctx.as_of, period.end)
        members = [m for m in ctx.facts.members.get(subject.id, []) if m.serves_on(on)]
        visits: dict[int, int] = {}
        for activity in inside:
            visits[activity.place_school_id] = visits.get(activity.place_school_id, 0) + 1
        pending = [m for m in members if visits.get(m.school_id, 0) < rule.times]
        state = judge(not pending and bool(members), period, ctx.as_of)
        missing = ""
        if pending and state in LACKING:
            missing = _("%(done)d/%(all)d 位成员的学校已%(types)s，尚缺：%(names)s") % {
                "done": len(members) - len(pending),
                "all": len(members),
                "types": wording.type_names(ctx.spec, rule.activity_types),
                "names": _("、").join(m.name for m in pending),
            }
        verdicts.append(
            Verdict(
                rule.id,
                period,
                state,
                len(members) - len(pending),
                len(members),
                _activity_evidence(inside),
                missing,
            )
        )
    return verdicts


def research_projects(
    ctx: Context, rule: schema.ResearchProjects, subject: Subject
) -> list[Verdict]:
    kinds = set(rule.outcome_kinds)
    outcomes = [
        o
        for o in ctx.facts.outcomes.get(subject.id, [])
        if o.kind in kinds
        and level_at_least(o.project_level, rule.min_level)
        and level_at_least(o.level, rule.outcome_min_level)
    ]
    periods = ctx.periods(subject, rule.period)
    verdicts = []
    for period, inside in zip(
        periods, _bucket(periods, outcomes, lambda o: o.achieved_on, early=True), strict=True
    ):
        projects = {o.project_id for o in inside}
        state = judge(len(projects) >= rule.at_least, period, ctx.as_of)
        evidence = [
            Evidence("outcome", o.id, o.achieved_on, f"{o.project_title}：{o.title}")
            for o in inside
        ]
        missing = ""
        if state in LACKING:
            missing = wording.count_missing(
                _("完成研究课题并取得成果"),
                len(projects),
                rule.at_least,
                still_open=ctx.as_of <= period.end,
                unit=_("项"),
            )
        verdicts.append(
            Verdict(rule.id, period, state, len(projects), rule.at_least, evidence, missing)
        )
    return verdicts


def deliverables(ctx: Context, rule: schema.Deliverables, subject: Subject) -> list[Verdict]:
    name = wording.deliverable_name(ctx.spec, rule.deliverable_kind)
    items = [
        d for d in ctx.facts.deliverables.get(subject.id, []) if d.kind == rule.deliverable_kind
    ]
    if subject.kind == "studio" and rule.per == "studio":
        host = ctx.facts.hosts.get(subject.id)
        items = [d for d in items if d.principal_id in (None, host)]
    periods = ctx.periods(subject, rule.period)
    verdicts = []
    for period, inside in zip(
        periods, _bucket(periods, items, lambda d: d.submitted_on, early=True), strict=True
    ):
        enough, short = [], []
        for d in inside:
            (enough if not rule.min_chars or d.chars >= rule.min_chars else short).append(d)
        evidence = [Evidence("deliverable", d.id, d.submitted_on, d.title) for d in enough]
        still_open = ctx.as_of <= period.end
        if rule.per == "member":
            on = min(ctx.as_of, period.end)
            members = [m for m in ctx.facts.members.get(subject.id, []) if m.serves_on(on)]
            counts = Counter(d.principal_id for d in enough)
            pending = [m for m in members if counts[m.principal_id] < rule.at_least]
            state = judge(not pending and bool(members), period, ctx.as_of)
            missing = ""
            if pending and state in LACKING:
                missing = _("%(done)d/%(all)d 位成员已提交“%(kind)s”，尚缺：%(names)s") % {
                    "done": len(members) - len(pending),
                    "all": len(members),
                    "kind": name,
                    "names": _("、").join(m.name for m in pending),
                }
            verdicts.append(
                Verdict(
                    rule.id,
                    period,
                    state,
                    len(members) - len(pending),
                    len(members),
                    evidence,
                    missing,
                )
            )
            continue
        state = judge(len(enough) >= rule.at_least, period, ctx.as_of)
        missing = ""
        if state in LACKING:
            missing = wording.count_missing(
                _("提交“%(kind)s”") % {"kind": name},
                len(enough),
                rule.at_least,
                still_open=still_open,
                unit=_("份"),
            )
            for d in short:
                if d.pending:
                    missing += _("；《%(title)s》的字数待培训中心核实") % {"title": d.title}
                    continue
                missing += _("；《%(title)s》%(chars)s 字，不足 %(min)s 字") % {
                    "title": d.title,
                    "chars": f"{d.chars:,}",
                    "min": f"{rule.min_chars:,}",
                }
        verdicts.append(
            Verdict(rule.id, period, state, len(enough), rule.at_least, evidence, missing)
        )
    return verdicts


def _absences(ctx: Context, subject: Subject, *, with_leave: bool):
    rows = ctx.facts.absences.get(subject.id, [])
    return [a for a in rows if a.status == "absent" or (with_leave and a.status == "leave")]


def absence_ratio(ctx: Context, rule: schema.AbsenceRatio, subject: Subject) -> list[Verdict]:
    """Absences over every session scheduled for the trainee in the cycle — the future ones
    too, so a trainee cannot look fine by being marked on few sessions — from the day they
    joined."""
    if subject.kind != "trainee":
        return []
    period = ctx.calendar(subject).periods("cycle")[0]
    scheduled = ctx.facts.scheduled_for(subject.id)
    counted = _absences(ctx, subject, with_leave=rule.leave_counts_as_absence)
    allowed = math.floor(rule.limit * scheduled)
    if len(counted) > allowed:
        state = State.MISSED
    elif ctx.as_of < period.start:
        state = State.NOT_DUE
    elif counted and allowed - len(counted) <= 1 and ctx.as_of <= period.end:
        state = State.AT_RISK
    else:
        state = State.MET
    leaves = sum(1 for a in counted if a.status == "leave")
    missing = ""
    if state in (State.MISSED, State.AT_RISK):
        missing = _(
            "缺勤 %(n)d 次（含请假 %(leave)d 次），全部 %(all)d 场最多可缺 %(allowed)d 次"
        ) % {
            "n": len(counted),
            "leave": leaves,
            "all": scheduled,
            "allowed": allowed,
        }
    evidence = [
        Evidence(
            "attendance",
            a.activity_id,
            a.date,
            f"{a.title}（{_('请假') if a.status == 'leave' else _('缺勤')}）",
        )
        for a in counted
    ]
    return [
        Verdict(rule.id, period, state, len(counted), allowed, evidence, missing, countdown=False)
    ]


def unexcused_absence(
    ctx: Context, rule: schema.UnexcusedAbsence, subject: Subject
) -> list[Verdict]:
    if subject.kind != "trainee":
        return []
    period = ctx.calendar(subject).periods("cycle")[0]
    counted = _absences(ctx, subject, with_leave=False)
    if len(counted) > rule.at_most:
        state = State.MISSED
    elif ctx.as_of < period.start:
        state = State.NOT_DUE
    else:
        state = State.MET
    evidence = [
        Evidence("attendance", a.activity_id, a.date, f"{a.title}（{_('缺勤')}）") for a in counted
    ]
    missing = ""
    if state is State.MISSED:
        missing = _("未经同意缺席 %(n)d 次") % {"n": len(counted)}
    return [Verdict(rule.id, period, state, len(counted), rule.at_most, evidence, missing)]


def curriculum_hours(ctx: Context, rule: schema.CurriculumHours, subject: Subject) -> list[Verdict]:
    curriculum = ctx.spec.curriculum
    if subject.kind != "trainee" or curriculum is None:
        return []
    topics = [t for t in curriculum.topics if not rule.topics or t.code in rule.topics]
    hours = ctx.facts.hours.get(subject.id, {})
    period = ctx.calendar(subject).periods("cycle")[0]
    done = {t.code: min(hours.get(t.code, Decimal(0)), Decimal(t.hours)) for t in topics}
    short = [t for t in topics if done[t.code] < t.hours]
    state = judge(not short, period, ctx.as_of)
    evidence = [
        Evidence(
            "credit",
            None,
            None,
            f"{t.name} {hours.get(t.code, Decimal(0)):g}/{t.hours} " + _("学时"),
        )
        for t in topics
    ]
    missing = ""
    if short:
        missing = _("尚缺：%(gaps)s") % {
            "gaps": _("；").join(
                _("“%(topic)s”%(hours)g 学时") % {"topic": t.name, "hours": t.hours - done[t.code]}
                for t in short
            )
        }
    required = sum(t.hours for t in topics)
    return [Verdict(rule.id, period, state, float(sum(done.values())), required, evidence, missing)]


def talks(ctx: Context, rule: schema.Talks, subject: Subject) -> list[Verdict]:
    types = set(rule.activity_types)
    source = ctx.facts.talks if subject.kind == "trainee" else ctx.facts.activities
    items = [
        a
        for a in source.get(subject.id, [])
        if a.type in types and level_at_least(a.level, rule.min_level)
    ]
    what = _("在%(level)s及以上论坛作报告或展示") % {"level": level_label(rule.min_level)}
    return _count_verdicts(
        ctx, rule, subject, items, what=what, at_least=rule.at_least, evidence=_activity_evidence
    )


def paired_support(ctx: Context, rule: schema.PairedSupport, subject: Subject) -> list[Verdict]:
    types = set(rule.activity_types)
    items = [
        a
        for a in _organised_or_attended(ctx, subject)
        if a.type in types
        and (
            not rule.partner_regions_only
            or (ctx.partner_prefixes and a.place_region.startswith(ctx.partner_prefixes))
        )
    ]
    what = _("开展对口支援地区学校的结对帮扶") if rule.partner_regions_only else _("开展结对帮扶")
    return _count_verdicts(
        ctx, rule, subject, items, what=what, at_least=rule.at_least, evidence=_activity_evidence
    )


def member_count(ctx: Context, rule: schema.MemberCount, subject: Subject) -> list[Verdict]:
    """A standing requirement: outside the bounds today is a failure today."""
    if subject.kind != "studio" or ctx.spec.members is None:
        return []
    period = ctx.calendar(subject).periods("cycle")[0]
    on = min(ctx.as_of, period.end)
    members = [m for m in ctx.facts.members.get(subject.id, []) if m.serves_on(on)]
    low, high = ctx.spec.members.min or 0, ctx.spec.members.max or 10**6
    if ctx.as_of < period.start:
        state = State.NOT_DUE
    else:
        state = State.MET if low <= len(members) <= high else State.MISSED
    missing = ""
    if state is State.MISSED:
        missing = _("现有成员 %(n)d 人，应为 %(low)d—%(high)d 人") % {
            "n": len(members),
            "low": low,
            "high": high,
        }
    evidence = [Evidence("member", m.principal_id, m.joined_on, m.name) for m in members]
    return [Verdict(rule.id, period, state, len(members), low, evidence, missing)]


JUDGES: dict[str, Callable[..., list[Verdict]]] = {
    "activity_count": activity_count,
    "member_school_visits": member_school_visits,
    "research_projects": research_projects,
    "deliverables": deliverables,
    "absence_ratio": absence_ratio,
    "unexcused_absence": unexcused_absence,
    "curriculum_hours": curriculum_hours,
    "talks": talks,
    "paired_support": paired_support,
    "member_count": member_count,
}
