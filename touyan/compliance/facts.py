"""The records the rules read, loaded for a whole programme (or a set of its subjects) in a
fixed number of queries: one per kind of record, whatever the number of studios or trainees.

Each loader returns plain tuples grouped by subject; the judges never touch the database.

Facts are named tuples: a national evaluation makes about a million of them.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db.models import BooleanField, Case, F, IntegerField, Q, Sum, Value, When

from touyan.diagnosis.models import Visit
from touyan.policies import schema
from touyan.programmes.models import LinkSchool, Programme, Studio, StudioMember, Trainee
from touyan.records.models import (
    LEVEL_RANK,
    Attendance,
    Audience,
    CountSource,
    CurriculumCredit,
    Deliverable,
    Organiser,
    ResearchOutcome,
)
from touyan.records.states import COUNTED as COUNTED_STAGES

from .verdicts import Subject


class ActivityFact(NamedTuple):
    id: int
    date: dt.date
    type: str
    title: str
    place_school_id: int | None
    rural_or_weak: bool
    place_region: str
    level: str
    end_date: dt.date | None = None  # the last day of an activity of several days

    @property
    def last_day(self) -> dt.date:
        return self.end_date or self.date


class VisitFact(NamedTuple):
    """A 入校诊断 visit whose report is recorded: the member whose school it was, and the
    activity it was held as (with the school visited as its place)."""

    principal_id: int
    activity: ActivityFact

    @property
    def date(self) -> dt.date:
        return self.activity.date

    @property
    def id(self) -> int:
        return self.activity.id


class Member(NamedTuple):
    principal_id: int
    name: str
    school_id: int
    joined_on: dt.date
    left_on: dt.date | None

    def serves_on(self, day: dt.date) -> bool:
        return self.joined_on <= day and (self.left_on is None or self.left_on >= day)


class DeliverableFact(NamedTuple):
    id: int
    kind: str
    title: str
    principal_id: int | None
    submitted_on: dt.date
    chars: int  # 0 while a declared length waits for the centre (待核实)
    pending: bool = False


class OutcomeFact(NamedTuple):
    project_id: int
    project_title: str
    project_level: str
    leader_id: int
    id: int
    kind: str
    title: str
    level: str
    achieved_on: dt.date


class AbsenceFact(NamedTuple):
    activity_id: int
    date: dt.date
    title: str
    status: str
    hours: float = 0.0  # the session's class hours (0 when it has none)
    principal_id: int | None = None  # whose, for a studio's members (a trainee's: None)
    type: str = ""  # the session's activity type


class PresenceFact(NamedTuple):
    """A member present at one of their studio's activities (member_attendance)."""

    principal_id: int
    activity_id: int
    date: dt.date
    type: str
    title: str


class LinkFact(NamedTuple):
    """A link school designated for a principal (link_schools)."""

    id: int
    principal_id: int
    school_id: int
    school: str
    rural: bool
    designated_on: dt.date
    ended_on: dt.date | None

    def stands_during(self, start: dt.date, end: dt.date) -> bool:
        return self.designated_on <= end and (self.ended_on is None or self.ended_on >= start)


class RoundFact(NamedTuple):
    """An assessment round of the programme (assessment_milestone)."""

    id: int
    code: str
    name: str
    cohort_id: int | None
    period_starts: dt.date
    period_ends: dt.date
    stage: str
    published_on: dt.date | None


class ExpenseFact(NamedTuple):
    """A studio's expense still standing (not reversed), with its budget's terms."""

    id: int
    spent_on: dt.date
    payee: str
    amount_fen: int
    source: str
    category: str
    budget_category: str
    warnings: tuple[str, ...]


class PostFact(NamedTuple):
    """A post on a studio's public site, published and not taken down (site_freshness)."""

    id: int
    date: dt.date  # the day it was published, local time
    column: str
    title: str


class SessionFact(NamedTuple):
    """A session scheduled for a cohort, held or still to come: what pace and the absence
    ceiling measure against."""

    date: dt.date
    type: str
    level: str
    topic: str
    hours: float
    place_region: str
    # The principals it is held for, when not the whole cohort (``records.Audience``)
    audience: frozenset[int] | None = None


