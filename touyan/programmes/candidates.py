"""What a user may pick when writing to programmes: the policy versions a new programme may run
under, the registry principals they may add as members or trainees."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from touyan.people.models import Principal
from touyan.people.selectors import principals_visible_to
from touyan.policies.models import PolicyVersion

from .access import access_of

SEARCH_LIMIT = 30


def policy_versions_for_new_programme(user) -> QuerySet[PolicyVersion]:
    """Every published version of the policies of the jurisdictions the user runs."""
    access = access_of(user)
    versions = PolicyVersion.objects.select_related("policy", "policy__jurisdiction").order_by(
        "policy__name", "-number"
    )
    if access.everything:
        return versions
    if not access.managed_prefixes:
        return versions.none()
    condition = Q(pk__in=[])
    for prefix in access.managed_prefixes:
        condition |= Q(policy__jurisdiction__code__startswith=prefix)
    return versions.filter(condition)


def principals_matching(user, text: str) -> QuerySet[Principal]:
    """Registry principals the user sees whose name (or school) contains ``text``."""
    text = text.strip()
    if not text:
        return Principal.objects.none()
    return (
        principals_visible_to(user)
        .filter(Q(name__contains=text) | Q(school__name__contains=text))
        .order_by("name", "pk")[:SEARCH_LIMIT]
    )
