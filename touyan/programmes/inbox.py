"""What the inbox contributions of every domain ask first: which programmes a user manages, as
a filter on any model that reaches a programme (``field`` is the path to it)."""

from __future__ import annotations

from django.db.models import Q

from .access import access_of
from .models import Programme


def managed(user, field: str = "programme") -> Q | None:
    """The condition "in a running or planned programme the user manages", or None when they
    manage none. A subquery of programme ids, so the database reaches the rows through their
    programme's index (an activity's programme and date, say) instead of scanning them."""
    access = access_of(user)
    if access.everything:
        programmes = Q()
    elif access.managed_programmes or access.managed_prefixes:
        programmes = Q(pk__in=list(access.managed_programmes))
        for prefix in access.managed_prefixes:
            programmes |= Q(jurisdiction__code__startswith=prefix)
    else:
        return None
    ids = Programme.objects.filter(programmes).exclude(status=Programme.Status.CLOSED)
    return Q(**{f"{field}__in": ids.values("pk")})
