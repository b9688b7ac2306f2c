"""Reading programmes and their subjects, narrowed to what the user may see.

- Managers (authority admin or centre staff over the programme's jurisdiction, or granted the
  programme itself) see the whole programme.
- District officers see the programmes of the jurisdiction their district lies in, and in them
  only the studios and trainees of their district.
- Hosts, members and trainees see the programmes they take part in, and in them their own
  studio or their own record. A member who has left a studio no longer sees it.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from touyan.regions.codes import parent_candidates
from touyan.regions.codes import scope_prefix as codes_prefix

from .access import MANAGING_ROLES, access_of
from .models import Cohort, Programme, Studio, StudioMember, Trainee


def still_member(prefix: str = "", on: dt.date | None = None) -> Q:
    """Memberships not ended by ``on`` (today): no leaving date, or one still to come. Used in
    the same ``filter()`` call as the condition on the member, so that both hold of one row."""
    on = on or timezone.localdate()
    return Q(**{f"{prefix}left_on__isnull": True}) | Q(**{f"{prefix}left_on__gte": on})


def is_member_of_studio(principal_id: int) -> Q:
    """For studios: ``principal_id`` is a current member."""
    return Q(members__principal_id=principal_id) & still_member("members__")


def _followed(access) -> Q:
    condition = Q(pk__in=access.managed_programmes | access.viewed_programmes)
    for prefix in access.managed_prefixes:
        condition |= Q(jurisdiction__code__startswith=prefix)
    if access.district_codes:
        followed = [
            pk
            for pk, jurisdiction_id in Programme.objects.values_list("pk", "jurisdiction_id")
            if access.follows_district_of(Programme(pk=pk, jurisdiction_id=jurisdiction_id))
        ]
        condition |= Q(pk__in=followed)
    return condition


def programmes_followed_by(user) -> QuerySet[Programme]:
    """The programmes the user follows as a whole or for their district: managers, users
    granted the programme, district officers of its area; not its participants."""
    access = access_of(user)
    programmes = Programme.objects.select_related("jurisdiction", "policy_version__policy")
    return programmes if access.everything else programmes.filter(_followed(access))


def programmes_visible_to(user) -> QuerySet[Programme]:
    access = access_of(user)
    programmes = Programme.objects.select_related("jurisdiction", "policy_version__policy")
    if access.everything:
        return programmes
    condition = _followed(access)
    if access.principal_id is not None:
        principal = access.principal_id
        condition |= Q(
            pk__in=Studio.objects.filter(
                Q(host_id=principal) | is_member_of_studio(principal)
            ).values("programme_id")
        ) | Q(pk__in=Trainee.objects.filter(principal_id=principal).values("cohort__programme_id"))
    return programmes.filter(condition)


def programme_for(user, slug: str) -> Programme:
    return get_object_or_404(programmes_visible_to(user), slug=slug)


def studios_visible_to(user, programme: Programme) -> QuerySet[Studio]:
    access = access_of(user)
    studios = Studio.objects.filter(programme=programme).select_related(
        "host", "base_school", "region"
    )
    if access.manages(programme) or programme.pk in access.viewed_programmes:
        return studios
    condition = Q(pk__in=[])
    for code in access.district_codes:
        condition |= Q(region__code__startswith=codes_prefix(code))
    if access.principal_id is not None:
        condition |= Q(host_id=access.principal_id) | is_member_of_studio(access.principal_id)
    return studios.filter(condition).distinct()


def trainees_visible_to(user, programme: Programme) -> QuerySet[Trainee]:
    access = access_of(user)
    trainees = Trainee.objects.filter(cohort__programme=programme).select_related(
        "cohort", "principal__school"
    )
    if access.manages(programme) or programme.pk in access.viewed_programmes:
        return trainees
    condition = Q(pk__in=[])
    for code in access.district_codes:
        condition |= Q(principal__school__region__code__startswith=codes_prefix(code))
    if access.principal_id is not None:
        condition |= Q(principal_id=access.principal_id)
    return trainees.filter(condition)


def members_visible_to(user, programme: Programme) -> QuerySet[StudioMember]:
    """Whose member archive a user may read: every membership for those who follow the whole
    programme; those of their district's studios for a district officer; those of their own
    studios for a host; a member their own."""
    access = access_of(user)
    members = StudioMember.objects.filter(studio__programme=programme).select_related(
        "studio__programme", "principal__school"
    )
    if access.manages(programme) or programme.pk in access.viewed_programmes:
        return members
    condition = Q(pk__in=[])
    for code in access.district_codes:
        condition |= Q(studio__region__code__startswith=codes_prefix(code))
    if access.principal_id is not None:
        condition |= Q(studio__host_id=access.principal_id) | Q(principal_id=access.principal_id)
    return members.filter(condition)


def cohorts_visible_to(user, programme: Programme) -> QuerySet[Cohort]:
    """Every cohort for the programme's managers; for everyone else the cohorts of the
    trainees they see."""
    cohorts = Cohort.objects.filter(programme=programme)
    if access_of(user).manages(programme):
        return cohorts
    return cohorts.filter(pk__in=trainees_visible_to(user, programme).values("cohort_id"))


def programme_managers(programme: Programme):
    """The active users who manage the programme: managing roles over its jurisdiction (or a
    region around it), or granted the programme itself. Told when something awaits them."""
    from django.contrib.contenttypes.models import ContentType

    from touyan.accounts.models import RoleGrant, User

    jurisdiction = programme.jurisdiction_id
    grants = RoleGrant.objects.filter(role__in=MANAGING_ROLES).filter(
        Q(region_id__in={jurisdiction, *parent_candidates(jurisdiction)})
        | Q(scope_type=ContentType.objects.get_for_model(Programme), scope_id=programme.pk)
    )
    return User.objects.filter(is_active=True, pk__in=grants.values("user_id"))
