"""The evaluation of a programme's rules, as ``touyan.compliance.serialise`` writes it."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from .common import Day, Id, ProgrammeRef, Text

StateCode = Literal["met", "not_due", "at_risk", "missed"]
PaceCode = Literal["on_track", "behind", "cannot_be_met"]
PACE = (
    "本期尚在进行且未错过时的进度：on_track（按已过时间或已排活动，进度跟得上）、behind（落后）、"
    "cannot_be_met（剩余时间或已排活动已不足以达成）；本期不在进行或已未达成时为 null"
)


class PeriodOut(Schema):
    kind: str = Field(
        description="week、month、2_months…6_months、quarter、semester、school_year、"
        "calendar_year、year、stage 或 cycle"
    )
    key: str
    label: str
    start: dt.date
    end: dt.date


class EvidenceOut(Schema):
    kind: str = Field(
        description="activity、deliverable、project、outcome、attendance、credit、member"
    )
    id: int | None
    date: dt.date | None
    label: str


class VerdictOut(Schema):
    period: PeriodOut
    state: StateCode
    pace: PaceCode | None = Field(None, description=PACE)
    count: float
    required: float
    missing: str
    note: str = Field("", description="进度落后的原因，或缺勤上限还剩多少（“还可缺勤 6 学时……”）")
    evidence: list[EvidenceOut]


class CellOut(Schema):
    state: StateCode
    pace: PaceCode | None = Field(None, description="当前期的进度；" + PACE)
    missed_periods: int
    next_step: str
    current: VerdictOut | None
    verdicts: list[VerdictOut] = Field(default_factory=list, description="detail=false 时为空")


class SubjectOut(Schema):
    kind: str = Field(description="studio 或 trainee")
    id: int
    name: str
    region: str
    detail: str
    cells: dict[str, CellOut] = Field(description="按规则 id 索引")


class RuleInfoOut(Schema):
    id: str
    clause: str
    kind: str
    period: str
    title: str
    requirement: str
    on_missed: str
    unit: Literal["sessions", "hours", "days", "months"] | None = Field(
        None,
        description="计量单位：缺勤与出勤规则为 sessions（场次）或 hours（学时），"
        "累计时长规则为 days（天）或 months（月）；其他规则为 null",
    )


class PolicyVersionRef(Schema):
    slug: str
    version: int


class EvaluationOut(Schema):
    programme: ProgrammeRef
    as_of: dt.date
    policy: PolicyVersionRef
    totals: dict[str, int] = Field(description="所列各格按状态计数")
    rules: list[RuleInfoOut]
    subjects: list[SubjectOut]


class ComplianceFilters(Schema):
    as_of: Day | None = Field(None, description="评估日期（YYYY-MM-DD），默认今天")
    subject: Id | None = Field(None, description="只看这个工作室或培养人选（编号）")
    rule: Text(64) | None = Field(None, description="只看这条规则（规则 id）")
    state: StateCode | None = Field(None, description="只看这个状态的格子")
    pace: PaceCode | None = Field(None, description="只看当前期为这个进度的格子")
    detail: bool = Field(True, description="false 时省略各期的判定，只给当前期")
