"""The schema of a policy document (TOML), written with pydantic.

Every model forbids unknown keys. Rules are a tagged union on ``kind``. This module only says
what one field may hold; the checks that need the whole document (unique ids, references,
periods against the cycle, curriculum totals) live in ``checks.py`` so that each problem can be
reported at the exact key it is about.
"""

from __future__ import annotations

import datetime as dt
import re
from fractions import Fraction
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

# A rule's period (docs/policies.md, "Periods and stages"); "year" is the cycle year.
Period = Literal[
    "week",
    "month",
    "2_months",
    "3_months",
    "4_months",
    "5_months",
    "6_months",
    "quarter",
    "semester",
    "school_year",
    "calendar_year",
    "year",
    "stage",
    "cycle",
]
SkipPeriods = Literal["inside_exclusions", "touching_exclusions"]
Level = Literal["school", "district", "city", "province", "national"]
LEVEL_ORDER: tuple[str, ...] = ("school", "district", "city", "province", "national")
OutcomeKind = Literal["paper", "monograph", "report", "award", "publication"]
Consequence = Literal["none", "commend", "revoke", "certify"]
OnMissed = Literal["none", "removal_review"]

_CLAUSE = re.compile(r"^[A-Z]{2,4}-[0-9A-Z]+(\.[0-9A-Z]+)*(\([0-9]+\))?$")
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_CERTIFICATE_PREFIX = re.compile(r"^[A-Z][A-Z0-9]{1,11}$")
_RULE_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


def _clause(value: str) -> str:
    if not _CLAUSE.match(value):
        raise PydanticCustomError("touyan_clause", "bad clause id {value}", {"value": value})
    return value


def _code(value: str) -> str:
    if not _CODE.match(value):
        raise PydanticCustomError("touyan_code", "bad code {value}", {"value": value})
    return value


def _certificate_prefix(value: str) -> str:
    if not _CERTIFICATE_PREFIX.match(value):
        raise PydanticCustomError(
            "touyan_certificate_prefix", "bad certificate prefix {value}", {"value": value}
        )
    return value


def _slug(value: str) -> str:
    if not _SLUG.match(value):
        raise PydanticCustomError("touyan_slug", "bad slug {value}", {"value": value})
    return value


def _rule_id(value: str) -> str:
    if not _RULE_ID.match(value):
        raise PydanticCustomError("touyan_rule_id", "bad rule id {value}", {"value": value})
    return value


def _region(value: str) -> str:
    if not (len(value) == 6 and value.isascii() and value.isdigit()):
        raise PydanticCustomError("touyan_region", "bad region code {value}", {"value": value})
    return value


def _month_day(value: str) -> str:
    try:
        if not re.fullmatch(r"\d\d-\d\d", value):
            raise ValueError
        dt.date.fromisoformat(f"2000-{value}")  # a leap year: 02-29 is a valid day
    except ValueError:
        raise PydanticCustomError(
            "touyan_month_day", "bad MM-DD {value}", {"value": value}
        ) from None
    return value


def as_fraction(value: str) -> Fraction:
    """A share written as a fraction ("4/5") or a percentage ("80%")."""
    text = value.replace(" ", "")
    if text.endswith("%"):
        return Fraction(text[:-1]) / 100
    return Fraction(text)


def _fraction(value: str) -> str:
    try:
        number = as_fraction(value)
    except (ValueError, ZeroDivisionError):
        number = None
    if number is None or not 0 <= number <= 1:
        raise PydanticCustomError("touyan_fraction", "bad fraction {value}", {"value": value})
    return value


