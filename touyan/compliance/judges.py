"""One judge per rule kind: from the loaded facts of one subject, a verdict for each period.

Judges are pure functions over ``Facts``; they never query the database.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from touyan.policies import schema
from touyan.policies.describe import level_label
from touyan.policies.names import shown
from touyan.programmes.calendar import Period, ProgrammeCalendar

from . import pace as pacing
from . import wording
from .facts import ActivityFact, Facts, level_at_least
from .verdicts import Evidence, Pace, State, Subject, Verdict
from .wording import _


@dataclass
class Context:
    spec: schema.Policy
    as_of: dt.date
    facts: Facts
    calendars: dict[int | None, ProgrammeCalendar]  # by cohort id; None for a studio programme
    partner_prefixes: tuple[str, ...]
    _periods: dict = field(default_factory=dict)
    _schedules: dict = field(default_factory=dict)

    def calendar(self, subject: Subject) -> ProgrammeCalendar:
        if subject.kind == "trainee":
            return self.calendars[self.facts.cohort_of[subject.id]]
        return self.calendars[None]

    def periods(self, subject: Subject, rule: schema.Rule) -> list[Period]:
        """The periods of the rule's ``period`` that carry its requirement — not those its
        ``skip_periods`` leaves out, and with ``stages`` only those stages — computed once per
        calendar."""
        cohort = self.facts.cohort_of.get(subject.id) if subject.kind == "trainee" else None
        kind = getattr(rule, "period", "cycle")
        key = (cohort, kind, rule.skip_periods, tuple(rule.stages))
        if key not in self._periods:
            calendar = self.calendar(subject)
            skipped = (
                calendar.touches_exclusion
                if rule.skip_periods == "touching_exclusions"
                else calendar.is_exempt
            )
            periods = [p for p in calendar.periods(kind) if not skipped(p)]
            if kind == "stage" and rule.stages:
                chosen = {
                    index
                    for index, stage in enumerate(self.spec.calendar.stages)
                    if stage.code in rule.stages
                }
                periods = [p for p in periods if p.index in chosen]
            self._periods[key] = periods
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


def is_open(period: Period, as_of: dt.date) -> bool:
    return period.start <= as_of <= period.end


def _schedule(
    ctx: Context, subject: Subject, period: Period, matches, size=lambda s: 1, *, key
) -> tuple[float, float] | None:
    """What the trainee's matching sessions in ``period`` offered so far and still offer;
    None for a studio, or when the cohort has no such session scheduled in the period (then
    pace goes by time). ``key`` names what ``matches`` picks: trainees of a cohort who joined
    the same day share the answer, worked out once — unless some of the cohort's sessions are
    held for part of it."""
    if subject.kind != "trainee" or matches is None:
        return None
    facts = ctx.facts
    cohort = facts.cohort_of[subject.id]
    whose = subject.id if cohort in facts.partial_cohorts else facts.joined_on[subject.id]
    memo = (key, period.key, cohort, whose)
    if memo not in ctx._schedules:
        ctx._schedules[memo] = _offered(ctx, subject, period, matches, size)
    return ctx._schedules[memo]


def _offered(ctx, subject, period, matches, size) -> tuple[float, float] | None:
    held = ahead = 0.0
    for session in ctx.facts.sessions_for(subject.id):
        if period.start <= session.date <= period.end and matches(session):
            if session.date <= ctx.as_of:
                held += size(session)
            else:
                ahead += size(session)
    return (held, ahead) if held or ahead else None


def count_pace(
    ctx: Context,
    subject: Subject,
    period: Period,
    state: State,
    count: float,
    required: float,
    *,
    unit: str = "",
    matches=None,
    key: str = "",
) -> tuple[Pace | None, str]:
    """The pace of a count rule's period and, when it is not on track, why. ``matches`` picks,
    for a trainee, the scheduled sessions that could count (``key`` names them)."""
    if state not in (State.MET, State.AT_RISK) or not is_open(period, ctx.as_of):
        return None, ""
    if state is State.MET:
        return Pace.ON_TRACK, ""
    schedule = _schedule(ctx, subject, period, matches, key=key)
    if schedule is None and subject.kind == "trainee" and matches is not None:
        pace = pacing.unscheduled(period, ctx.as_of)
        return pace, wording.pace_note(pace)
    if schedule is not None:
        held, ahead = schedule
        pace = pacing.by_schedule(count, required, held, ahead)
        share = held / (held + ahead)
        return pace, wording.pace_note(
            pace,
            due=pacing.due_by_now(required, share),
            count=count,
            unit=unit,
            ahead=ahead,
        )
    pace = pacing.by_time(count, required, period, ctx.as_of)
    return pace, wording.pace_note(
        pace,
        due=pacing.due_by_now(required, pacing.share_gone(period, ctx.as_of)),
        count=count,
        unit=unit,
        days=period.days_left(ctx.as_of),
    )


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
    ctx, rule, subject, items, *, what: str, at_least: int, evidence, matches=None
) -> list[Verdict]:
    """``matches`` picks, for a trainee, the scheduled sessions that could count."""
    periods = ctx.periods(subject, rule)
    verdicts = []
    for period, inside in zip(periods, _bucket(periods, items, lambda a: a.date), strict=True):
        state = judge(len(inside) >= at_least, period, ctx.as_of)
        missing = ""
        if state in LACKING:
            missing = wording.count_missing(
                what, len(inside), at_least, still_open=ctx.as_of <= period.end
            )
        pace, note = count_pace(
            ctx, subject, period, state, len(inside), at_least, matches=matches, key=rule.id
        )
        verdicts.append(
            Verdict(
                rule.id,
                period,
                state,
                len(inside),
                at_least,
                evidence(inside),
                missing,
                pace=pace,
                note=note,
            )
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
    # Sessions carry no school flags: a rule about rural or weak schools goes by time.
    matches = None if rule.at_rural_or_weak_school else _of_types(types)
    return _count_verdicts(
        ctx,
        rule,
        subject,
        items,
        what=what,
        at_least=rule.at_least,
        evidence=_activity_evidence,
        matches=matches,
    )


def _of_types(types: set[str]):
    return lambda session: session.type in types


def member_school_visits(
    ctx: Context, rule: schema.MemberSchoolVisits, subject: Subject
) -> list[Verdict]:
    if subject.kind != "studio":
        return []
    # A school counts as diagnosed once its visit's report is recorded (diagnosis.Visit).
    types = set(rule.activity_types)
    items = [v for v in ctx.facts.visits.get(subject.id, []) if v.activity.type in types]
    periods = ctx.periods(subject, rule)
    verdicts = []
    for period, inside in zip(periods, _bucket(periods, items, lambda a: a.date), strict=True):
        found = _each_member(ctx, subject, period, (v.principal_id for v in inside), rule.times)
        missing = ""
        if found.pending and found.state in LACKING:
            missing = _("%(done)d/%(all)d 位成员的学校已%(types)s，尚缺：%(names)s") % {
                "done": found.reached,
                "all": len(found.members),
                "types": wording.type_names(ctx.spec, rule.activity_types),
                "names": _("、").join(m.name for m in found.pending),
            }
        evidence = _activity_evidence([visit.activity for visit in inside])
        verdicts.append(found.verdict(rule, period, evidence, missing))
    return verdicts


@dataclass(frozen=True)
class EachMember:
    """Where the members serving at a period's end (or today) stand against a number each must
    reach in it: a school visited N times, N activities attended."""

    members: list
    counts: Counter  # by principal id
    pending: list  # the members short of it
    state: State
    pace: Pace | None
    note: str

    @property
    def reached(self) -> int:
        return len(self.members) - len(self.pending)

    def verdict(self, rule, period: Period, evidence: list[Evidence], missing: str) -> Verdict:
        return Verdict(
            rule.id,
            period,
            self.state,
            self.reached,
            len(self.members),
            evidence,
            missing,
            pace=self.pace,
            note=self.note,
        )


def _each_member(ctx: Context, subject: Subject, period: Period, principal_ids, needed: int):
    on = min(ctx.as_of, period.end)
    members = [m for m in ctx.facts.members.get(subject.id, []) if m.serves_on(on)]
    counts = Counter(principal_ids)
    pending = [m for m in members if counts[m.principal_id] < needed]
    state = judge(not pending and bool(members), period, ctx.as_of)
    done = sum(min(counts[m.principal_id], needed) for m in members)
    pace, note = count_pace(ctx, subject, period, state, done, len(members) * needed, unit=_("次"))
    return EachMember(members, counts, pending, state, pace, note)


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
    periods = ctx.periods(subject, rule)
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
        pace, note = count_pace(
            ctx, subject, period, state, len(projects), rule.at_least, unit=_("项")
        )
        verdicts.append(
            Verdict(
                rule.id,
                period,
                state,
                len(projects),
                rule.at_least,
                evidence,
                missing,
                pace=pace,
                note=note,
            )
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
    periods = ctx.periods(subject, rule)
    verdicts = []
    for period, inside in zip(
        periods, _bucket(periods, items, lambda d: d.submitted_on, early=True), strict=True
    ):
        if rule.within_days:
            # EX-4: only what came within the first days counts, and the period is due then.
            deadline = min(period.start + dt.timedelta(days=rule.within_days - 1), period.end)
            inside = [d for d in inside if d.submitted_on <= deadline]
            period = _until(period, deadline)
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
            done = sum(min(counts[m.principal_id], rule.at_least) for m in members)
            pace, note = count_pace(
                ctx, subject, period, state, done, len(members) * rule.at_least, unit=_("份")
            )
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
                    pace=pace,
                    note=note,
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
        pace, note = count_pace(
            ctx, subject, period, state, len(enough), rule.at_least, unit=_("份")
        )
        verdicts.append(
            Verdict(
                rule.id,
                period,
                state,
                len(enough),
                rule.at_least,
                evidence,
                missing,
                pace=pace,
                note=note,
            )
        )
    return verdicts


def _until(period: Period, deadline: dt.date) -> Period:
    """The period as a deadline rule sees it: due on ``deadline``, keeping its key and label."""
    return period if deadline >= period.end else dataclasses.replace(period, end=deadline)


def _absences(ctx: Context, subject: Subject, *, with_leave: bool, counts=lambda _type: True):
    rows = ctx.facts.absences.get(subject.id, [])
    return [
        a
        for a in rows
        if counts(a.type) and (a.status == "absent" or (with_leave and a.status == "leave"))
    ]


def _session_types(rule) -> Callable[[str], bool]:
    """Whether a session of this activity type counts under an absence or attendance rule."""
    types = frozenset(rule.activity_types)
    return (lambda kind: kind in types) if types else (lambda _kind: True)


def _size(unit: str) -> Callable:
    """How much one session or one absence weighs: one, or its class hours."""
    if unit == "hours":
        return lambda row: row.hours
    return lambda row: 1


def _absence_missing(rule, counted, used: float, allowed: float, scheduled: float) -> str:
    leave = [a for a in counted if a.status == "leave"]
    if rule.unit == "hours":
        return _(
            "缺勤 %(n)g 学时（含请假 %(leave)g 学时），全部 %(all)g 学时最多可缺 %(allowed)g 学时"
        ) % {
            "n": used,
            "leave": sum(a.hours for a in leave),
            "all": scheduled,
            "allowed": allowed,
        }
    return _("缺勤 %(n)d 次（含请假 %(leave)d 次），全部 %(all)d 场最多可缺 %(allowed)d 次") % {
        "n": used,
        "leave": len(leave),
        "all": scheduled,
        "allowed": allowed,
    }


def _absence_evidence(rule, counted) -> list[Evidence]:
    evidence = []
    for a in counted:
        what = _("请假") if a.status == "leave" else _("缺勤")
        if rule.unit == "hours":
            what = _("%(what)s %(hours)g 学时") % {"what": what, "hours": a.hours}
        evidence.append(Evidence("attendance", a.activity_id, a.date, f"{a.title}（{what}）"))
    return evidence


def absence_ratio(ctx: Context, rule: schema.AbsenceRatio, subject: Subject) -> list[Verdict]:
    """Absences over every session scheduled for the trainee in the cycle — the future ones
    too, so a trainee cannot look fine by being marked on few sessions — from the day they
    joined; in sessions or in class hours (``unit``). A session held for some only (a mentor
    team's, for those who came) cannot be missed, so it neither counts nor raises the limit.
    For a studio, the same ceiling for each of its members (``_members_absence_ratio``)."""
    if subject.kind == "studio":
        return _members_absence_ratio(ctx, rule, subject)
    if subject.kind != "trainee":
        return []
    period = ctx.calendar(subject).periods("cycle")[0]
    size = _size(rule.unit)
    counts = _session_types(rule)
    sessions = [
        s for s in ctx.facts.sessions_for(subject.id) if s.audience is None and counts(s.type)
    ]
    ahead = [s for s in sessions if s.date > ctx.as_of]
    scheduled = round(sum(size(s) for s in sessions), 1)
    held = scheduled - round(sum(size(s) for s in ahead), 1)
    counted = _absences(ctx, subject, with_leave=rule.leave_counts_as_absence, counts=counts)
    used = round(sum(size(a) for a in counted), 1)
    allowed = math.floor(rule.limit * Fraction(str(scheduled)))
    left = allowed - used
    # "One more absence": a session, or the hours of the longest session still to come.
    one_more = max((size(s) for s in ahead or sessions), default=1)
    if used > allowed:
        state = State.MISSED
    elif ctx.as_of < period.start:
        state = State.NOT_DUE
    elif counted and left <= one_more and ctx.as_of <= period.end:
        state = State.AT_RISK
    else:
        state = State.MET
    pace, note = None, ""
    if state in (State.MET, State.AT_RISK) and is_open(period, ctx.as_of):
        # Behind: one more absence away from the limit, or using the allowance faster than
        # the course goes (more than its share of the sessions held so far).
        share = held / scheduled if scheduled else 1
        spending = used > allowed * share
        pace = Pace.BEHIND if state is State.AT_RISK or spending else Pace.ON_TRACK
        if scheduled:  # with nothing scheduled (or no class hours) there is no room to tell
            note = wording.headroom(
                left, hours=rule.unit == "hours", review=rule.on_missed == "removal_review"
            )
    missing = ""
    if state in (State.MISSED, State.AT_RISK):
        missing = _absence_missing(rule, counted, used, allowed, scheduled)
    return [
        Verdict(
            rule.id,
            period,
            state,
            used,
            allowed,
            _absence_evidence(rule, counted),
            missing,
            countdown=False,
            pace=pace,
            note=note,
        )
    ]


@dataclass(frozen=True)
class MemberAbsence:
    """One member's absences from the studio's activities held while they were a member."""

    name: str
    used: float  # absences counted (with leave, if the rule says so), in sessions or hours
    leave: float  # of which approved leave
    held: float  # the activities held for them, in sessions or hours
    rows: tuple  # the absence facts counted

    def over(self, limit: Fraction) -> bool:
        return Fraction(str(self.used)) > limit * Fraction(str(self.held))


def member_absences(ctx: Context, rule: schema.AbsenceRatio, subject: Subject, member):
    size = _size(rule.unit)

    def during(day: dt.date) -> bool:
        return member.joined_on <= day and (member.left_on is None or day <= member.left_on)

    counts = _session_types(rule)
    held = sum(
        size(s)
        for s in ctx.facts.studio_sessions.get(subject.id, EMPTY)
        if during(s.date)
        and counts(s.type)
        and (s.audience is None or member.principal_id in s.audience)
    )
    counted = tuple(
        a
        for a in ctx.facts.absences.get(subject.id, EMPTY)
        if a.principal_id == member.principal_id
        and counts(a.type)
        and during(a.date)
        and (a.status == "absent" or (rule.leave_counts_as_absence and a.status == "leave"))
    )
    return MemberAbsence(
        member.name,
        round(sum(size(a) for a in counted), 1),
        round(sum(size(a) for a in counted if a.status == "leave"), 1),
        round(held, 1),
        counted,
    )


def _members_absence_ratio(
    ctx: Context, rule: schema.AbsenceRatio, subject: Subject
) -> list[Verdict]:
    """HN-4.3.1: each member's absences over the studio's activities held so far while they
    were a member (studio activities are recorded once held, not scheduled ahead) at most the
    rule's share. The studio's verdict counts the members within it and names the others; over
    the share while the cycle runs is at risk, at its end missed."""
    period = ctx.calendar(subject).periods("cycle")[0]
    on = min(ctx.as_of, period.end)
    members = [m for m in ctx.facts.members.get(subject.id, []) if m.serves_on(on)]
    found = [member_absences(ctx, rule, subject, m) for m in members]
    over = [f for f in found if f.over(rule.limit)]
    if ctx.as_of < period.start:
        state = State.NOT_DUE
    elif not over:
        state = State.MET
    else:
        state = State.MISSED if ctx.as_of > period.end else State.AT_RISK
    missing = ""
    if state in LACKING:
        hours = rule.unit == "hours"
        missing = _("%(done)d/%(all)d 位成员出勤达到要求，未达到：%(names)s") % {
            "done": len(found) - len(over),
            "all": len(found),
            "names": _("、").join(_member_shortfall(f, hours=hours) for f in over),
        }
    pace = None
    if state in (State.MET, State.AT_RISK) and is_open(period, ctx.as_of):
        pace = Pace.ON_TRACK if state is State.MET else Pace.BEHIND
    evidence = [
        Evidence("attendance", a.activity_id, a.date, f"{f.name}：{a.title}（{_status(a)}）")
        for f in over
        for a in f.rows
    ]
    return [
        Verdict(
            rule.id,
            period,
            state,
            len(found) - len(over),
            len(found),
            evidence,
            missing,
            countdown=False,
            pace=pace,
        )
    ]


def _status(absence) -> str:
    return _("请假") if absence.status == "leave" else _("缺勤")


def _member_shortfall(found: MemberAbsence, *, hours: bool) -> str:
    if hours:
        return _("%(name)s（缺勤 %(n)g 学时，含请假 %(leave)g 学时，共 %(all)g 学时）") % {
            "name": found.name,
            "n": found.used,
            "leave": found.leave,
            "all": found.held,
        }
    return _("%(name)s（缺勤 %(n)g 次，含请假 %(leave)g 次，共 %(all)g 次活动）") % {
        "name": found.name,
        "n": found.used,
        "leave": found.leave,
        "all": found.held,
    }


def unexcused_absence(
    ctx: Context, rule: schema.UnexcusedAbsence, subject: Subject
) -> list[Verdict]:
    if subject.kind != "trainee":
        return []
    period = ctx.calendar(subject).periods("cycle")[0]
    counted = _absences(ctx, subject, with_leave=False)
    used = round(sum(_size(rule.unit)(a) for a in counted), 1)
    if used > rule.at_most:
        state = State.MISSED
    elif ctx.as_of < period.start:
        state = State.NOT_DUE
    else:
        state = State.MET
    missing = ""
    if state is State.MISSED:
        missing = _("未经同意缺席 %(n)d 次") % {"n": len(counted)}
        if rule.unit == "hours":
            missing = _("未经同意缺席 %(n)d 次，共 %(hours)g 学时") % {
                "n": len(counted),
                "hours": used,
            }
    pace, note = None, ""
    if state is State.MET and is_open(period, ctx.as_of):
        pace = Pace.ON_TRACK
        if rule.at_most:  # with none allowed, the requirement says it all
            note = wording.headroom(
                rule.at_most - used,
                hours=rule.unit == "hours",
                review=rule.on_missed == "removal_review",
            )
    return [
        Verdict(
            rule.id,
            period,
            state,
            used,
            rule.at_most,
            _absence_evidence(rule, counted),
            missing,
            pace=pace,
            note=note,
        )
    ]


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
            f"{shown(t)} {hours.get(t.code, Decimal(0)):g}/{t.hours} " + _("学时"),
        )
        for t in topics
    ]
    missing = ""
    if short:
        missing = _("尚缺：%(gaps)s") % {
            "gaps": _("；").join(
                _("“%(topic)s”%(hours)g 学时")
                % {"topic": shown(t), "hours": t.hours - done[t.code]}
                for t in short
            )
        }
    pace, note = None, ""
    if state in (State.MET, State.AT_RISK) and is_open(period, ctx.as_of):
        pace, note = _curriculum_pace(ctx, subject, period, short, done)
    required = sum(t.hours for t in topics)
    return [
        Verdict(
            rule.id,
            period,
            state,
            float(sum(done.values())),
            required,
            evidence,
            missing,
            pace=pace,
            note=note,
        )
    ]


def _curriculum_pace(ctx, subject, period, short, done) -> tuple[Pace, str]:
    """Each topic's hours against the hours its sessions offered so far and still offer; the
    worst topic decides."""
    by_topic: dict[str, Pace] = {}
    for topic in short:
        schedule = _schedule(
            ctx,
            subject,
            period,
            lambda s, code=topic.code: s.topic == code,
            lambda s: s.hours,
            key=f"topic:{topic.code}",
        )
        count = float(done[topic.code])
        if schedule is None:
            by_topic[shown(topic)] = pacing.unscheduled(period, ctx.as_of)
        else:
            by_topic[shown(topic)] = pacing.by_schedule(count, topic.hours, *schedule)
    pace = pacing.worst(by_topic.values())
    names = _("、").join(
        _("“%(name)s”") % {"name": name} for name, p in by_topic.items() if p is pace
    )
    if pace is Pace.CANNOT_BE_MET:
        return pace, _("其后排定的课程不足以修满%(topics)s，需补学或学时认定") % {"topics": names}
    if pace is Pace.BEHIND:
        return pace, _("%(topics)s修得的学时落后于已举行的课程") % {"topics": names}
    return pace, ""


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
        ctx,
        rule,
        subject,
        items,
        what=what,
        at_least=rule.at_least,
        evidence=_activity_evidence,
        matches=lambda s: s.type in types and level_at_least(s.level, rule.min_level),
    )


def paired_support(ctx: Context, rule: schema.PairedSupport, subject: Subject) -> list[Verdict]:
    types = set(rule.activity_types)
    items = [
        a
        for a in _organised_or_attended(ctx, subject)
        if a.type in types and _in_partner_region(ctx, rule, a.place_region)
    ]
    what = _("开展对口支援地区学校的结对帮扶") if rule.partner_regions_only else _("开展结对帮扶")
    return _count_verdicts(
        ctx,
        rule,
        subject,
        items,
        what=what,
        at_least=rule.at_least,
        evidence=_activity_evidence,
        matches=lambda s: s.type in types and _in_partner_region(ctx, rule, s.place_region),
    )


def _in_partner_region(ctx: Context, rule: schema.PairedSupport, region: str) -> bool:
    if not rule.partner_regions_only:
        return True
    return bool(ctx.partner_prefixes) and region.startswith(ctx.partner_prefixes)


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
    # A standing requirement: within the bounds today is on track; outside them is missed.
    pace = Pace.ON_TRACK if state is State.MET and is_open(period, ctx.as_of) else None
    return [Verdict(rule.id, period, state, len(members), low, evidence, missing, pace=pace)]


def funds_earmark(ctx: Context, rule: schema.FundsEarmark, subject: Subject) -> list[Verdict]:
    """A standing requirement over the cycle (HN-6.1): every standing expense in a category its
    source (and budget) allows and entered without a warning, and no budget below zero."""
    funding = ctx.spec.funding
    if subject.kind != "studio" or funding is None:
        return []
    wanted = set(rule.sources) or {s.code for s in funding.sources if s.holder == "studio"}
    period = ctx.calendar(subject).periods("cycle")[0]
    offending = []
    for expense in ctx.facts.expenses.get(subject.id, []):
        if expense.source not in wanted:
            continue
        source = funding.source(expense.source)
        allowed = source is not None and expense.category in source.categories
        if expense.budget_category and expense.category != expense.budget_category:
            allowed = False
        if not allowed or expense.warnings:
            offending.append(expense)
    overdrawn = [row for row in ctx.facts.overdrawn.get(subject.id, []) if row[0] in wanted]
    problems = len(offending) + len(overdrawn)
    if ctx.as_of < period.start and not problems:
        state = State.NOT_DUE
    else:
        state = State.MISSED if problems else State.MET
    missing = ""
    if state is State.MISSED:
        parts = []
        if offending:
            parts.append(_("%(n)d 笔支出不符合专款专用") % {"n": len(offending)})
        if overdrawn:
            parts.append(_("%(n)d 个预算余额为负") % {"n": len(overdrawn)})
        missing = "；".join(parts)
    evidence = [Evidence("expense", e.id, e.spent_on, e.payee) for e in offending]
    pace = Pace.ON_TRACK if state is State.MET and is_open(period, ctx.as_of) else None
    return [
        Verdict(rule.id, period, state, problems, 0, evidence, missing, countdown=False, pace=pace)
    ]


def site_freshness(ctx: Context, rule: schema.SiteFreshness, subject: Subject) -> list[Verdict]:
    """At least N posts published on the studio's public site in every period (HN-4.1.6), in
    the rule's columns when it names some."""
    if subject.kind != "studio":
        return []
    columns = set(rule.columns)
    items = [p for p in ctx.facts.posts.get(subject.id, []) if not columns or p.column in columns]
    return _count_verdicts(
        ctx,
        rule,
        subject,
        items,
        what=_("在工作室网站发布文章"),
        at_least=rule.at_least,
        evidence=lambda posts: [Evidence("post", p.id, p.date, p.title) for p in posts],
    )


# EX-6, EX-7, EX-9, EX-10 ------------------------------------------------------------------


def _days_in(items: Iterable[ActivityFact], start: dt.date, end: dt.date) -> dict[int, int]:
    """The days of ``start``..``end`` each activity brought, an overlapping day counted once,
    for the activity that began first."""
    seen: set[dt.date] = set()
    brought: dict[int, int] = {}
    for item in sorted(items, key=lambda a: (a.date, a.id)):
        day, last = max(item.date, start), min(item.last_day, end)
        fresh = 0
        while day <= last:
            if day not in seen:
                seen.add(day)
                fresh += 1
            day += dt.timedelta(days=1)
        if fresh:
            brought[item.id] = fresh
    return brought


def cumulative_duration(
    ctx: Context, rule: schema.CumulativeDuration, subject: Subject
) -> list[Verdict]:
    """EX-6: the days spent in activities of the types the subject took part in (organised, for
    a studio; attended, for a trainee), each activity from its date to its end date, days that
    overlap counted once, only days up to the day of evaluation."""
    types = set(rule.activity_types)
    items = [a for a in _organised_or_attended(ctx, subject) if a.type in types]
    months = rule.unit == "months"
    required = rule.days_required
    verdicts = []
    for period in ctx.periods(subject, rule):
        inside = [a for a in items if a.date <= period.end and a.last_day >= period.start]
        brought = _days_in(inside, period.start, min(period.end, ctx.as_of))
        days = sum(brought.values())
        state = judge(days >= required, period, ctx.as_of)
        shown_count = round(days / 30, 1) if months else days
        unit = _("个月") if months else _("天")
        missing = ""
        if state in LACKING:
            missing = wording.count_missing(
                _("参加%(types)s") % {"types": wording.type_names(ctx.spec, rule.activity_types)},
                shown_count,
                rule.at_least,
                still_open=ctx.as_of <= period.end,
                unit=unit,
            )
        pace, note = None, ""
        if state in (State.MET, State.AT_RISK) and is_open(period, ctx.as_of):
            pace = pacing.by_time(days, required, period, ctx.as_of)
            note = wording.pace_note(
                pace,
                due=pacing.due_by_now(required, pacing.share_gone(period, ctx.as_of)),
                count=days,
                unit=_("天"),
                days=period.days_left(ctx.as_of),
            )
        evidence = [
            Evidence(
                "activity",
                a.id,
                a.date,
                _("%(title)s（%(days)d 天）") % {"title": a.title, "days": brought[a.id]},
            )
            for a in inside
            if a.id in brought
        ]
        verdicts.append(
            Verdict(
                rule.id,
                period,
                state,
                shown_count,
                rule.at_least,
                evidence,
                missing,
                pace=pace,
                note=note,
            )
        )
    return verdicts


def member_attendance(
    ctx: Context, rule: schema.MemberAttendance, subject: Subject
) -> list[Verdict]:
    """Every member serving at the period's end (or today) present at N or more of the studio's
    activities (of the rule's types; none: any) in every period."""
    if subject.kind != "studio":
        return []
    types = set(rule.activity_types)
    items = [p for p in ctx.facts.presence.get(subject.id, EMPTY) if not types or p.type in types]
    periods = ctx.periods(subject, rule)
    verdicts = []
    for period, inside in zip(periods, _bucket(periods, items, lambda p: p.date), strict=True):
        found = _each_member(ctx, subject, period, (p.principal_id for p in inside), rule.at_least)
        missing = ""
        if found.pending and found.state in LACKING:
            missing = _("%(done)d/%(all)d 位成员出勤已满 %(n)d 次，尚缺：%(names)s") % {
                "done": found.reached,
                "all": len(found.members),
                "n": rule.at_least,
                "names": _("、").join(
                    _("%(name)s（%(count)d 次）")
                    % {"name": m.name, "count": found.counts[m.principal_id]}
                    for m in found.pending
                ),
            }
        names = {m.principal_id: m.name for m in found.members}
        evidence = [
            Evidence("attendance", p.activity_id, p.date, f"{names[p.principal_id]}：{p.title}")
            for p in inside
            if p.principal_id in names
        ]
        verdicts.append(found.verdict(rule, period, evidence, missing))
    return verdicts


def attendance_rate(ctx: Context, rule: schema.AttendanceRate, subject: Subject) -> list[Verdict]:
    """EX-10: attendance at least a share of what was scheduled — the absence ceiling read the
    other way round (``rule.limit`` is the share of absences it leaves)."""
    return absence_ratio(ctx, rule, subject)


def link_schools(ctx: Context, rule: schema.LinkSchools, subject: Subject) -> list[Verdict]:
    """EX-7: in every period, at least ``schools_at_least`` link schools standing, and at least
    ``at_least`` activities of the types at each school that stood in it (organised, for a
    studio; attended, for a trainee, with the school as the activity's place)."""
    types = set(rule.activity_types)
    items = [
        a
        for a in _organised_or_attended(ctx, subject)
        if a.type in types and a.place_school_id is not None
    ]
    links = ctx.facts.links.get(subject.id, EMPTY)
    periods = ctx.periods(subject, rule)
    verdicts = []
    for period, inside in zip(periods, _bucket(periods, items, lambda a: a.date), strict=True):
        standing = {}
        for link in links:
            if link.stands_during(period.start, period.end):
                standing.setdefault(link.school_id, link)
        at = Counter(a.place_school_id for a in inside)
        pending = [link for link in standing.values() if at[link.school_id] < rule.at_least]
        enough = len(standing) >= rule.schools_at_least
        state = judge(enough and not pending, period, ctx.as_of)
        required = max(rule.schools_at_least, len(standing)) * rule.at_least
        done = sum(min(at[link.school_id], rule.at_least) for link in standing.values())
        pace, note = count_pace(ctx, subject, period, state, done, required, unit=_("次"))
        missing = ""
        if state in LACKING:
            parts = []
            if not enough:
                parts.append(
                    _("已确定联系学校 %(n)d 所，应至少 %(least)d 所")
                    % {"n": len(standing), "least": rule.schools_at_least}
                )
            if pending:
                parts.append(
                    _("尚缺在以下学校开展%(types)s：%(schools)s")
                    % {
                        "types": wording.type_names(ctx.spec, rule.activity_types),
                        "schools": _("、").join(
                            _("%(school)s（%(n)d/%(least)d 次）")
                            % {
                                "school": link.school,
                                "n": at[link.school_id],
                                "least": rule.at_least,
                            }
                            for link in pending
                        ),
                    }
                )
            missing = _("；").join(parts)
        evidence = [
            Evidence("activity", a.id, a.date, a.title)
            for a in inside
            if a.place_school_id in standing
        ]
        verdicts.append(
            Verdict(
                rule.id,
                period,
                state,
                len(standing) - len(pending),
                max(rule.schools_at_least, len(standing)),
                evidence,
                missing,
                pace=pace,
                note=note,
            )
        )
    return verdicts


def _stage(ctx: Context, subject: Subject, code: str) -> Period | None:
    """The subject's calendar period of the stage ``code``: a stage period's ``index`` is its
    place among ``[[calendar.stages]]`` (a stage the cycle does not reach has none)."""
    index = next((i for i, s in enumerate(ctx.spec.calendar.stages) if s.code == code), None)
    return next((p for p in ctx.calendar(subject).periods("stage") if p.index == index), None)


def assessment_milestone(
    ctx: Context, rule: schema.AssessmentMilestone, subject: Subject
) -> list[Verdict]:
    """EX-9: judged once, for the stage: met when the round of that code covering the stage is
    published by the stage's end and (when the rule names a kind) the subject submitted a
    deliverable of that kind within the stage. At risk while the stage runs, missed after it."""
    period = _stage(ctx, subject, rule.stage)
    if period is None:
        return []
    cohort = ctx.facts.cohort_of.get(subject.id) if subject.kind == "trainee" else None
    rounds = [
        r
        for r in ctx.facts.rounds
        if r.code == rule.round
        and r.cohort_id in (None, cohort)
        and r.period_starts <= period.end
        and r.period_ends >= period.start
    ]
    announced = [r for r in rounds if r.published_on is not None]
    published = next((r for r in announced if r.published_on <= period.end), None)
    evidence: list[Evidence] = []
    parts_done, parts = (1 if published else 0), 1
    missing_parts = []
    if published is not None:
        evidence.append(
            Evidence(
                "round",
                published.id,
                published.published_on,
                _("%(round)s 已于 %(day)s 公布结果")
                % {"round": published.name, "day": f"{published.published_on:%Y-%m-%d}"},
            )
        )
    else:
        round_spec = ctx.spec.assessment.round(rule.round) if ctx.spec.assessment else None
        name = shown(round_spec) if round_spec else rule.round
        if announced:  # only after the stage's end
            missing_parts.append(
                _("“%(round)s”于 %(day)s 公布结果，晚于本阶段结束")
                % {"round": name, "day": f"{announced[0].published_on:%Y-%m-%d}"}
            )
        else:
            missing_parts.append(_("“%(round)s”尚未公布结果") % {"round": name})
    if rule.deliverable_kind:
        parts += 1
        items = [
            d
            for d in ctx.facts.deliverables.get(subject.id, EMPTY)
            if d.kind == rule.deliverable_kind and period.contains(d.submitted_on)
        ]
        if subject.kind == "studio":
            host = ctx.facts.hosts.get(subject.id)
            items = [d for d in items if d.principal_id in (None, host)]
        if items:
            parts_done += 1
            evidence += [Evidence("deliverable", d.id, d.submitted_on, d.title) for d in items]
        else:
            missing_parts.append(
                _("尚未提交“%(kind)s”")
                % {"kind": wording.deliverable_name(ctx.spec, rule.deliverable_kind)}
            )
    state = judge(parts_done == parts, period, ctx.as_of)
    pace, note = count_pace(ctx, subject, period, state, parts_done, parts, unit=_("项"))
    missing = _("；").join(missing_parts) if state in LACKING else ""
    return [
        Verdict(rule.id, period, state, parts_done, parts, evidence, missing, pace=pace, note=note)
    ]


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
    "funds_earmark": funds_earmark,
    "site_freshness": site_freshness,
    "cumulative_duration": cumulative_duration,
    "member_attendance": member_attendance,
    "attendance_rate": attendance_rate,
    "link_schools": link_schools,
    "assessment_milestone": assessment_milestone,
}
