import logging

from django.db import transaction

from touyan.accounts.models import User
from touyan.core import registry, retention
from touyan.core.mail import send_one
from touyan.jobs.kinds import job

from .models import Notification

logger = logging.getLogger(__name__)


# Not atomic: a mail is no database write; it is sent at least once.
@job("notifications.mail", atomic=False, max_attempts=5)
def send_notification_mail(job, user_id: int, subject: str, text: str) -> dict:
    """Sent to the address the account has when the mail leaves (none, or gone: not sent)."""
    address = User.objects.filter(pk=user_id, is_active=True).values_list("email", flat=True)
    address = address.first()
    if not address:
        return {"sent": 0}
    try:
        return {"sent": send_one(subject=subject, text=text, address=address)}
    except Exception:
        logger.warning("notification mail to user %s failed (attempt %s)", user_id, job.attempts)
        raise


def purge_old_notifications(now):
    """Read or unread, a notification older than its period goes (touyan.core.retention)."""
    before = retention.cutoff("notifications", now)
    with transaction.atomic():
        count, _ = Notification.objects.filter(created_at__lt=before).delete()
        return [retention.purged("notifications", count, before=before)]


registry.RETENTION.add(purge_old_notifications, weight=40)