def _text(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("touyan_blank", "must not be blank", {})
    return value


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _english(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("touyan_blank", "must not be blank", {})
    if _CONTROL.search(value):
        raise PydanticCustomError("touyan_control", "must not hold control characters", {})
    return value


ClauseId = Annotated[str, AfterValidator(_clause)]
Code = Annotated[str, AfterValidator(_code)]
Slug = Annotated[str, AfterValidator(_slug)]
RuleId = Annotated[str, AfterValidator(_rule_id)]
RegionCode = Annotated[str, AfterValidator(_region)]
MonthDay = Annotated[str, AfterValidator(_month_day)]
FractionText = Annotated[str, AfterValidator(_fraction)]
Text = Annotated[str, AfterValidator(_text)]
# The English beside a displayed name (docs/policies.md): optional, shown when English is chosen.
English = Annotated[str, Field(max_length=500), AfterValidator(_english)] | None
Count = Annotated[int, Field(ge=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


# [policy] -----------------------------------------------------------------------------------


class Header(Strict):
    slug: Annotated[Slug, Field(max_length=64)]
    name: Annotated[Text, Field(max_length=200)]
    name_en: English = None
    jurisdiction: RegionCode
    subject: Literal["studio", "trainee"]
    source: Text
    summary: str = ""


# [calendar] ---------------------------------------------------------------------------------


class Semester(Strict):
    name: Text
    name_en: English = None
    start: MonthDay
    end: MonthDay


class ExcludedSpan(Strict):
    """A span of every year that does not count: fixed (``from``/``to``, may wrap the new year)
    or movable (``movable = "spring_festival"`` with days around the festival)."""

    reason: Text
    reason_en: English = None
    from_: MonthDay | None = Field(default=None, alias="from")
    to: MonthDay | None = None
    movable: Literal["spring_festival"] | None = None
    days_before: int = Field(default=0, ge=0, le=60)
    days_after: int = Field(default=0, ge=0, le=60)


class Stage(Strict):
    """A named stretch of the cycle (第一阶段：诊断规划), by semesters or by months of the cycle,
    ``[first, last]`` counted from 1 and inclusive; month 1 starts on the cycle's start date.
    Exactly one of ``semesters`` and ``months`` (checks.py)."""

    code: Code
    name: Text
    name_en: English = None
    semesters: tuple[Count, Count] | None = None
    months: tuple[Count, Count] | None = None


class Calendar(Strict):
    clause: ClauseId | None = None
    cycle_length: Count
    cycle_unit: Literal["years", "months"]
    yearly_themes: bool = False
    semesters: list[Semester] = []
    excluded: list[ExcludedSpan] = []
    school_year_starts: MonthDay = "09-01"
    stages: list[Stage] = []

    @property
    def cycle_months(self) -> int:
        return self.cycle_length * (12 if self.cycle_unit == "years" else 1)


# [members] ----------------------------------------------------------------------------------


class Members(Strict):
    clause: ClauseId
    min: Count | None = None
    max: Count | None = None
    cohorts: Count | None = None
    cohort_size: Count | None = None


# [training] ---------------------------------------------------------------------------------


class Training(Strict):
    """How a training programme runs its course: the days a trainee has to answer a removal
    case (HZ-3.4.1) before the centre decides, and the letters its certificate numbers start
    with (``HZMXZ-2026-01-0007``; by default from the programme's slug)."""

    clause: ClauseId | None = None
    removal_answer_days: int = Field(default=7, ge=1, le=60)
    certificate_prefix: Annotated[str, AfterValidator(_certificate_prefix)] | None = None


# [allocation] -------------------------------------------------------------------------------

Weight = Annotated[int, Field(ge=0, le=10**9)]


class AllocationWeights(Strict):
    """The objective's weights (docs/allocation.md); a weight left out keeps its default."""

    choice_step: Weight | None = None
    unlisted: Weight | None = None
    same_county: Weight | None = None
    same_city: Weight | None = None
    same_province: Weight | None = None
    elsewhere: Weight | None = None
    unassigned: Weight | None = None
    shortfall: Weight | None = None

    def given(self) -> dict[str, int]:
        return self.model_dump(exclude_none=True)


class AllocationRules(Strict):
    """How member applicants are placed in studios (HN-3.6 – HN-3.8): how many studios each
    may rank, and the weights that differ from the defaults."""

    clause: ClauseId
    choices: int = Field(default=5, ge=1, le=20)
    weights: AllocationWeights = AllocationWeights()


# vocabularies -------------------------------------------------------------------------------


class ActivityType(Strict):
    code: Code
    name: Text
    name_en: English = None
    clause: ClauseId | None = None


class DeliverableKind(Strict):
    code: Code
    name: Text
    name_en: English = None
    clause: ClauseId | None = None


# [curriculum] -------------------------------------------------------------------------------


class Topic(Strict):
    code: Code
    name: Text
    name_en: English = None
    hours: Count
    path: str = ""


class Series(Strict):
    name: Text
    name_en: English = None
    topics: list[Topic] = Field(min_length=1)


class Curriculum(Strict):
    clause: ClauseId
    total_hours: Count
    series: list[Series] = Field(min_length=1)

    @property
    def topics(self) -> list[Topic]:
        return [topic for series in self.series for topic in series.topics]


# [[rules]] ----------------------------------------------------------------------------------


class RuleBase(Strict):
    id: RuleId
    clause: ClauseId
    description: Text
    description_en: English = None
    on_missed: OnMissed = "none"
    # With period = "stage": only these stages carry the requirement (none: every stage).
    stages: list[Code] = []
    # Which periods carry no requirement: those wholly inside the calendar's excluded days, or
    # those touching any excluded day (寒暑假所在季度不作要求).
    skip_periods: SkipPeriods = "inside_exclusions"


class ActivityCount(RuleBase):
    """At least N activities of the given types in every period (HN-4.1.1, HN-4.1.4)."""

    kind: Literal["activity_count"]
    activity_types: list[Code] = Field(min_length=1)
    period: Period
    at_least: Count
    at_rural_or_weak_school: bool = False


class MemberSchoolVisits(RuleBase):
    """Every member's school is the place of an activity of the given types (HN-4.1.2)."""

    kind: Literal["member_school_visits"]
    activity_types: list[Code] = Field(min_length=1)
    period: Period = "cycle"
    times: Count = 1


class ResearchProjects(RuleBase):
    """Research projects with outcomes (HN-4.1.3; HZ-3.T)."""

    kind: Literal["research_projects"]
    period: Period = "cycle"
    at_least: Count = 1
    outcome_kinds: list[OutcomeKind] = Field(min_length=1)
    min_level: Level | None = None
    outcome_min_level: Level | None = None
    led_by_subject: bool = False


class Deliverables(RuleBase):
    """At least N deliverables of one kind, optionally of a minimum length (HN-4.3, HZ-3.4.2)."""

    kind: Literal["deliverables"]
    deliverable_kind: Code
    per: Literal["member", "trainee", "studio"]
    period: Period = "cycle"
    at_least: Count = 1
    min_chars: Count | None = None
    # Only items submitted within the first N days of each period count, and the period's
    # verdict is due (missed) N days after it starts (EX-4).
    within_days: Count | None = None


AbsenceUnit = Literal["sessions", "hours"]


class AbsenceRatio(RuleBase):
    """Absences over every scheduled session at most this fraction (HZ-3.4.1(2)), counted in
    sessions (场次) or in class hours (学时, the hours of each session missed)."""

    kind: Literal["absence_ratio"]
    unit: AbsenceUnit = "sessions"
    at_most: FractionText
    leave_counts_as_absence: bool = True
    # Only sessions of these types count, scheduled and missed (none: every session).
    activity_types: list[Code] = []

    @property
    def limit(self) -> Fraction:
        return as_fraction(self.at_most)


class UnexcusedAbsence(RuleBase):
    """Absence without approved leave (HZ-3.4.1(1))."""

    kind: Literal["unexcused_absence"]
    at_most: int = Field(default=0, ge=0)
    unit: AbsenceUnit = "sessions"


class CurriculumHours(RuleBase):
    """The hours of each topic credited by the end of the cycle (HZ-3.2). No topics = all."""

    kind: Literal["curriculum_hours"]
    topics: list[Code] = []


class Talks(RuleBase):
    """Talks at forums of at least a level (HZ-3.T)."""

    kind: Literal["talks"]
    activity_types: list[Code] = Field(min_length=1)
    period: Period = "cycle"
    at_least: Count
    min_level: Level = "city"


class PairedSupport(RuleBase):
    """Paired support with schools, optionally only in partner regions (HZ-3.T)."""

    kind: Literal["paired_support"]
    activity_types: list[Code] = Field(min_length=1)
    period: Period = "cycle"
    at_least: Count = 1
    partner_regions_only: bool = True


class MemberCount(RuleBase):
    """The number of members within the bounds of ``[members]`` (HN-3.7)."""

    kind: Literal["member_count"]


class FundsEarmark(RuleBase):
    """Earmarked funds spent only for their purpose (HN-6.1): none of the studio's expenses,
    net of reversals, in a category its source does not allow, none entered with a warning,
    and no balance below zero. ``sources`` names the sources looked at (none: every source a
    studio holds)."""

    kind: Literal["funds_earmark"]
    sources: list[Code] = []


class SiteFreshness(RuleBase):
    """The studio's public site kept fresh (HN-4.1.6): at least N posts published in every
    period, optionally in some columns only (none: every column of ``[site]``)."""

    kind: Literal["site_freshness"]
    period: Period = "month"
    at_least: Count = 2
    columns: list[Code] = []


class CumulativeDuration(RuleBase):
    """Days (or months of 30 days) spent in activities of the given types the subject took
    part in, at least N in every period (EX-6). An activity lasts from its date to its end date
    inclusive; overlapping activities count once."""

    kind: Literal["cumulative_duration"]
    activity_types: list[Code] = Field(min_length=1)
    at_least: Count
    unit: Literal["days", "months"] = "days"
    period: Period = "cycle"

    @property
    def days_required(self) -> int:
        return self.at_least * (30 if self.unit == "months" else 1)


class MemberAttendance(RuleBase):
    """Every current member of a studio present at at least N of its activities (of the given
    types; none: any) in every period."""

    kind: Literal["member_attendance"]
    activity_types: list[Code] = []
    at_least: Count
    period: Period = "semester"


class AttendanceRate(RuleBase):
    """Attendance at least this share of the sessions (or class hours) scheduled for the
    subject (EX-10): for a trainee their cohort's sessions, for a studio each member's share of
    its activities. The mirror of ``absence_ratio``."""

    kind: Literal["attendance_rate"]
    at_least: FractionText
    unit: AbsenceUnit = "sessions"
    leave_counts_as_absence: bool = False
    # Only sessions of these types count (EX-10: 集中研修), scheduled and missed; none: every one.
    activity_types: list[Code] = []

    @property
    def limit(self) -> Fraction:
        """The share of absences allowed."""
        return 1 - as_fraction(self.at_least)


class LinkSchools(RuleBase):
    """Designated link schools (联系学校), with at least N activities of the given types at
    each of them in every period (EX-7). ``rural_only``: only rural schools may be designated."""

    kind: Literal["link_schools"]
    schools_at_least: Count = 1
    schools_at_most: Count | None = None
    rural_only: bool = False
    activity_types: list[Code] = Field(min_length=1)
    at_least: Count = 1
    period: Period = "semester"


class AssessmentMilestone(RuleBase):
    """An assessment round due in a stage (EX-9): met when the round of that code for the stage
    is published by the stage's end and, when ``deliverable_kind`` is given, the subject
    submitted a deliverable of that kind within the stage."""

    kind: Literal["assessment_milestone"]
    round: Code
    stage: Code
    deliverable_kind: Code | None = None

    @property
    def period(self) -> str:
        """Judged in its stage: exports and grids name the period kind "stage"."""
        return "stage"


Rule = Annotated[
    ActivityCount
    | MemberSchoolVisits
    | ResearchProjects
    | Deliverables
    | AbsenceRatio
    | UnexcusedAbsence
    | CurriculumHours
    | Talks
    | PairedSupport
    | MemberCount
    | FundsEarmark
    | SiteFreshness
    | CumulativeDuration
    | MemberAttendance
    | AttendanceRate
    | LinkSchools
    | AssessmentMilestone,
    Field(discriminator="kind"),
]
RULE_KINDS: tuple[str, ...] = (
    "activity_count",
    "member_school_visits",
    "research_projects",
    "deliverables",
    "absence_ratio",
    "unexcused_absence",
    "curriculum_hours",
    "talks",
    "paired_support",
    "member_count",
    "funds_earmark",
    "site_freshness",
    "cumulative_duration",
    "member_attendance",
    "attendance_rate",
    "link_schools",
    "assessment_milestone",
)


# [assessment] -------------------------------------------------------------------------------


class Grade(Strict):
    code: Code
    name: Text
    name_en: English = None
    consequence: Consequence = "none"
    # The weighted score (0–100) from which the centre proposes this grade; the grade with the
    # highest threshold a case reaches is proposed. Grades without one are never proposed.
    at_least: int | None = Field(default=None, ge=0, le=100)


class Descriptor(Strict):
    """What a criterion looks like at one grade (the rubric's level descriptor)."""

    grade: Code
    text: Text


class AssessmentCriterion(Strict):
    """One criterion of the assessment rubric: experts score it 0–100; ``weight`` is its share
    of the total (the weights add up to 100)."""

    code: Code
    name: Text
    name_en: English = None
    weight: Count
    methods: list[Text] = []
    levels: list[Descriptor] = []


class Question(Strict):
    """One question of the members' survey (调查访谈), answered on a scale of 1 to 5."""

    code: Code
    text: Text
    text_en: English = None


class Round(Strict):
    code: Code
    name: Text
    name_en: English = None
    period: Period
    # With period = "stage": the stage (a code of [[calendar.stages]]) the round is held for.
    stage: Code | None = None
    clause: ClauseId | None = None
    # Who is assessed: the studios, each studio's members (by their host, HN-4.2.4) or the
    # trainees of a cohort.
    subjects: Literal["studios", "members", "trainees"] = "studios"
    # Who grades: a panel of experts scoring the rubric, the studio's host, or the centre.
    assessed_by: Literal["experts", "host", "centre"] = "experts"
    survey: bool = False  # members answer the survey (studio rounds only)
    # The grades this round uses, by code; empty means all of [assessment].grades.
    grades: list[Code] = []


class Assessment(Strict):
    clause: ClauseId
    grades: list[Grade] = Field(min_length=1)
    rounds: list[Round] = []
    methods: list[Text] = []
    rubric: list[AssessmentCriterion] = []
    experts_per_subject: int = Field(default=3, ge=0, le=9)
    # The experts' totals of one case may spread this far (points out of 100) before the case
    # goes to moderation.
    spread: int = Field(default=15, ge=1, le=100)
    # Days after publication within which a studio may ask for a review (复核).
    review_days: int = Field(default=15, ge=0, le=90)
    survey: list[Question] = []
    # Survey answers reach experts only as aggregates over at least this many respondents;
    # five is the floor, a policy may ask for more.
    survey_minimum: int = Field(default=5, ge=5, le=100)

    def grade(self, code: str) -> Grade | None:
        return next((grade for grade in self.grades if grade.code == code), None)

    def round(self, code: str) -> Round | None:
        return next((item for item in self.rounds if item.code == code), None)


# [funding] ----------------------------------------------------------------------------------


class FundingSource(Strict):
    code: Code
    name: Text
    name_en: English = None
    clause: ClauseId | None = None
    payer: str = ""
    recipient: str = ""
    period: Literal["year", "cycle", "once"] = "year"
    earmarked: bool = False
    categories: list[Code] = []
    # Who holds and spends the money: a studio (paid to the host's school), a cohort (the
    # training centre spends it) or the centre itself paying an outside payee (HN-6.2).
    holder: Literal["studio", "cohort", "centre"] = "studio"
    # How many lines the centre keeps of a source it holds: one per programme and year
    # ("holder"), or one per studio and year ("studio": a fee paid for each studio, HN-6.2),
    # still held and spent by the centre. Only with holder = "centre".
    per: Literal["holder", "studio"] = "holder"
    # The budget year: the calendar year, or the programme year (year n runs from
    # programme.starts_on + (n-1) years to the day before + n years).
    year: Literal["calendar", "programme"] = "calendar"
    # A year's unspent balance: carried into next year's budget, or returned to the payer.
    year_end: Literal["carry", "return"] = "carry"
    # A revoked studio's balance: frozen (no expense after the revocation date) or returned.
    on_revocation: Literal["freeze", "return"] = "freeze"


CheckOutcome = Literal["refuse", "warn"]


class FundingChecks(Strict):
    """What an expense gets when it fails a check: refused, or recorded with a warning."""

    category: CheckOutcome = "refuse"  # a category its source (or budget) does not allow
    balance: CheckOutcome = "refuse"  # beyond the spendable balance
    year: CheckOutcome = "refuse"  # dated outside the budget's year


class ExpenseCategory(Strict):
    code: Code
    name: Text
    name_en: English = None
    clause: ClauseId | None = None


class Funding(Strict):
    clause: ClauseId
    sources: list[FundingSource] = Field(min_length=1)
    categories: list[ExpenseCategory] = Field(min_length=1)
    checks: FundingChecks = FundingChecks()

    def source(self, code: str) -> FundingSource | None:
        return next((item for item in self.sources if item.code == code), None)

    def category(self, code: str) -> ExpenseCategory | None:
        return next((item for item in self.categories if item.code == code), None)


# [credits] ----------------------------------------------------------------------------------

# What a column of the training-credit file (HZ-4.2.4) may hold, one row per trainee who completed.
CreditColumnKey = Literal[
    "name",
    "id_number",
    "gender",
    "school",
    "district",
    "district_code",
    "project_code",
    "project_name",
    "cohort",
    "hours",
    "credits",
    "completed_on",
    "certificate_number",
    "result",
]
Rounding = Literal["half_up", "down", "up"]


class CreditColumn(Strict):
    key: CreditColumnKey
    header: Text


class Credits(Strict):
    """The training-credit file for the provincial platform (省培管理平台): its columns in their
    order with their header texts, the programme's code on that platform, and how hours become
    credits (``hours / hours_per_credit``, rounded to ``decimals`` places, at most ``max_credits``)."""

    clause: ClauseId | None = None
    project_code: str = Field(default="", max_length=64)
    project_name: str = Field(default="", max_length=200)
    hours_per_credit: float = Field(default=10, gt=0)
    rounding: Rounding = "half_up"
    decimals: int = Field(default=1, ge=0, le=2)
    max_credits: float | None = Field(default=None, gt=0)
    sheet: str = Field(default="培训学分", min_length=1, max_length=31)
    columns: list[CreditColumn] = Field(min_length=1)


# [diagnosis] --------------------------------------------------------------------------------


class DiagnosisItem(Strict):
    """One item every 入校诊断 report covers (办学理念, 办学制度, 教师队伍, …)."""

    code: Code
    name: Text
    name_en: English = None


class Diagnosis(Strict):
    """The rotation of school diagnosis visits (HN-4.1.2, HN-4.1.2.1): the activity type a held
    visit is recorded as, at most how many visits a studio holds in one month, and the items of
    the itemised report (the host may add further items to one report)."""

    clause: ClauseId
    activity_type: Code = "diagnosis"
    per_month: Count = 2
    items: list[DiagnosisItem] = Field(min_length=1)


# [site] -------------------------------------------------------------------------------------


class SiteColumn(Strict):
    code: Code
    name: Text
    name_en: English = None


class PostKind(Strict):
    code: Code
    name: Text
    name_en: English = None


class Site(Strict):
    """The studio's public site (HN-4.1.6): its columns, the kinds of post it publishes, and
    whether the centre reviews a post the host approved before it is published."""

    clause: ClauseId
    columns: list[SiteColumn] = Field(min_length=1)
    post_kinds: list[PostKind] = Field(min_length=1)
    centre_review: bool = False

    def column(self, code: str) -> SiteColumn | None:
        return next((item for item in self.columns if item.code == code), None)

    def post_kind(self, code: str) -> PostKind | None:
        return next((item for item in self.post_kinds if item.code == code), None)


# [naming] -----------------------------------------------------------------------------------


class Naming(Strict):
    clause: ClauseId
    studio: Text
    studio_en: English = None
    base_school: str = ""
    base_school_en: English = None

    def studio_name(self, host: str, *, english: bool = False) -> str:
        """The name a new studio is given (always the Chinese pattern, as the policy wrote it);
        ``english`` for showing the pattern to a reader who chose English."""
        pattern = self.studio_en if english and self.studio_en else self.studio
        return pattern.replace("{host}", host)


# [community] --------------------------------------------------------------------------------

Participation = Literal["opened_and_posted", "posted", "opened"]


class Community(Strict):
    """The online learning community (HN-4.0.1): which activity type an online study session
    (线上研修) is recorded as, what taking part in one means — ``opened_and_posted`` (opened the
    material and posted in its discussion within its window), ``posted`` or ``opened`` — and
    whether taking part counts as attendance (出勤; the others then get 缺勤 unless on leave)."""

    clause: ClauseId | None = None
    activity_type: Code
    participation: Participation = "opened_and_posted"
    counts_as_attendance: bool = True


# [[selection]] ------------------------------------------------------------------------------

Position = Literal[
    "principal",
    "director",
    "secretary",
    "secretary_principal",
    "secretary_director",
    "vice_principal",
    "vice_director",
]
SchoolKindCode = Literal[
    "primary", "junior", "senior", "complete", "nine_year", "twelve_year", "kindergarten"
]
TitleCode = Literal["professor", "senior", "first", "second", "third", "none"]


class ConditionBase(Strict):
    code: Code
    text: Text
    text_en: English = None
    clause: ClauseId | None = None


class PostCondition(ConditionBase):
    """Computed from the registry: the applicant's post and school (HN-3.9.3, HZ-2.1)."""

    kind: Literal["post"]
    positions: list[Position] = Field(min_length=1)
    school_kinds: list[SchoolKindCode] = []
    within_jurisdiction: bool = True
    in_service: bool = True
    established: bool = False


class YearsInPost(ConditionBase):
    """Computed: whole years in the current post on the call's closing day (HZ-2.2)."""

    kind: Literal["years_in_post"]
    at_least: Count


class TitleCondition(ConditionBase):
    """Computed: a professional title in the list, *or* (when ``otherwise`` is given) a
    contribution the experts judge, so an unmet title sends the case to them (HZ-2.2)."""

    kind: Literal["title"]
    titles: list[TitleCode] = Field(min_length=1)
    otherwise: str = ""
    otherwise_en: English = None


class Declaration(ConditionBase):
    """A statement the applicant writes and signs (HN-3.9.1–2, HZ-2.3)."""

    kind: Literal["declaration"]


class Judgement(ConditionBase):
    """Judged by the experts from the applicant's statement and evidence (HN-3.9.4–5)."""

    kind: Literal["judgement"]


Condition = Annotated[
    PostCondition | YearsInPost | TitleCondition | Declaration | Judgement,
    Field(discriminator="kind"),
]


class Attachment(Strict):
    code: Code
    name: Text
    name_en: English = None
    required: bool = False


class Criterion(Strict):
    """One criterion of the review rubric: experts give 0 to ``points``."""

    code: Code
    name: Text
    name_en: English = None
    points: Count
    guidance: str = ""
    guidance_en: English = None


class SelectionCall(Strict):
    """A kind of call the programme runs, with its conditions, attachments and rubric."""

    code: Code
    name: Text
    name_en: English = None
    clause: ClauseId
    purpose: Literal["trainees", "hosts", "members"]
    district_review: bool = False
    competitive: bool = False
    experts_per_application: int = Field(default=0, ge=0, le=9)
    anonymised: bool = False
    notice_working_days: int = Field(default=5, ge=0, le=30)
    notice_clause: ClauseId | None = None
    conditions: list[Condition] = Field(min_length=1)
    attachments: list[Attachment] = []
    rubric: list[Criterion] = []

    def condition(self, code: str) -> Condition | None:
        return next((c for c in self.conditions if c.code == code), None)

    @property
    def full_marks(self) -> int:
        return sum(criterion.points for criterion in self.rubric)


# the document -------------------------------------------------------------------------------


class Policy(Strict):
    policy: Header
    calendar: Calendar
    members: Members | None = None
    training: Training | None = None
    allocation: AllocationRules | None = None
    activity_types: list[ActivityType] = []
    deliverable_kinds: list[DeliverableKind] = []
    curriculum: Curriculum | None = None
    rules: list[Rule] = Field(min_length=1)
    assessment: Assessment | None = None
    funding: Funding | None = None
    diagnosis: Diagnosis | None = None
    naming: Naming | None = None
    selection: list[SelectionCall] = []
    credits: Credits | None = None
    site: Site | None = None
    community: Community | None = None

    def activity_type(self, code: str) -> ActivityType | None:
        return next((t for t in self.activity_types if t.code == code), None)

    def deliverable_kind(self, code: str) -> DeliverableKind | None:
        return next((k for k in self.deliverable_kinds if k.code == code), None)

    def selection_call(self, code: str) -> SelectionCall | None:
        return next((c for c in self.selection if c.code == code), None)
