"""Reading the shared record through the API, narrowed to what the user may see.

The programmes app decides which studios and trainees a user sees; everything here is derived
from those two selectors, so the API can never show more than the pages:

- a cohort is visible when the user manages the programme, or sees one of its trainees;
- an activity is visible when one of its organisers (a studio or a cohort) is visible;
- a person's attendance and deliverables are visible when that person is: a host or member of
  a visible studio, or a visible trainee.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from touyan.programmes.access import access_of
from touyan.programmes.models import Cohort, Programme, StudioMember
from touyan.programmes.selectors import studios_visible_to, trainees_visible_to
from touyan.records.models import Activity, Attendance, Deliverable


def sees_whole_programme(user, programme: Programme) -> bool:
    access = access_of(user)
    return access.manages(programme) or programme.pk in access.viewed_programmes


def cohorts_visible_to(user, programme: Programme) -> QuerySet[Cohort]:
    cohorts = Cohort.objects.filter(programme=programme)
    if sees_whole_programme(user, programme):
        return cohorts
    return cohorts.filter(pk__in=trainees_visible_to(user, programme).values("cohort_id"))


def activities_visible_to(user, programme: Programme) -> QuerySet[Activity]:
    activities = Activity.objects.filter(programme=programme)
    if sees_whole_programme(user, programme):
        return activities
    return activities.filter(
        pk__in=Activity.objects.filter(programme=programme)
        .filter(
            Q(organisers__studio__in=studios_visible_to(user, programme).values("pk"))
            | Q(organisers__cohort__in=cohorts_visible_to(user, programme).values("pk"))
        )
        .values("pk")
    )


def visible_principal_ids(user, programme: Programme) -> set[int] | None:
    """The people of the programme whose record the user sees; ``None`` means everyone."""
    if sees_whole_programme(user, programme):
        return None
    studios = studios_visible_to(user, programme)
    people = set(studios.values_list("host_id", flat=True))
    people |= set(
        StudioMember.objects.filter(studio__in=studios.values("pk")).values_list(
            "principal_id", flat=True
        )
    )
    people |= set(trainees_visible_to(user, programme).values_list("principal_id", flat=True))
    return people


def attendance_visible_to(user, activity: Activity) -> QuerySet[Attendance]:
    rows = Attendance.objects.filter(activity=activity).select_related("principal__school")
    people = visible_principal_ids(user, activity.programme)
    return rows if people is None else rows.filter(principal_id__in=people)


def deliverables_visible_to(user, programme: Programme) -> QuerySet[Deliverable]:
    deliverables = Deliverable.objects.filter(programme=programme).select_related(
        "studio", "principal"
    )
    if sees_whole_programme(user, programme):
        return deliverables
    people = visible_principal_ids(user, programme) or set()
    studios = studios_visible_to(user, programme).values("pk")
    return deliverables.filter(
        Q(principal_id__in=people) | Q(principal__isnull=True, studio__in=studios)
    )
