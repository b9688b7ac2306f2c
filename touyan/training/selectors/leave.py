"""What leave pages read, narrowed to the user: a trainee's own requests and the sessions they
may still ask leave for; the requests and sessions of a programme the user manages."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone

from touyan.programmes.access import access_of
from touyan.programmes.inbox import managed
from touyan.programmes.models import Programme, Trainee
from touyan.records.models import Activity, Organiser

from ..models import LeaveRequest


def own_trainees(user) -> QuerySet[Trainee]:
    principal = access_of(user).principal_id
    if principal is None:
        return Trainee.objects.none()
    return Trainee.objects.filter(principal_id=principal).select_related("cohort__programme")


def own_requests(user) -> QuerySet[LeaveRequest]:
    return LeaveRequest.objects.filter(trainee__in=own_trainees(user)).select_related(
        "activity", "trainee__cohort"
    )


def sessions_to_ask_for(user, now: dt.datetime | None = None) -> list[tuple[Trainee, Activity]]:
    """The sessions of the user's cohorts in training that have not started, soonest first,
    with no live request of theirs yet (each with the trainee record it is asked as)."""
    now = timezone.localtime(now or timezone.now())
    trainees = {t.cohort_id: t for t in own_trainees(user).filter(status=Trainee.Status.ACTIVE)}
    if not trainees:
        return []
    asked = LeaveRequest.objects.filter(
        activity=OuterRef("pk"), trainee__in=list(trainees.values())
    ).exclude(state=LeaveRequest.State.WITHDRAWN)
    sessions = (
        Activity.objects.filter(organisers__cohort_id__in=list(trainees), date__gte=now.date())
        .exclude(Exists(asked))
        .annotate(cohort_id=_cohort_of())
        .order_by("date", "start_time", "pk")
        .distinct()
    )
    rows = []
    for activity in sessions[:50]:
        start = dt.datetime.combine(activity.date, activity.start_time or dt.time(0, 0))
        if timezone.make_aware(start) > now:
            rows.append((trainees[activity.cohort_id], activity))
    return rows


def _cohort_of():
    return Subquery(
        Organiser.objects.filter(activity=OuterRef("pk"), cohort_id__isnull=False).values(
            "cohort_id"
        )[:1]
    )


def requests_in(programme: Programme) -> QuerySet[LeaveRequest]:
    """A programme's requests, for whoever manages it (the view checks that first)."""
    return LeaveRequest.objects.filter(trainee__cohort__programme=programme).select_related(
        "activity", "trainee__principal__school", "decided_by"
    )


def requests_managed_by(user) -> QuerySet[LeaveRequest]:
    condition = managed(user, "trainee__cohort__programme")
    if condition is None:
        return LeaveRequest.objects.none()
    return LeaveRequest.objects.filter(condition).select_related(
        "activity__programme", "trainee__principal__school", "trainee__cohort__programme"
    )


def sessions_in(programme: Programme, *, around: dt.date) -> QuerySet[Activity]:
    """A programme's cohort sessions from a week before ``around`` on, soonest first."""
    return (
        Activity.objects.filter(
            programme=programme,
            organisers__cohort__isnull=False,
            date__gte=around - dt.timedelta(days=7),
        )
        .annotate(
            pending=Exists(
                LeaveRequest.objects.filter(
                    activity=OuterRef("pk"), state=LeaveRequest.State.REQUESTED
                )
            )
        )
        .order_by("date", "start_time", "pk")
        .distinct()
    )
