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
