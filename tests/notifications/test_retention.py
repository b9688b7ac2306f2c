"""Notifications, read or unread, go once older than their period; the purge is audited."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import UserFactory
from touyan.audit.models import AuditEntry
from touyan.core import retention
from touyan.notifications.jobs import purge_old_notifications
from touyan.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_old_notifications_go_read_or_unread_and_recent_ones_stay(settings):
    settings.RETENTION = {"notifications": 30}
    user, now = UserFactory(), timezone.now()
    old_read = Notification.objects.create(
        user=user, title="旧的已读", created_at=now - dt.timedelta(days=31), read_at=now
    )
    old_unread = Notification.objects.create(
        user=user, title="旧的未读", created_at=now - dt.timedelta(days=40)
    )
    recent = Notification.objects.create(
        user=user, title="新的", created_at=now - dt.timedelta(days=29)
    )
    assert retention.apply(now) == {
        "notifications": 2,
        "objectors": 0,
        "login_attempts": 0,
        "audit": 0,
    }
    assert list(Notification.objects.all()) == [recent]
    assert not Notification.objects.filter(pk__in=[old_read.pk, old_unread.pk]).exists()
    entry = AuditEntry.objects.get()
    assert entry.changes["retention"] == "notifications" and entry.changes["count"] == 2
    assert "旧的" not in entry.note + str(entry.changes)
    assert purge_old_notifications(now)[0].count == 0
    assert AuditEntry.objects.count() == 1
