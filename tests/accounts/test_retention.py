"""Login attempts (django-axes: the failures it counts and its log of sign-ins) go once older
than their period; the purge is audited with counts only."""

import datetime as dt

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.utils import timezone

from touyan.accounts.jobs import purge_old_login_attempts
from touyan.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def attempt(model, username, days_ago):
    extra = {"failures_since_start": 1} if model is AccessAttempt else {}
    row = model.objects.create(
        username=username, ip_address="10.0.0.1", user_agent="pytest", **extra
    )
    model.objects.filter(pk=row.pk).update(
        attempt_time=timezone.now() - dt.timedelta(days=days_ago)
    )
    return row


def test_old_login_attempts_go_and_recent_ones_stay(settings):
    settings.RETENTION = {"login_attempts": 90}
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        attempt(model, "old-user", 91)
        attempt(model, "recent-user", 5)
    [purged] = purge_old_login_attempts(timezone.now())
    assert (purged.kind, purged.count) == ("login_attempts", 3)
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        assert list(model.objects.values_list("username", flat=True)) == ["recent-user"]
    entry = AuditEntry.objects.get()
    assert entry.changes["count"] == 3
    assert "old-user" not in entry.note + str(entry.changes)
