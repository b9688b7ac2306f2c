"""Which resources a user sees (HN-4.1.5), and where they may share one.

- A public resource: everyone, visitors who have not signed in too.
- A programme's resource: every participant of the programme (hosts, current members,
  trainees), its managers and whoever follows it (``programmes_visible_to``).
- A studio's resource: the studio's host and current members, and whoever sees the studio
  (the programme's managers, district officers for their district's studios; as
  ``studios_visible_to``).
- Its author always sees what they shared.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from touyan.programmes.access import access_of
from touyan.programmes.models import Programme, Studio, StudioMember, Trainee
from touyan.programmes.selectors import programmes_visible_to, still_member
from touyan.regions.codes import scope_prefix

from .models import Resource, Visibility


def _studios_seen(user) -> QuerySet[Studio]:
    """The studios of every programme whose studio resources ``user`` sees, in one query (the
    union, over programmes, of ``studios_visible_to``)."""
    access = access_of(user)
    condition = Q(programme_id__in=access.managed_programmes | access.viewed_programmes)
    for prefix in access.managed_prefixes:
        condition |= Q(programme__jurisdiction__code__startswith=prefix)
    for code in access.district_codes:
        condition |= Q(region__code__startswith=scope_prefix(code))
    if access.principal_id is not None:
        condition |= Q(host_id=access.principal_id) | Q(
            pk__in=StudioMember.objects.filter(
                still_member(), principal_id=access.principal_id
            ).values("studio_id")
        )
    return Studio.objects.filter(condition)


def resources_visible_to(user) -> QuerySet[Resource]:
    resources = Resource.objects.select_related("programme", "studio")
    access = access_of(user)
    if access.everything:
        return resources
    condition = Q(visibility=Visibility.PUBLIC)
    if getattr(user, "is_authenticated", False) and user.is_active:
        condition |= Q(author_id=user.pk)
        condition |= Q(
            visibility=Visibility.PROGRAMME,
            programme_id__in=programmes_visible_to(user).values("pk"),
        )
        condition |= Q(visibility=Visibility.STUDIO, studio_id__in=_studios_seen(user).values("pk"))
    return resources.filter(condition)


def public_resources() -> QuerySet[Resource]:
    return Resource.objects.filter(visibility=Visibility.PUBLIC).select_related(
        "programme", "studio"
    )


def shared_by(user) -> QuerySet[Resource]:
    """What ``user`` shared (我分享的资源)."""
    return Resource.objects.filter(author_id=user.pk).select_related("programme", "studio")


def studios_shared_for(user) -> QuerySet[Studio]:
    """The studios ``user`` may share a resource for: those they host or belong to, and every
    studio of the programmes they manage."""
    access = access_of(user)
    studios = Studio.objects.select_related("programme").filter(revoked_on__isnull=True)
    if access.everything:
        return studios
    condition = Q(programme_id__in=access.managed_programmes)
    for prefix in access.managed_prefixes:
        condition |= Q(programme__jurisdiction__code__startswith=prefix)
    if access.principal_id is not None:
        condition |= Q(host_id=access.principal_id) | Q(
            pk__in=StudioMember.objects.filter(
                still_member(), principal_id=access.principal_id
            ).values("studio_id")
        )
    return studios.filter(condition)


def programmes_shared_for(user) -> QuerySet[Programme]:
    """The programmes ``user`` may share a resource for without a studio: those they manage,
    and those they are a trainee of."""
    access = access_of(user)
    programmes = Programme.objects.all()
    if access.everything:
        return programmes
    condition = Q(pk__in=access.managed_programmes)
    for prefix in access.managed_prefixes:
        condition |= Q(jurisdiction__code__startswith=prefix)
    if access.principal_id is not None:
        condition |= Q(
            pk__in=Trainee.objects.filter(principal_id=access.principal_id).values(
                "cohort__programme_id"
            )
        )
    return programmes.filter(condition)
