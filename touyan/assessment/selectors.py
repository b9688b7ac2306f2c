"""Reads for assessment rounds, scoped to what the user may see."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from touyan.compliance.facts import load_facts
from touyan.programmes.access import access_of
from touyan.programmes.policy import spec_of
from touyan.programmes.selectors import programmes_visible_to
from touyan.records.models import Attendance, Deliverable

from .models import (
    Assessor,
    Case,
    CaseDocument,
    Consequence,
    Round,
    Score,
    Subjects,
    SurveyAnswer,
    SurveyInvitation,
)
from .rubric import grade_name, rubric_of

# survey, direct grading, results -----------------------------------------------------------


def survey_is_open(case: Case, today: dt.date | None = None) -> bool:
    """Members answer while the round prepares and its window is open."""
    round_ = case.round
    today = today or timezone.localdate()
    return (
        round_.survey
        and round_.stage == Round.Stage.PREPARING
        and round_.opens_on <= today <= round_.closes_on
    )


def survey_invitations_of(user) -> QuerySet[SurveyInvitation]:
    """The user's survey invitations in rounds still preparing, answered or not."""
    principal = access_of(user).principal_id
    if principal is None:
        return SurveyInvitation.objects.none()
    return (
        SurveyInvitation.objects.filter(
            principal_id=principal,
            case__round__survey=True,
            case__round__stage=Round.Stage.PREPARING,
        )
        .select_related("case__round", "case__studio")
        .order_by("answered", "case__round__closes_on", "pk")
    )


def response_count(case: Case) -> int:
    """How many members answered the case's survey: all the host may know of it."""
    return SurveyAnswer.objects.filter(case=case).count()


def _managed(access, prefix: str = "programme__") -> Q:
    """The programmes the user manages, as a condition on ``prefix`` programme."""
    if access.everything:
        return ~Q(pk__in=[])
    condition = Q(**{f"{prefix}pk__in": access.managed_programmes})
    for region in access.managed_prefixes:
        condition |= Q(**{f"{prefix}jurisdiction__code__startswith": region})
    return condition


def rounds_graded_by(user) -> QuerySet[Round]:
    """Rounds graded by a host or the centre that the user grades or, managing the programme,
    oversees."""
    access = access_of(user)
    condition = _managed(access)
    if access.principal_id is not None:
        hosted = Case.objects.filter(studio__host_id=access.principal_id).values("round_id")
        condition |= Q(assessed_by=Assessor.HOST, pk__in=hosted)
    return (
        Round.objects.exclude(assessed_by=Assessor.EXPERTS)
        .filter(condition)
        .select_related("programme", "cohort")
    )


def cases_graded_by(user, round_: Round) -> QuerySet[Case]:
    """The round's cases the user grades (a host: their own studio's members), or all of them
    for whoever manages the programme."""
    cases = round_.cases.select_related(
        "member__principal__school__region",
        "trainee__principal__school__region",
        "studio__region",
    ).order_by("studio__name", "pk")
    if access_of(user).manages(round_.programme):
        return cases
    principal = access_of(user).principal_id
    if round_.assessed_by == Assessor.HOST and principal is not None:
        return cases.filter(studio__host_id=principal)
    return cases.none()


def subject_principal_id(case: Case) -> int:
    if case.member_id is not None:
        return case.member.principal_id
    if case.trainee_id is not None:
        return case.trainee.principal_id
    return case.studio.host_id


@dataclass
class Evidence:
    """What the period's records say of one member or trainee."""

    present: int = 0
    leave: int = 0
    absent: int = 0
    deliverables: int = 0
    # Trainees: hours credited per curriculum topic (capped at the topic's hours) and in all.
    topics: list[tuple[str, Decimal, int]] = field(default_factory=list)
    hours: Decimal = Decimal(0)
    required_hours: int = 0


