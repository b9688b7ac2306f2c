"""Reading studios with their prospectus (what the public sees, what a member applicant
chooses from, and who reviews a prospectus), the host's documents with their versions, and
the tasks the host gives members with each member's part."""

from __future__ import annotations

import datetime as dt

from django.db.models import BooleanField, Case, Count, Q, QuerySet, Value, When
from django.utils import timezone

from touyan.programmes.models import Programme, Studio, StudioMember
from touyan.programmes.selectors import programme_managers, still_member
from touyan.records.models import Deliverable

from .documents import HostDocument, documents_of
from .models import Assignment, Task
from .states import OPEN


def public_studios(programme: Programme | None = None) -> QuerySet[Studio]:
    """Studios whose prospectus the centre has approved, with what their pages show."""
    studios = Studio.objects.filter(prospectus__published_at__isnull=False)
    if programme is not None:
        studios = studios.filter(programme=programme)
    return studios.select_related(
        "programme", "host__school", "base_school", "region__parent__parent", "prospectus"
    ).order_by("programme", "region_id", "name")


def choosable_studios(programme: Programme) -> QuerySet[Studio]:
    """What a member applicant may rank: the programme's studios with a public prospectus that
    are not revoked."""
    return public_studios(programme).filter(revoked_on__isnull=True)


def awaiting_review(programme: Programme) -> QuerySet[Studio]:
    return Studio.objects.filter(
        programme=programme, prospectus__status="submitted"
    ).select_related("host", "prospectus")


def reviewers_of(studio: Studio):
    return programme_managers(studio.programme)


# The host's documents (HN-4.2.1) ----------------------------------------------------------


def document_versions(studio: Studio, code: str) -> QuerySet[Deliverable]:
    """Every saved version of one host document, the newest (the current text) first."""
    return (
        Deliverable.objects.filter(studio=studio, principal__isnull=True, document=code)
        .select_related("created_by")
        .order_by("-created_at", "-pk")
    )


def host_documents(studio: Studio) -> list[tuple[HostDocument, Deliverable | None, int]]:
    """Each host document the policy offers, with its current version (or None) and how many
    versions it has."""
    versions: dict[str, list[Deliverable]] = {}
    rows = (
        Deliverable.objects.filter(studio=studio, principal__isnull=True)
        .exclude(document="")
        .select_related("created_by")
        .order_by("-created_at", "-pk")
    )
    for version in rows:
        versions.setdefault(version.document, []).append(version)
    return [
        (document, (versions.get(document.code) or [None])[0], len(versions.get(document.code, [])))
        for document in documents_of(studio.programme)
    ]


# Tasks (HN-4.2.2) ---------------------------------------------------------------------------


def overdue(prefix: str = "", today: dt.date | None = None) -> Q:
    """A member's part still to do after the task's due date."""
    today = today or timezone.localdate()
    return Q(**{f"{prefix}status__in": OPEN, f"{prefix}task__due_on__lt": today})


def serving_members(studio: Studio) -> QuerySet[StudioMember]:
    """The members a task may be given to: those who have not left."""
    return (
        StudioMember.objects.filter(still_member(), studio=studio)
        .select_related("principal__school", "principal__user")
        .order_by("principal__name", "pk")
    )


def tasks_of_studio(studio: Studio, today: dt.date | None = None) -> QuerySet[Task]:
    """The studio's tasks, each with how many members have it, have handed it in, are done
    and are late."""
    status = "assignments__status"
    return Task.objects.filter(studio=studio).annotate(
        given=Count("assignments"),
        waiting=Count("assignments", filter=Q(**{status: Assignment.Status.SUBMITTED})),
        done=Count("assignments", filter=Q(**{status: Assignment.Status.ACCEPTED})),
        late=Count("assignments", filter=overdue("assignments__", today)),
    )


def with_lateness(assignments: QuerySet[Assignment], today: dt.date | None = None):
    """``late``: the part is overdue (see ``overdue``)."""
    return assignments.annotate(
        late=Case(
            When(overdue(today=today), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def assignments_of_task(task: Task, today: dt.date | None = None) -> QuerySet[Assignment]:
    return with_lateness(
        task.assignments.select_related("member__principal__school").order_by(
            "member__principal__name", "pk"
        ),
        today,
    )


def tasks_of_member(membership: StudioMember, today: dt.date | None = None) -> QuerySet[Assignment]:
    """A member's parts of the studio's tasks with their state and whether each is late, the
    soonest due first: what the member's record (成员档案) shows of HN-4.2.2."""
    return with_lateness(
        Assignment.objects.filter(member=membership)
        .select_related("task__studio")
        .order_by("task__due_on", "task_id"),
        today,
    )


def overdue_count(membership: StudioMember, today: dt.date | None = None) -> int:
    return Assignment.objects.filter(overdue(today=today), member=membership).count()


def assignments_of(principal_id: int) -> QuerySet[Assignment]:
    """A principal's parts of tasks in every studio they belong to, for their own pages."""
    return with_lateness(
        Assignment.objects.filter(member__principal_id=principal_id)
        .select_related("task__studio__programme")
        .order_by("task__due_on", "task_id")
    )
