"""The evaluation of a programme's rules, as ``touyan.compliance.serialise`` writes it."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from .common import Day, Id, ProgrammeRef, Text

StateCode = Literal["met", "not_due", "at_risk", "missed"]


class PeriodOut(Schema):
    kind: str = Field(description="month、semester、year 或 cycle")
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
    count: float
    required: float
    missing: str
    evidence: list[EvidenceOut]


class CellOut(Schema):
    state: StateCode
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
    detail: bool = Field(True, description="false 时省略各期的判定，只给当前期")
