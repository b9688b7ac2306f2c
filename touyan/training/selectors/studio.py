"""What a trainee's 名校长工作室 has done, for their page, the centre's overview and the
completion review's evidence (HZ-3.3.3, HZ-3.3.3.1)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from touyan.programmes.models import Cohort, Studio, StudioMember, Trainee
from touyan.programmes.selectors import still_member
from touyan.records.models import Activity, Attendance, Organiser, ResearchOutcome

from ..services.studio import STUDIO_ACTIVITY


@dataclass(frozen=True)
class StudioSummary:
    """``studio`` is None when the trainee has not founded one (every count is then 0).

    * ``members``: the studio's current members (the principals it brings on), by joining date;
    * ``activities``: every activity the studio organised, held or planned, by date;
    * ``held``: how many of them have been held (dated on or before ``as_of``);
    * ``hours``: the studio-topic hours credited to the trainee for the studio's activities
      they attended as organiser — what their ``studio`` curriculum topic gains from the studio;
    * ``outcomes``: the outcomes of the research projects registered for the studio.
    """

    studio: Studio | None
    members: list[StudioMember] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    held: int = 0
    hours: Decimal = Decimal(0)
    outcomes: list[ResearchOutcome] = field(default_factory=list)

    @property
    def member_count(self) -> int:
        return len(self.members)

    @property
    def activity_count(self) -> int:
        return len(self.activities)


def studio_of(trainee: Trainee) -> Studio | None:
    return (
        Studio.objects.filter(founder=trainee)
        .select_related("programme", "host", "base_school", "region")
        .first()
    )


def studio_summary(trainee: Trainee, *, as_of: dt.date | None = None) -> StudioSummary:
    """The evidence of the trainee's studio as of ``as_of`` (today by default), in five
    queries whatever its size."""
    as_of = as_of or timezone.localdate()
    studio = studio_of(trainee)
    if studio is None:
        return StudioSummary(studio=None)
    members = list(
        StudioMember.objects.filter(still_member(), studio=studio)
        .select_related("principal__school")
        .order_by("joined_on", "pk")
    )
    activities = list(
        Activity.objects.filter(organisers__studio=studio).order_by("date", "pk").distinct()
    )
    hours = (
        Attendance.objects.filter(
            activity__organisers__studio=studio,
            activity__date__lte=as_of,
            principal_id=studio.host_id,
            status=Attendance.Status.PRESENT,
        )
        .exclude(activity__topic="")
        .aggregate(h=Sum("activity__hours"))["h"]
    )
    outcomes = list(
        ResearchOutcome.objects.filter(project__studio=studio, achieved_on__lte=as_of)
        .select_related("project")
        .order_by("achieved_on", "pk")
    )
    return StudioSummary(
        studio=studio,
        members=members,
        activities=activities,
        held=sum(1 for a in activities if a.date <= as_of),
        hours=Decimal(hours or 0),
        outcomes=outcomes,
    )


def _count(queryset) -> Coalesce:
    return Coalesce(
        Subquery(queryset.order_by().values("studio_id").annotate(n=Count("pk")).values("n")),
        0,
    )


def with_studio_counts(trainees: QuerySet[Trainee]) -> QuerySet[Trainee]:
    """``trainees``, each with the counts of the studio they founded (0 without one):
    ``member_count`` (current members) and ``activity_count`` (studio activities)."""
    studio = OuterRef("studio__pk")
    return trainees.annotate(
        member_count=_count(StudioMember.objects.filter(still_member(), studio_id=studio)),
        activity_count=_count(
            Organiser.objects.filter(studio_id=studio, activity__activity_type=STUDIO_ACTIVITY)
        ),
    )


def cohort_studios(cohort: Cohort) -> QuerySet[Trainee]:
    """The cohort's trainees, each with their studio (``studio`` may be missing) and its
    counts (``with_studio_counts``)."""
    return (
        with_studio_counts(Trainee.objects.filter(cohort=cohort))
        .select_related("principal__school__region", "studio")
        .order_by("principal__school__region_id", "principal__name", "pk")
    )
