"""What the inbox contributions of every domain ask first: which programmes a user manages, as
a filter on any model that reaches a programme (``field`` is the path to it)."""

from __future__ import annotations

from django.db.models import Q

from .access import access_of
from .models import Programme


def managed(user, field: str = "programme") -> Q | None:
    """The condition "in a programme the user manages", or None when they manage none."""
    access = access_of(user)
    if access.everything:
        return ~Q(**{f"{field}__status": Programme.Status.CLOSED})
    condition = Q(**{f"{field}_id__in": list(access.managed_programmes)})
    for prefix in access.managed_prefixes:
        condition |= Q(**{f"{field}__jurisdiction__code__startswith": prefix})
    if not (access.managed_programmes or access.managed_prefixes):
        return None
    return condition & ~Q(**{f"{field}__status": Programme.Status.CLOSED})