def evidence_for(round_: Round, cases: list[Case]) -> dict[int, Evidence]:
    """Per case: attendance at the programme's activities and deliverables handed in over the
    round's period and, for trainees, curriculum hours up to its end (the compliance facts)."""
    principals = {subject_principal_id(case): case.pk for case in cases}
    evidence = {case.pk: Evidence() for case in cases}
    period = (round_.period_starts, round_.period_ends)
    attendance = (
        Attendance.objects.filter(
            activity__programme=round_.programme,
            activity__date__range=period,
            principal_id__in=list(principals),
        )
        .values_list("principal_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for principal, status, count in attendance:
        setattr(evidence[principals[principal]], status, count)
    handed_in = (
        Deliverable.objects.filter(
            programme=round_.programme,
            principal_id__in=list(principals),
            submitted_on__range=period,
        )
        .values_list("principal_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for principal, count in handed_in:
        evidence[principals[principal]].deliverables = count
    if round_.subjects == Subjects.TRAINEES:
        _add_hours(round_, cases, evidence, as_of=round_.period_ends)
    return evidence


def _add_hours(round_: Round, cases: list[Case], evidence: dict, *, as_of: dt.date) -> None:
    spec = spec_of(round_.programme)
    if spec.curriculum is None:
        return
    trainees = {case.trainee_id: case.pk for case in cases}
    facts = load_facts(round_.programme, spec, as_of=as_of, subject_ids=list(trainees))
    topics = spec.curriculum.topics
    for trainee, case_pk in trainees.items():
        hours = facts.hours.get(trainee, {})
        row = evidence[case_pk]
        row.required_hours = spec.curriculum.total_hours
        for topic in topics:
            done = min(hours.get(topic.code, Decimal(0)), Decimal(topic.hours))
            row.topics.append((topic.name, done, topic.hours))
            row.hours += done


def member_results(principal) -> QuerySet[Case]:
    """A principal's own published grades as a member or a trainee, latest first: what their
    archive reads."""
    principal_id = getattr(principal, "pk", principal)
    return (
        Case.objects.filter(
            Q(member__principal_id=principal_id) | Q(trainee__principal_id=principal_id),
            round__stage=Round.Stage.PUBLISHED,
        )
        .select_related("round__programme", "studio", "trainee__cohort")
        .order_by("-round__period_ends", "-round__published_at", "pk")
    )


def round_cases_for_output(round_: Round) -> QuerySet[Case]:
    return round_.cases.select_related(
        "studio__region",
        "studio__host",
        "studio__base_school",
        "member__principal__school__region",
        "trainee__principal__school__region",
    ).prefetch_related("scores")


def experts_totals(case: Case) -> list[Decimal]:
    """The submitted totals of the case's first panel (not the review's), from a prefetch."""
    return [
        score.total
        for score in case.scores.all()
        if not score.for_review and score.submitted_at is not None and score.total is not None
    ]


def rounds_managed_by(user) -> QuerySet[Round]:
    """Every round of the programmes the user manages (the centre, the authority)."""
    return Round.objects.filter(_managed(access_of(user))).select_related("programme", "cohort")


def case_reports_for(user) -> QuerySet[Case]:
    """Cases whose report the user may download: every case of a programme they manage; their
    own studio's, membership's or training's once the round is published."""
    access = access_of(user)
    condition = _managed(access, "round__programme__")
    if access.principal_id is not None:
        mine = access.principal_id
        condition |= Q(round__stage=Round.Stage.PUBLISHED) & (
            Q(member__isnull=True, trainee__isnull=True, studio__host_id=mine)
            | Q(member__principal_id=mine)
            | Q(trainee__principal_id=mine)
        )
    return Case.objects.filter(condition).select_related(
        "round__programme", "studio", "member__principal", "trainee__principal"
    )


# The dossier --------------------------------------------------------------------------------


def cases_in_reach(user) -> QuerySet[Case]:
    """Cases of the programmes the user may see, and those the user scores as an expert (an
    expert's pool is no programme of theirs), with what a case page reads; the permission
    narrows further."""
    scored = Score.objects.filter(expert_id=user.pk).values("case_id")
    return Case.objects.filter(
        Q(round__programme__in=programmes_visible_to(user)) | Q(pk__in=scored)
    ).select_related("round__programme", "studio__host", "member__principal", "trainee__principal")


def with_documents(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.prefetch_related(
        Prefetch("documents", queryset=CaseDocument.objects.order_by("pk"))
    )


def cases_hosted_by(user) -> QuerySet[Case]:
    """The studio cases of every round for the studios the user hosts, newest period first."""
    principal = access_of(user).principal_id
    if principal is None:
        return Case.objects.none()
    return (
        Case.objects.filter(studio__host_id=principal, member__isnull=True)
        .select_related("round__programme", "studio")
        .order_by("-round__period_ends", "round__code", "pk")
    )


# Expert scoring and the centre's round pages -------------------------------------------------


def managed_cases(user) -> QuerySet[Case]:
    return Case.objects.filter(round__in=rounds_managed_by(user).values("pk")).select_related(
        "round__programme", "studio", "member__principal", "trainee__principal"
    )


def scores_of(user) -> QuerySet[Score]:
    """The expert's own assignments in rounds past their preparation: before scoring starts the
    dossiers are not final, so nothing is shown."""
    return (
        Score.objects.filter(expert=user)
        .exclude(case__round__stage=Round.Stage.PREPARING)
        .select_related("case__round__programme", "case__studio", "case__trainee__principal")
    )


def next_open_score(user, *, after: Score | None = None) -> Score | None:
    """The expert's next case still to score, oldest assignment first."""
    waiting = scores_of(user).filter(
        submitted_at__isnull=True,
        case__round__stage=Round.Stage.SCORING,
        case__status=Case.Status.SUBMITTED,
    )
    if after is not None:
        waiting = waiting.exclude(pk=after.pk)
    return waiting.order_by("assigned_at", "pk").first()


# public standing: commendations ----------------------------------------------------------------


def commendations(studio_ids: Iterable[int]) -> dict[int, list[str]]:
    """Each studio's commendations, shown publicly: "表彰：<round> 优秀", newest first. Two
    queries whatever the number of studios."""
    rows = list(
        Case.objects.filter(
            studio_id__in=list(studio_ids),
            member__isnull=True,
            consequence=Consequence.COMMEND,
            applied_at__isnull=False,
            round__stage=Round.Stage.PUBLISHED,
        )
        .order_by("-round__published_at", "pk")
        .values_list("studio_id", "round_id", "grade")
    )
    rounds = Round.objects.in_bulk({round_id for _studio, round_id, _grade in rows})
    found: dict[int, list[str]] = {}
    for studio, round_id, grade in rows:
        round_ = rounds[round_id]
        found.setdefault(studio, []).append(f"{round_.name} {grade_name(rubric_of(round_), grade)}")
    return found
