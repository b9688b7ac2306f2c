"""Reads for assessment rounds, scoped to what the user may see."""

from django.db.models import Prefetch, QuerySet

from touyan.programmes.access import access_of
from touyan.programmes.selectors import programmes_visible_to

from .models import Case, CaseDocument

# The dossier --------------------------------------------------------------------------------


def cases_in_reach(user) -> QuerySet[Case]:
    """Cases of the programmes the user may see, with what a case page reads; the permission
    narrows further."""
    return Case.objects.filter(round__programme__in=programmes_visible_to(user)).select_related(
        "round__programme", "studio__host", "member__principal", "trainee__principal"
    )


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
