"""What the compliance engine returns: for each subject (a studio or a trainee) and each rule,
one verdict per period, each with its evidence or what is missing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

from django.utils.translation import gettext_lazy as _

from touyan.programmes.calendar import Period


class State(StrEnum):
    MET = "met"
    NOT_DUE = "not_due"
    AT_RISK = "at_risk"
    MISSED = "missed"

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self])


STATE_LABELS = {
    State.MET: _("已达成"),
    State.NOT_DUE: _("未到期"),
    State.AT_RISK: _("有风险"),
    State.MISSED: _("未达成"),
}


class Pace(StrEnum):
    """How an open period is going: whether the records so far keep pace with what the rule
    needs by the period's end (docs/compliance.md, "Pace")."""

    ON_TRACK = "on_track"
    BEHIND = "behind"
    CANNOT_BE_MET = "cannot_be_met"

    @property
    def label(self) -> str:
        return str(PACE_LABELS[self])


PACE_LABELS = {
    Pace.ON_TRACK: _("进度正常"),
    Pace.BEHIND: _("进度落后"),
    Pace.CANNOT_BE_MET: _("已无法达成"),
}
PACE_SEVERITY = {Pace.ON_TRACK: 0, Pace.BEHIND: 1, Pace.CANNOT_BE_MET: 2}


# The state a cell shows for several periods: the worst one that matters today.
SEVERITY = {State.MISSED: 3, State.AT_RISK: 2, State.MET: 1, State.NOT_DUE: 0}


class Evidence(NamedTuple):
    kind: str  # activity, deliverable, project, outcome, attendance, credit, member
    id: int | None
    date: dt.date | None
    label: str


@dataclass(frozen=True)
class Subject:
    kind: str  # studio or trainee
    id: int  # Studio.pk or Trainee.pk
    name: str
    region_id: str
    detail: str = ""  # host and school, or school and cohort


@dataclass
class Verdict:
    rule_id: str
    period: Period
    state: State
    count: float  # what was achieved: activities, deliverables, hours, absences …
    required: float  # what the rule asks (a ceiling for absence rules)
    evidence: list[Evidence] = field(default_factory=list)
    missing: str = ""  # what is lacking, in words, when not met
    # Whether "还剩 N 天" makes sense: it does for "at least N by the end of the period", not
    # for ceilings such as absences.
    countdown: bool = True
    # For an open period not yet missed: whether it keeps pace; None for a period not open.
    pace: Pace | None = None
    # Why the pace is what it is, or how much room a ceiling leaves ("还可缺勤 6 学时……").
    note: str = ""


@dataclass
class Cell:
    """One subject × one rule: its verdicts for every period, and a summary for the grid."""

    subject: Subject
    rule_id: str
    verdicts: list[Verdict]
    state: State  # the worst of the periods that have begun (not-due if none has)
    current: Verdict | None  # the verdict of the period open on the as-of date, if any
    missed_periods: int
    next_step: str = ""  # "本月尚未开展专题研讨，还剩 9 天"
    pace: Pace | None = None  # the pace of the period open on the as-of date, if any


@dataclass(frozen=True)
class RuleInfo:
    id: str
    clause: str
    kind: str
    period: str
    title: str  # short column heading
    requirement: str  # one readable sentence
    on_missed: str
    unit: str = ""  # absence rules: "sessions" or "hours"
    per: str = ""  # absence rules of a studio programme: "member" (members within / members)


# Rules whose number is a ceiling (absences), not a target.
CEILINGS = frozenset({"absence_ratio", "unexcused_absence", "attendance_rate"})


@dataclass
class Evaluation:
    programme_id: int
    policy_version_id: int
    policy_version_number: int
    as_of: dt.date
    rules: list[RuleInfo]
    subjects: list[Subject]
    cells: dict[tuple[int, str], Cell]
    queries: int = 0  # database queries the evaluation ran (reported by benchmarks)

    def counts(self) -> dict[State, int]:
        totals = dict.fromkeys(State, 0)
        for cell in self.cells.values():
            totals[cell.state] += 1
        return totals