@dataclass
class Facts:
    subjects: list[Subject]
    # Studio subjects
    members: dict[int, list[Member]] = field(default_factory=dict)
    hosts: dict[int, int] = field(default_factory=dict)  # studio → host principal
    # Trainee subjects
    principal_of: dict[int, int] = field(default_factory=dict)  # trainee → principal
    cohort_of: dict[int, int] = field(default_factory=dict)  # trainee → cohort
    cohort_starts: dict[int, dt.date] = field(default_factory=dict)
    # Records, by subject id
    activities: dict[int, list[ActivityFact]] = field(default_factory=lambda: defaultdict(list))
    talks: dict[int, list[ActivityFact]] = field(default_factory=lambda: defaultdict(list))
    visits: dict[int, list[VisitFact]] = field(default_factory=lambda: defaultdict(list))
    deliverables: dict[int, list[DeliverableFact]] = field(
        default_factory=lambda: defaultdict(list)
    )
    outcomes: dict[int, list[OutcomeFact]] = field(default_factory=lambda: defaultdict(list))
    # cohort → every session scheduled for it, future ones included, sorted by date
    sessions: dict[int, list[SessionFact]] = field(default_factory=lambda: defaultdict(list))
    partial_cohorts: set[int] = field(default_factory=set)  # with a session for some only
    held_for: dict[int, frozenset[int]] = field(default_factory=dict)  # activity → principals
    joined_on: dict[int, dt.date] = field(default_factory=dict)  # trainee → joined
    # trainee → their absences; studio → its members' absences (``principal_id`` says whose)
    absences: dict[int, list[AbsenceFact]] = field(default_factory=lambda: defaultdict(list))
    # studio → the activities it organised up to the day of evaluation, sorted by date: what
    # its members' attendance is measured against (HN-4.3.1)
    studio_sessions: dict[int, list[SessionFact]] = field(default_factory=lambda: defaultdict(list))
    hours: dict[int, dict[str, Decimal]] = field(default_factory=lambda: defaultdict(dict))
    # Studio subjects' funds (funds_earmark): standing expenses, and budgets below zero as
    # (source, year, balance in fen).
    expenses: dict[int, list[ExpenseFact]] = field(default_factory=lambda: defaultdict(list))
    overdrawn: dict[int, list[tuple[str, int, int]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    # Studio subjects' public sites (site_freshness): posts in date order.
    posts: dict[int, list[PostFact]] = field(default_factory=lambda: defaultdict(list))
    # Studio subjects: their members present at their activities, in date order.
    presence: dict[int, list[PresenceFact]] = field(default_factory=lambda: defaultdict(list))
    # Subjects' link schools: a trainee's own, a studio's host's and members'.
    links: dict[int, list[LinkFact]] = field(default_factory=lambda: defaultdict(list))
    # The programme's assessment rounds (not by subject).
    rounds: list[RoundFact] = field(default_factory=list)

    def sessions_for(self, trainee: int) -> list[SessionFact]:
        """Sessions of the trainee's cohort held for them, from the day they joined on."""
        sessions = self.sessions.get(self.cohort_of[trainee], [])
        joined = self.joined_on[trainee]
        since = sessions[bisect.bisect_left(sessions, joined, key=_session_date) :]
        if self.cohort_of[trainee] not in self.partial_cohorts:
            return since
        principal = self.principal_of[trainee]
        return [s for s in since if s.audience is None or principal in s.audience]

    def scheduled_for(self, trainee: int) -> int:
        return len(self.sessions_for(trainee))


def _session_date(session: SessionFact) -> dt.date:
    return session.date


def load_facts(
    programme: Programme,
    spec: schema.Policy,
    *,
    as_of: dt.date,
    subject_ids: Collection[int] | None,
) -> Facts:
    if spec.policy.subject == "studio":
        facts = _studio_subjects(programme, subject_ids)
    else:
        facts = _trainee_subjects(programme, subject_ids)
    if not facts.subjects:
        return facts
    kinds = {rule.kind for rule in spec.rules}
    activity_types = {code for rule in spec.rules for code in getattr(rule, "activity_types", ())}
    if activity_types:
        _load_activities(facts, programme, spec, activity_types, as_of, subject_ids)
    if "member_school_visits" in kinds and spec.policy.subject == "studio":
        visit_types = {
            code
            for rule in spec.rules
            if rule.kind == "member_school_visits"
            for code in rule.activity_types
        }
        _load_visits(facts, programme, visit_types, as_of, subject_ids)
    kinds_used = {
        r.deliverable_kind
        for r in spec.rules
        if r.kind in ("deliverables", "assessment_milestone") and r.deliverable_kind
    }
    if kinds_used:
        _load_deliverables(facts, programme, spec, kinds_used, as_of, subject_ids)
    if "research_projects" in kinds:
        _load_outcomes(facts, programme, spec, as_of, subject_ids)
    if spec.policy.subject == "trainee":
        _load_sessions(facts)
    if kinds & {"absence_ratio", "unexcused_absence", "attendance_rate"}:
        if spec.policy.subject == "studio":
            _load_member_attendance(facts, programme, as_of, subject_ids)
        else:
            _load_attendance(facts, programme, as_of, subject_ids)
    if "curriculum_hours" in kinds:
        _load_hours(facts, programme, as_of, subject_ids)
    if "funds_earmark" in kinds and spec.policy.subject == "studio":
        _load_funds(facts, programme, as_of, subject_ids)
    if "site_freshness" in kinds and spec.policy.subject == "studio":
        _load_posts(facts, programme, as_of, subject_ids)
    if "member_attendance" in kinds and spec.policy.subject == "studio":
        _load_presence(facts, programme, as_of, subject_ids)
    if "link_schools" in kinds:
        _load_links(facts, programme, as_of)
    if "assessment_milestone" in kinds:
        _load_rounds(facts, programme, as_of)
    # Judges bucket records into periods keeping their order: sort each subject's once.
    for records, key in (
        (facts.activities, _by_date),
        (facts.talks, _by_date),
        (facts.visits, _by_date),
        (facts.deliverables, _by_submission),
        (facts.outcomes, _by_achievement),
    ):
        for items in records.values():
            items.sort(key=key)
    return facts


def _by_date(fact) -> tuple:
    return (fact.date, fact.id)


def _by_submission(fact) -> tuple:
    return (fact.submitted_on, fact.id)


def _by_achievement(fact) -> tuple:
    return (fact.achieved_on, fact.id)


# subjects -----------------------------------------------------------------------------------


def _studio_subjects(programme: Programme, subject_ids: Collection[int] | None) -> Facts:
    studios = Studio.objects.filter(programme=programme)
    if subject_ids is not None:
        studios = studios.filter(pk__in=list(subject_ids))
    rows = studios.order_by("region_id", "name", "pk").values_list(
        "pk", "name", "region_id", "host_id", "host__name", "base_school__name"
    )
    facts = Facts(subjects=[])
    for pk, name, region, host_id, host_name, school in rows:
        facts.subjects.append(Subject("studio", pk, name, region, f"{host_name} · {school}"))
        facts.hosts[pk] = host_id
        facts.members[pk] = []
    members = StudioMember.objects.filter(studio__programme=programme)
    if subject_ids is not None:
        members = members.filter(studio_id__in=list(subject_ids))
    for studio_id, principal_id, name, school_id, joined_on, left_on in members.order_by(
        "studio_id", "joined_on", "pk"
    ).values_list(
        "studio_id",
        "principal_id",
        "principal__name",
        "principal__school_id",
        "joined_on",
        "left_on",
    ):
        facts.members[studio_id].append(Member(principal_id, name, school_id, joined_on, left_on))
    return facts


def _trainee_subjects(programme: Programme, subject_ids: Collection[int] | None) -> Facts:
    trainees = Trainee.objects.filter(cohort__programme=programme).exclude(
        status=Trainee.Status.REMOVED
    )
    if subject_ids is not None:
        trainees = trainees.filter(pk__in=list(subject_ids))
    rows = trainees.order_by("cohort__number", "principal__school__region_id", "pk").values_list(
        "pk",
        "principal_id",
        "principal__name",
        "principal__school__region_id",
        "principal__school__name",
        "cohort_id",
        "cohort__name",
        "cohort__starts_on",
        "joined_on",
    )
    facts = Facts(subjects=[])
    for pk, principal_id, name, region, school, cohort_id, cohort, starts_on, joined in rows:
        facts.joined_on[pk] = joined
        facts.subjects.append(Subject("trainee", pk, name, region, f"{school} · {cohort}"))
        facts.principal_of[pk] = principal_id
        facts.cohort_of[pk] = cohort_id
        facts.cohort_starts[cohort_id] = starts_on
    return facts


def _trainee_by_principal(facts: Facts) -> dict[int, int]:
    return {principal: trainee for trainee, principal in facts.principal_of.items()}


# records ------------------------------------------------------------------------------------


def _load_activities(facts, programme, spec, types, as_of, subject_ids) -> None:
    """Studios: the activities they organised. Trainees: the activities they attended (present),
    with whether they gave a talk there."""
    columns = (
        "activity_id",
        "activity__date",
        "activity__activity_type",
        "activity__title",
        "activity__place_school_id",
        "activity__place_school__is_rural",
        "activity__place_school__is_weak",
        "activity__place_school__region_id",
        "activity__level",
        "activity__end_date",
    )
    if spec.policy.subject == "studio":
        rows = Organiser.objects.filter(
            activity__programme=programme,
            activity__activity_type__in=sorted(types),
            activity__date__lte=as_of,
            studio__isnull=False,
        )
        if subject_ids is not None:
            rows = rows.filter(studio_id__in=list(subject_ids))
        for studio_id, *values in rows.values_list("studio_id", *columns).iterator(
            chunk_size=20000
        ):
            facts.activities[studio_id].append(_activity(values))
        return
    by_principal = _trainee_by_principal(facts)
    rows = Attendance.objects.filter(
        activity__programme=programme,
        activity__activity_type__in=sorted(types),
        activity__date__lte=as_of,
        status=Attendance.Status.PRESENT,
    )
    if subject_ids is not None:
        rows = rows.filter(principal_id__in=list(by_principal))
    for principal_id, presented, *values in rows.values_list(
        "principal_id", "presented", *columns
    ).iterator(chunk_size=20000):
        trainee = by_principal.get(principal_id)
        if trainee is not None:
            fact = _activity(values)
            facts.activities[trainee].append(fact)
            if presented:
                facts.talks[trainee].append(fact)


def _load_visits(facts, programme, types, as_of, subject_ids) -> None:
    """Studios: the 入校诊断 visits held as one of their activities by ``as_of`` whose report is
    recorded (HN-4.1.2), on the day they were held, like every record: one query."""
    rows = Visit.objects.filter(
        studio__programme=programme,
        activity__activity_type__in=sorted(types),
        activity__date__lte=as_of,
        reported_at__isnull=False,
    )
    if subject_ids is not None:
        rows = rows.filter(studio_id__in=list(subject_ids))
    for studio_id, principal_id, *values in rows.values_list(
        "studio_id",
        "member__principal_id",
        "activity_id",
        "activity__date",
        "activity__activity_type",
        "activity__title",
        "school_id",
        "school__is_rural",
        "school__is_weak",
        "school__region_id",
        "activity__level",
    ):
        facts.visits[studio_id].append(VisitFact(principal_id, _activity(values)))


def _activity(values) -> ActivityFact:
    pk, date, kind, title, school, rural, weak, region, level, *end = values
    return ActivityFact(
        pk, date, kind, title, school, bool(rural or weak), region or "", level, *end
    )


# Deliverable.counted_chars and count_pending in the query: a declared length counts once the
# centre verified it.
_PENDING = Q(count_source=CountSource.DECLARED, count_verified_at__isnull=True)
_COUNTED_CHARS = Case(
    When(_PENDING, then=Value(0)), default=F("char_count"), output_field=IntegerField()
)
_COUNT_PENDING = Case(
    When(_PENDING, then=Value(True)), default=Value(False), output_field=BooleanField()
)


def _load_deliverables(facts, programme, spec, kinds, as_of, subject_ids) -> None:
    rows = Deliverable.objects.filter(
        programme=programme, kind__in=sorted(kinds), submitted_on__lte=as_of
    ).annotate(counted=_COUNTED_CHARS, pending=_COUNT_PENDING)
    columns = ("pk", "kind", "title", "principal_id", "submitted_on", "counted", "pending")
    if spec.policy.subject == "studio":
        rows = rows.filter(studio__isnull=False)
        if subject_ids is not None:
            rows = rows.filter(studio_id__in=list(subject_ids))
        for studio_id, *values in rows.values_list("studio_id", *columns):
            facts.deliverables[studio_id].append(DeliverableFact(*values))
        return
    by_principal = _trainee_by_principal(facts)
    rows = rows.filter(studio__isnull=True)
    if subject_ids is not None:
        rows = rows.filter(principal_id__in=list(by_principal))
    for values in rows.values_list(*columns):
        trainee = by_principal.get(values[3])
        if trainee is not None:
            facts.deliverables[trainee].append(DeliverableFact(*values))


def _load_outcomes(facts, programme, spec, as_of, subject_ids) -> None:
    # Only a project once approved counts (HZ-3.3.2): an application still to be decided or
    # one not approved (未立项) is no project of the rules, whatever its outcomes.
    rows = ResearchOutcome.objects.filter(
        project__programme=programme,
        project__stage__in=sorted(COUNTED_STAGES),
        achieved_on__lte=as_of,
    )
    columns = (
        "project_id",
        "project__title",
        "project__level",
        "project__leader_id",
        "pk",
        "kind",
        "title",
        "level",
        "achieved_on",
    )
    if spec.policy.subject == "studio":
        rows = rows.filter(project__studio__isnull=False)
        if subject_ids is not None:
            rows = rows.filter(project__studio_id__in=list(subject_ids))
        for studio_id, *values in rows.values_list("project__studio_id", *columns):
            facts.outcomes[studio_id].append(OutcomeFact(*values))
        return
    by_principal = _trainee_by_principal(facts)
    if subject_ids is not None:
        rows = rows.filter(project__leader_id__in=list(by_principal))
    for values in rows.values_list(*columns):
        trainee = by_principal.get(values[3])
        if trainee is not None:
            facts.outcomes[trainee].append(OutcomeFact(*values))


def _load_sessions(facts) -> None:
    """Sessions scheduled per cohort — all of them, the future ones too: the absence ceiling
    divides by them and pace measures against them."""
    cohorts = sorted(set(facts.cohort_of.values()))
    audience = defaultdict(set)
    for activity_id, principal_id in Audience.objects.filter(
        activity__organisers__cohort_id__in=cohorts
    ).values_list("activity_id", "principal_id"):
        audience[activity_id].add(principal_id)
    for cohort_id, activity_id, date, kind, level, topic, hours, region in (
        Organiser.objects.filter(cohort_id__in=cohorts)
        .order_by("activity__date", "activity_id")
        .values_list(
            "cohort_id",
            "activity_id",
            "activity__date",
            "activity__activity_type",
            "activity__level",
            "activity__topic",
            "activity__hours",
            "activity__place_school__region_id",
        )
    ):
        held_for = frozenset(audience[activity_id]) if activity_id in audience else None
        if held_for is not None:
            facts.partial_cohorts.add(cohort_id)
            facts.held_for[activity_id] = held_for
        facts.sessions[cohort_id].append(
            SessionFact(date, kind, level, topic, float(hours or 0), region or "", held_for)
        )


def _load_attendance(facts, programme, as_of, subject_ids) -> None:
    """Each trainee's absences and leaves up to ``as_of``, with the class hours missed."""
    cohorts = sorted(set(facts.cohort_of.values()))
    by_principal = _trainee_by_principal(facts)
    rows = Attendance.objects.filter(
        activity__programme=programme,
        activity__date__lte=as_of,
        activity__organisers__cohort_id__in=cohorts,
        status__in=[Attendance.Status.ABSENT, Attendance.Status.LEAVE],
    )
    if subject_ids is not None:
        rows = rows.filter(principal_id__in=list(by_principal))
    for principal_id, activity_id, date, title, status, hours, kind in rows.values_list(
        "principal_id",
        "activity_id",
        "activity__date",
        "activity__title",
        "status",
        "activity__hours",
        "activity__activity_type",
    ).order_by("activity__date", "activity_id"):
        trainee = by_principal.get(principal_id)
        held_for = facts.held_for.get(activity_id)
        if held_for is not None and principal_id not in held_for:
            continue  # not a session of theirs: no absence from it counts
        if trainee is not None:
            facts.absences[trainee].append(
                AbsenceFact(activity_id, date, title, status, float(hours or 0), None, kind)
            )


def _load_member_attendance(facts, programme, as_of, subject_ids) -> None:
    """Three queries: the studios' activities held up to ``as_of`` (with the people an activity
    was held for, when not everyone), and their members' absences and leaves. A joint activity
    counts for each of its studios' members."""
    organised = Organiser.objects.filter(
        activity__programme=programme, activity__date__lte=as_of, studio__isnull=False
    )
    if subject_ids is not None:
        organised = organised.filter(studio_id__in=list(subject_ids))
    audience = defaultdict(set)
    for activity_id, principal_id in Audience.objects.filter(
        activity_id__in=organised.values("activity_id")
    ).values_list("activity_id", "principal_id"):
        audience[activity_id].add(principal_id)
    for studio_id, activity_id, date, kind, level, topic, hours, region in organised.order_by(
        "activity__date", "activity_id"
    ).values_list(
        "studio_id",
        "activity_id",
        "activity__date",
        "activity__activity_type",
        "activity__level",
        "activity__topic",
        "activity__hours",
        "activity__place_school__region_id",
    ):
        held_for = frozenset(audience[activity_id]) if activity_id in audience else None
        facts.studio_sessions[studio_id].append(
            SessionFact(date, kind, level, topic, float(hours or 0), region or "", held_for)
        )
    members = {studio: {m.principal_id for m in people} for studio, people in facts.members.items()}
    rows = organised.filter(
        activity__attendance__status__in=[Attendance.Status.ABSENT, Attendance.Status.LEAVE]
    )
    for studio_id, principal_id, activity_id, date, title, status, hours, kind in rows.order_by(
        "activity__date", "activity_id"
    ).values_list(
        "studio_id",
        "activity__attendance__principal_id",
        "activity_id",
        "activity__date",
        "activity__title",
        "activity__attendance__status",
        "activity__hours",
        "activity__activity_type",
    ):
        if principal_id in members.get(studio_id, ()):
            facts.absences[studio_id].append(
                AbsenceFact(activity_id, date, title, status, float(hours or 0), principal_id, kind)
            )


def _load_hours(facts, programme, as_of, subject_ids) -> None:
    """Hours per topic: the sessions attended, plus hours credited for recognised study."""
    by_principal = _trainee_by_principal(facts)
    attended = Attendance.objects.filter(
        activity__programme=programme,
        activity__date__lte=as_of,
        status=Attendance.Status.PRESENT,
    ).exclude(activity__topic="")
    credits = CurriculumCredit.objects.filter(
        trainee__cohort__programme=programme, credited_on__lte=as_of
    )
    if subject_ids is not None:
        attended = attended.filter(principal_id__in=list(by_principal))
        credits = credits.filter(trainee_id__in=list(facts.principal_of))
    for principal_id, topic, hours in (
        attended.values("principal_id", "activity__topic")
        .annotate(h=Sum("activity__hours"))
        .values_list("principal_id", "activity__topic", "h")
    ):
        trainee = by_principal.get(principal_id)
        if trainee is not None:
            _add(facts.hours[trainee], topic, hours)
    for trainee, topic, hours in (
        credits.values("trainee_id", "topic")
        .annotate(h=Sum("hours"))
        .values_list("trainee_id", "topic", "h")
    ):
        if trainee in facts.principal_of:
            _add(facts.hours[trainee], topic, hours)


def _add(totals: dict[str, Decimal], topic: str, hours) -> None:
    totals[topic] = totals.get(topic, Decimal(0)) + Decimal(hours or 0)


def level_at_least(level: str, minimum: str | None) -> bool:
    if not minimum:
        return True
    return bool(level) and LEVEL_RANK.get(level, -1) >= LEVEL_RANK[minimum]


def _load_funds(facts, programme, as_of, subject_ids) -> None:
    """Two queries: the studios' expenses up to ``as_of`` that no reversal cancels, and their
    budgets whose balance is below zero."""
    from touyan.funding.balances import with_figures
    from touyan.funding.models import Budget, Expense

    expenses = Expense.objects.filter(
        budget__programme=programme,
        budget__held_by=Budget.Holder.STUDIO,
        reverses__isnull=True,
        reversal__isnull=True,
        spent_on__lte=as_of,
    )
    budgets = Budget.objects.filter(programme=programme, held_by=Budget.Holder.STUDIO)
    if subject_ids is not None:
        expenses = expenses.filter(budget__studio_id__in=list(subject_ids))
        budgets = budgets.filter(studio_id__in=list(subject_ids))
    for (
        studio_id,
        pk,
        day,
        payee,
        amount,
        source,
        category,
        budget_category,
        warnings,
    ) in expenses.order_by("spent_on", "pk").values_list(
        "budget__studio_id",
        "pk",
        "spent_on",
        "payee",
        "amount_fen",
        "budget__source",
        "category",
        "budget__category",
        "warnings",
    ):
        facts.expenses[studio_id].append(
            ExpenseFact(
                pk, day, payee, amount, source, category, budget_category, tuple(warnings or ())
            )
        )
    for studio_id, source, year, balance in (
        with_figures(budgets)
        .filter(balance_fen__lt=0)
        .order_by("studio_id", "year", "source")
        .values_list("studio_id", "source", "year", "balance_fen")
    ):
        facts.overdrawn[studio_id].append((source, year, balance))


def _load_posts(facts, programme, as_of, subject_ids) -> None:
    """One query: the studios' posts standing published, with the day each was published."""
    from django.utils import timezone

    from touyan.publishing.models import Post

    posts = Post.objects.filter(
        studio__programme=programme,
        status=Post.Status.PUBLISHED,
        published_at__lte=timezone.make_aware(dt.datetime.combine(as_of, dt.time.max)),
    )
    if subject_ids is not None:
        posts = posts.filter(studio_id__in=list(subject_ids))
    for studio_id, pk, published_at, column, title in posts.order_by(
        "published_at", "pk"
    ).values_list("studio_id", "pk", "published_at", "column", "title"):
        day = timezone.localtime(published_at).date()
        facts.posts[studio_id].append(PostFact(pk, day, column, title))


def _load_presence(facts, programme, as_of, subject_ids) -> None:
    """One query: the members present at their studios' activities held up to ``as_of``."""
    rows = Organiser.objects.filter(
        activity__programme=programme,
        activity__date__lte=as_of,
        studio__isnull=False,
        activity__attendance__status=Attendance.Status.PRESENT,
    )
    if subject_ids is not None:
        rows = rows.filter(studio_id__in=list(subject_ids))
    members = {studio: {m.principal_id for m in people} for studio, people in facts.members.items()}
    for studio_id, principal_id, *values in rows.order_by(
        "activity__date", "activity_id"
    ).values_list(
        "studio_id",
        "activity__attendance__principal_id",
        "activity_id",
        "activity__date",
        "activity__activity_type",
        "activity__title",
    ):
        if principal_id in members.get(studio_id, ()):
            facts.presence[studio_id].append(PresenceFact(principal_id, *values))


def _load_links(facts, programme, as_of) -> None:
    """One query: the programme's link schools designated by ``as_of``, for every subject's
    principals (a trainee; a studio's host and members)."""
    whose: dict[int, list[int]] = defaultdict(list)
    for trainee, principal in facts.principal_of.items():
        whose[principal].append(trainee)
    for studio, host in facts.hosts.items():
        whose[host].append(studio)
        for member in facts.members.get(studio, ()):
            whose[member.principal_id].append(studio)
    rows = LinkSchool.objects.filter(programme=programme, designated_on__lte=as_of)
    for values in rows.order_by("designated_on", "pk").values_list(
        "pk",
        "principal_id",
        "school_id",
        "school__name",
        "school__is_rural",
        "designated_on",
        "ended_on",
    ):
        link = LinkFact(*values)
        for subject in whose.get(link.principal_id, ()):
            facts.links[subject].append(link)


def _load_rounds(facts, programme, as_of) -> None:
    """One query: the programme's assessment rounds, with the day each was published — by
    ``as_of``: looking back, results announced later were not announced yet."""
    from django.utils import timezone

    from touyan.assessment.models import Round

    for pk, code, name, cohort, starts, ends, stage, published_at in (
        Round.objects.filter(programme=programme)
        .order_by("period_starts", "pk")
        .values_list(
            "pk",
            "code",
            "name",
            "cohort_id",
            "period_starts",
            "period_ends",
            "stage",
            "published_at",
        )
    ):
        published = timezone.localtime(published_at).date() if published_at else None
        if published is not None and published > as_of:
            published = None
        facts.rounds.append(RoundFact(pk, code, name, cohort, starts, ends, stage, published))
