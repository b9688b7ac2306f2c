from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db import transaction

from touyan.core import registry, retention
from touyan.jobs.kinds import job

from .models import User
from .passwords import LinkBase, send_reset_link


# Not atomic: a mail is no database write; it is sent at least once.
@job("accounts.reset_mail", atomic=False, max_attempts=5)
def send_reset_mail(job, user_id: int, link: dict) -> dict:
    """To the account as it is when the mail leaves: deactivated or without an address since,
    no mail."""
    user = User.objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is None:
        return {"sent": 0}
    return {"sent": send_reset_link(user=user, link=LinkBase(**link))}


def purge_old_login_attempts(now):
    """django-axes keeps every sign-in (its log) and the failures it counts, with the address and
    the user name typed: past their period they go. Locking out needs only the last minutes."""
    before = retention.cutoff("login_attempts", now)
    with transaction.atomic():
        count = sum(
            model.objects.filter(attempt_time__lt=before).delete()[1].get(model._meta.label, 0)
            for model in (AccessAttempt, AccessFailureLog, AccessLog)
        )
        return [retention.purged("login_attempts", count, before=before)]


registry.RETENTION.add(purge_old_login_attempts, weight=30)
