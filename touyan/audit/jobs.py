"""The audit trail's own retention: entries older than their period go (at least six months,
Cybersecurity Law Art. 21; the period is checked by ``touyan.core.retention``)."""

from django.db import transaction

from touyan.core import registry, retention

from .models import AuditEntry


def purge_old_entries(now):
    before = retention.cutoff("audit", now)
    with transaction.atomic():
        count, _ = AuditEntry.objects.filter(at__lt=before).delete()
        # Written after the delete, so the entry that says it is kept.
        return [retention.purged("audit", count, before=before)]


registry.RETENTION.add(purge_old_entries, weight=90)
