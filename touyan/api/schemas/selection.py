"""What the selection endpoints accept and return."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from ninja import Field, Path, Schema

from touyan.selection.services.applications import MAX_STATEMENT

from .common import MAX_ID, Id, ProgrammeRef, RegionOut, SchoolOut, Text

CallId = Path(..., ge=1, le=MAX_ID, description="遴选通知编号")
ApplicationId = Path(..., ge=1, le=MAX_ID, description="申报编号")
ReviewId = Path(..., ge=1, le=MAX_ID, description="评审任务编号")
DistrictCode = Path(..., pattern=r"^\d{6}$", description="区县的六位行政区划代码，如 330106")

Code = Text(64)


class Choice(Schema):
    code: str
    label: str = Field(description="中文名称")


class CallRef(Schema):
    id: int
    title: str


class CallCohortRef(Schema):
    id: int
    name: str


class ConditionOut(Schema):
    code: str
    kind: str = Field(
        description="post 职务与学校；years_in_post 任职年限；title 职称；"
        "declaration 本人陈述；judgement 专家评议"
    )
    text: str
    clause: str | None


class AttachmentOut(Schema):
    code: str
    name: str
    required: bool


class CriterionOut(Schema):
    code: str
    name: str
    points: int
    guidance: str


class CallOut(Schema):
    id: int
    programme: ProgrammeRef
    kind: str = Field(description="政策中的遴选类别代码")
    kind_name: str
    purpose: str = Field(description="trainees 培养人选；hosts 工作室主持人；members 工作室成员")
    title: str
    stage: Choice = Field(description="draft、open、review、decision、notice、final")
    places: int
    opens_at: dt.datetime
    closes_at: dt.datetime
    district_deadline: dt.datetime | None
    published_at: dt.datetime | None
    accepting: bool = Field(description="此刻是否接受申报")
    district_review: bool = Field(description="是否经区县审核、排序和报送")
    anonymised: bool = Field(description="专家评审时是否隐去申报人姓名和学校")


class CallDetail(CallOut):
    description: str
    cohort: CallCohortRef | None
    competitive: bool = Field(description="是否差额审定")
    experts_per_application: int
    notice_working_days: int
    conditions: list[ConditionOut]
    attachments: list[AttachmentOut]
    rubric: list[CriterionOut]
    full_marks: int


class ApplicantOut(Schema):
    principal_id: int
    name: str
    school: SchoolOut


class ProfileOut(Schema):
    """The registry as it stood when the application was made or submitted."""

    name: str | None = None
    gender: str | None = None
    school: str | None = None
    school_kind: str | None = None
    region: str | None = None
    position: str | None = None
    title: str | None = None
    appointed_on: str | None = None


class FindingOut(Schema):
    code: str
    text: str
    outcome: str = Field(description="met、unmet、experts、judged、declared、missing")
    outcome_label: str
    reason: str


class EvidenceFileOut(Schema):
    id: int
    requirement: str
    requirement_name: str
    name: str = Field(description="原文件名；匿名评审时为空")
    content_type: str
    size: int
    uploaded_at: dt.datetime


class StampOut(Schema):
    """The first review: who, when, for which office, with what note."""

    office: str
    reviewer_name: str
    reviewed_at: dt.datetime
    note: str


class ExpertReviewOut(Schema):
    id: int
    expert: str
    manual: bool
    assigned_at: dt.datetime
    submitted_at: dt.datetime | None
    scores: dict[str, int]
    total: float | None
    comment: str
    recommend: bool | None


class DecisionOut(Schema):
    decided_at: dt.datetime | None
    decided_by: str
    reason: str


class OfficeViewOut(Schema):
    score: float | None = Field(description="专家平均分")
    scored_reviews: int
    reviews: list[ExpertReviewOut]
    decision: DecisionOut | None


class ApplicationOut(Schema):
    id: int
    number: str
    call: CallRef
    status: Choice
    submitted_at: dt.datetime | None
    updated_at: dt.datetime


class ApplicationDetail(ApplicationOut):
    viewed_as: Literal["applicant", "district", "office", "expert"]
    applicant: ApplicantOut | None = Field(description="匿名评审的专家看到的是 null")
    district: RegionOut | None
    route: Choice
    recommending_unit: str
    profile: ProfileOut
    statements: dict[str, str]
    corrections: dict[str, str] | None = Field(description="更正申请；专家看不到")
    eligibility: list[FindingOut]
    outcome: Choice | None
    evidence: list[EvidenceFileOut]
    first_review: StampOut | None
    district_rank: int | None
    my_review: int | None = Field(description="分配给我的评审任务编号（专家）")
    office: OfficeViewOut | None = Field(description="评分与审定，只有组织遴选的单位看得到")


class ApplicationIn(Schema):
    statements: dict[Code, Text(MAX_STATEMENT)] = Field(
        default_factory=dict, max_length=50, description="条件代码 → 陈述"
    )
    corrections: dict[Code, Text(200)] = Field(
        default_factory=dict,
        max_length=10,
        description="申请更正的名册信息：name、position、title、appointed_on、school",
    )
    route: Literal["self", "unit"] = Field("self", description="self 个人自荐；unit 单位推荐")
    recommending_unit: Text(200) = Field("", description="单位推荐时必填")


class DistrictRowOut(Schema):
    id: int
    number: str
    applicant: ApplicantOut
    status: Choice
    outcome: Choice | None
    corrections: list[str] = Field(description="申请更正的字段")
    submitted_at: dt.datetime | None
    district_rank: int | None
    first_review: StampOut | None


class ReviewDecisionIn(Schema):
    decision: Literal["endorse", "return", "reject"] = Field(
        description="endorse 审核通过（盖章）；return 退回修改；reject 不通过"
    )
    note: Text(2000) = Field("", description="审核意见；退回或不通过时必填")


class RankingIn(Schema):
    order: list[Id] = Field(max_length=5000, description="本区县审核通过的全部人选，从前到后")


class RankedOut(Schema):
    district_rank: int
    id: int
    number: str
    name: str


class BatchOut(Schema):
    district: RegionOut
    status: Choice
    submitted_at: dt.datetime | None
    submitter_name: str
    office: str
    candidates: int


class BatchRowOut(Schema):
    district: RegionOut
    pending: int = Field(description="待审核")
    returned: int
    rejected: int
    endorsed: int = Field(description="审核通过（含此后已审定的）")
    total: int
    submitted: bool
    submitted_at: dt.datetime | None
    submitter_name: str
    office: str
    candidates: int


class RankingRowOut(Schema):
    position: int = Field(description="按专家平均分的名次")
    id: int
    number: str
    applicant: ApplicantOut
    district: RegionOut
    district_rank: int | None
    score: float | None
    scored_reviews: int
    outcome: Choice | None
    status: Choice
    decision_reason: str


class DecisionIn(Schema):
    selected: bool = Field(description="true 拟入选；false 不入选")
    reason: Text(2000) = Field(description="审定理由")


class ReviewRowOut(Schema):
    id: int
    call: CallRef
    application: int
    number: str
    applicant_name: str | None = Field(description="匿名评审时为 null")
    assigned_at: dt.datetime
    submitted_at: dt.datetime | None
    total: float | None


class ReviewDetail(ReviewRowOut):
    rubric: list[CriterionOut]
    full_marks: int
    scores: dict[str, int]
    comment: str
    recommend: bool | None
    open: bool = Field(description="是否还能提交评分")
    subject: ApplicationDetail = Field(description="所评审的申报（按专家可见的范围）")


Score = Annotated[int, Field(ge=0, le=1000)]


class ReviewIn(Schema):
    scores: dict[Code, Score] = Field(max_length=50, description="评分项代码 → 得分")
    comment: Text(5000) = Field(description="评审意见")
    recommend: bool | None = Field(None, description="是否建议入选")
