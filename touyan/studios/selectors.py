"""Reading studios with their prospectus: what the public sees, what a member applicant
chooses from, and who reviews a prospectus."""

from __future__ import annotations

from django.db.models import QuerySet

from touyan.programmes.models import Programme, Studio
from touyan.programmes.selectors import programme_managers


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
