"""Reads for mentor teams and the mentor's workspace, scoped to the user.

The workspace reads a fixed number of queries however many trainees a mentor has: one per kind
of fact (trainees, teams, plans, attendance, deliverables, sessions) and, per programme, its
compliance evaluation from the shared cache (``compliance.selectors.whole_evaluation``): hours
and verdicts are the engine's, not counted again here."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet

from touyan.accounts.models import RoleGrant
from touyan.accounts.roles import Role
from touyan.compliance.selectors import narrowed, whole_evaluation
from touyan.compliance.verdicts import Cell, State
from touyan.programmes.models import Cohort, Programme, Trainee
from touyan.records.models import Attendance, Deliverable
from touyan.regions.codes import scope_prefix

from ..access import mentored_trainee_ids
from ..models import Mentor, MentoringSession, MentorTeam, PlanVersion

User = get_user_model()


def mentor_candidates(programme: Programme) -> QuerySet:
    """Who may be put on a team: the experts of the registry in the programme's jurisdiction,
    and the accounts that already hold the ``mentor`` role on the programme (external mentors
    the centre created)."""
    prefix = scope_prefix(programme.jurisdiction_id)
    programme_type = ContentType.objects.get_for_model(Programme)
    grants = RoleGrant.objects.filter(
        Q(role=Role.EXPERT, region__code__startswith=prefix)
        | Q(role=Role.MENTOR, scope_type=programme_type, scope_id=programme.pk)
    )
    return User.objects.filter(is_active=True, pk__in=grants.values("user_id")).order_by(
        "full_name", "username"
    )


def teams_of(cohort: Cohort) -> list[MentorTeam]:
    return list(
        MentorTeam.objects.filter(cohort=cohort).prefetch_related(
            "mentors__user", "trainees__principal__school"
        )
    )


def unassigned_trainees(cohort: Cohort) -> QuerySet[Trainee]:
    return (
        Trainee.objects.filter(cohort=cohort)
        .exclude(status=Trainee.Status.REMOVED)
        .exclude(mentor_teams__cohort=cohort)
        .select_related("principal__school")
        .order_by("principal__name")
    )


def assignable_trainees(cohort: Cohort) -> QuerySet[Trainee]:
    return (
        Trainee.objects.filter(cohort=cohort)
        .exclude(status=Trainee.Status.REMOVED)
        .select_related("principal__school")
        .order_by("principal__name")
    )


@dataclass
class TraineeRow:
    trainee: Trainee
    teams: list[str] = field(default_factory=list)
    plan_state: str = ""  # the latest version's state, "" when there is no plan
    plan_label: str = ""
    plan_number: int | None = None
    approved: bool = False
    hours: float = 0.0  # curriculum hours counted by the engine (each topic up to its target)
    required_hours: float = 0.0
    present: int = 0
    absent: int = 0
    leave: int = 0
    deliverables: int = 0
    sessions: int = 0
    cells: list[Cell] = field(default_factory=list)

    @property
    def lacking(self) -> list[Cell]:
        return [c for c in self.cells if c.state in (State.MISSED, State.AT_RISK)]


def workspace_rows(user, *, as_of: dt.date) -> list[TraineeRow]:
    """The trainees on the user's teams, with their plan, hours against the curriculum,
    attendance, deliverables, sessions and compliance verdicts."""
    ids = sorted(mentored_trainee_ids(user))
    if not ids:
        return []
    trainees = list(
        Trainee.objects.filter(pk__in=ids)
        .select_related("cohort__programme__policy_version", "principal__school")
        .order_by("cohort__number", "principal__name", "pk")
    )
    rows = {t.pk: TraineeRow(t) for t in trainees}
    by_principal = {t.principal_id: t.pk for t in trainees}
    for trainee_id, name in (
        MentorTeam.trainees.through.objects.filter(
            trainee_id__in=ids, mentorteam__mentors__user=user
        )
        .values_list("trainee_id", "mentorteam__name")
        .distinct()
    ):
        rows[trainee_id].teams.append(name)
    labels = dict(PlanVersion.State.choices)
    for trainee_id, state, number in PlanVersion.objects.filter(
        plan__trainee_id__in=ids
    ).values_list("plan__trainee_id", "state", "number"):
        row = rows[trainee_id]
        if state == PlanVersion.State.APPROVED:
            row.approved = True
        if row.plan_number is None or number > row.plan_number:
            row.plan_number, row.plan_state, row.plan_label = number, state, str(labels[state])
    cohorts = {t.cohort_id for t in trainees}
    counts = (
        Attendance.objects.filter(
            principal_id__in=list(by_principal),
            activity__organisers__cohort_id__in=cohorts,
            activity__date__lte=as_of,
        )
        .values_list("principal_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for principal_id, status, n in counts:
        row = rows[by_principal[principal_id]]
        if status == Attendance.Status.PRESENT:
            row.present = n
        elif status == Attendance.Status.ABSENT:
            row.absent = n
        else:
            row.leave = n
    programmes = {t.cohort.programme_id: t.cohort.programme for t in trainees}
    for principal_id, n in (
        Deliverable.objects.filter(principal_id__in=list(by_principal), programme_id__in=programmes)
        .values_list("principal_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        rows[by_principal[principal_id]].deliverables = n
    sessions = Counter(
        MentoringSession.objects.filter(
            team__trainees__in=ids, activity__attendance__status=Attendance.Status.PRESENT
        )
        .filter(activity__attendance__principal_id__in=list(by_principal))
        .values_list("activity__attendance__principal_id", flat=True)
    )
    for principal_id, n in sessions.items():
        if principal_id in by_principal:
            rows[by_principal[principal_id]].sessions = n
    by_programme = defaultdict(list)
    for t in trainees:
        by_programme[t.cohort.programme_id].append(t.pk)
    for programme_id, subject_ids in by_programme.items():
        whole, all_rules = whole_evaluation(programmes[programme_id], as_of=as_of)
        evaluation = narrowed(whole, all_rules, subject_ids)
        rule_kinds = {info.id: info.kind for info in evaluation.rules}
        for (subject_id, rule_id), cell in evaluation.cells.items():
            row = rows[subject_id]
            row.cells.append(cell)
            if rule_kinds.get(rule_id) == "curriculum_hours" and cell.verdicts:
                verdict = cell.verdicts[0]
                row.hours, row.required_hours = verdict.count, verdict.required
    return list(rows.values())


def teams_mentored_by(user) -> QuerySet[MentorTeam]:
    return MentorTeam.objects.filter(mentors__user=user).select_related("cohort__programme")


def trainee_sessions(trainee: Trainee) -> list[MentoringSession]:
    """The mentoring sessions of the trainee's teams, newest first, with their attendance."""
    return list(
        MentoringSession.objects.filter(team__trainees=trainee)
        .select_related("activity", "team")
        .prefetch_related("activity__attendance")
        .order_by("-activity__date", "-pk")
    )


def mentors_of(trainee: Trainee) -> list[Mentor]:
    return list(
        Mentor.objects.filter(team__trainees=trainee).select_related("user", "team").distinct()
    )
