from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    if request is not None:
        record(actor=Actor.from_request(request, user=user), verb=Verb.LOGIN, target=user)


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    if request is not None and user is not None:
        record(actor=Actor.from_request(request, user=user), verb=Verb.LOGOUT, target=user)
