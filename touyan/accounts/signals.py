from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor

from .scopes import scope_of


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    if request is not None:
        record(actor=Actor.from_request(request, user=user), verb=Verb.LOGIN, target=user)


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    if request is not None and user is not None:
        record(actor=Actor.from_request(request, user=user), verb=Verb.LOGOUT, target=user)


@receiver(user_login_failed)
def audit_failed_login(sender, credentials, request=None, **kwargs):
    """Recorded against the account that was tried (if it exists), never with the password."""
    if request is None:
        return
    username = str(credentials.get("username", ""))[:150]
    account = get_user_model().objects.filter(username=username).first()
    codes = scope_of(account).region_codes if account else ()
    record(
        actor=Actor.from_request(request),
        verb=Verb.LOGIN_FAILED,
        target=account,
        scope_code=codes[0] if codes else "",
        note=username,
    )
