"""Which visits and rotations a user sees. The centre and the authority see the programme's,
a district officer those of the studios of their district, a host their studio's, and a member
the visit to their own school (the rotation's months they see with the studio)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from touyan.policies import schema
from touyan.programmes.access import access_of
from touyan.programmes.models import Programme, Studio, StudioMember
from touyan.programmes.policy import spec_of
from touyan.programmes.selectors import still_member, studios_visible_to
from touyan.records.selectors import studios_recorded_by
from touyan.regions.codes import scope_prefix as codes_prefix

from .models import Visit


def diagnosis_of(programme: Programme) -> schema.Diagnosis | None:
    """The programme's ``[diagnosis]``: None when it keeps no rotation."""
    return spec_of(programme).diagnosis


def rotations_visible_to(user, programme: Programme) -> QuerySet[Studio]:
    if diagnosis_of(programme) is None:
        return Studio.objects.none()
    return studios_visible_to(user, programme)


def rotations_planned_by(user, programme: Programme) -> QuerySet[Studio]:
    """The studios whose rotation the user plans and whose visits they report: the centre's
    for every studio, a host's for their own (like the studio's activities)."""
    if diagnosis_of(programme) is None:
        return Studio.objects.none()
    return studios_recorded_by(user, programme)


def visits_visible_to(user, programme: Programme) -> QuerySet[Visit]:
    visits = Visit.objects.filter(studio__programme=programme).select_related(
        "studio", "school", "member__principal", "activity"
    )
    access = access_of(user)
    if access.manages(programme) or programme.pk in access.viewed_programmes:
        return visits
    condition = Q(pk__in=[])
    for code in access.district_codes:
        condition |= Q(studio__region__code__startswith=codes_prefix(code))
    if access.principal_id is not None:
        condition |= Q(studio__host_id=access.principal_id)
        condition |= Q(member__principal_id=access.principal_id)
    return visits.filter(condition)


def own_visits(user) -> QuerySet[Visit]:
    """The visits to the user's own school as a member, in every programme."""
    principal = access_of(user).principal_id
    if principal is None:
        return Visit.objects.none()
    return Visit.objects.filter(member__principal_id=principal)


def serving_members(studio: Studio, on: dt.date | None = None) -> QuerySet[StudioMember]:
    """The members a rotation visits: joined by ``on`` (today) and not gone."""
    on = on or timezone.localdate()
    return (
        StudioMember.objects.filter(still_member(on=on), studio=studio, joined_on__lte=on)
        .select_related("principal__school")
        .order_by("joined_on", "pk")
    )


def rotation_of(studio: Studio) -> QuerySet[Visit]:
    return (
        Visit.objects.filter(studio=studio)
        .select_related("school", "member__principal", "activity")
        .order_by("month", "pk")
    )
