from django.db.models import QuerySet

from touyan.accounts.scopes import scope_of
from touyan.regions.selectors import within

from .models import AuditEntry


def entries_visible_to(user) -> QuerySet[AuditEntry]:
    """Superusers see the whole trail; an authority admin sees what happened in their area."""
    entries = AuditEntry.objects.select_related("target_type")
    scope = scope_of(user)
    if scope.everything:
        return entries
    return entries.filter(within(list(scope.registry_prefixes), "scope_code"))
