"""A person's choice of the daily 待办 e-mail: the form of its page and the one service that
changes it (the person's own account only, audited)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor

from .models import User


class DigestForm(forms.Form):
    inbox_digest = forms.BooleanField(
        label=_("每天早上把我的待办事项发到我的邮箱"),
        required=False,
        help_text=_("没有待办事项的日子不发送。"),
    )


@transaction.atomic
def set_inbox_digest(*, actor: Actor, user: User, enabled: bool, language: str = "") -> User:
    """Only the person themself (or the system) chooses their e-mail, and the language it is
    written in (``language``, one of ``settings.LANGUAGES``; blank leaves it as it is)."""
    if actor.user is not None and actor.user.pk != user.pk:
        raise PermissionDenied
    if language and language not in dict(settings.LANGUAGES):
        raise ValueError(f"unknown language {language!r}")
    user = User.objects.select_for_update().get(pk=user.pk)
    wanted = {"inbox_digest": enabled, "language": language or user.language}
    changes = {
        field: [getattr(user, field), value]
        for field, value in wanted.items()
        if getattr(user, field) != value
    }
    if not changes:
        return user
    for field, (_old, value) in changes.items():
        setattr(user, field, value)
    user.save(update_fields=list(changes))
    record(actor=actor, verb=Verb.UPDATE, target=user, changes=changes)
    return user
