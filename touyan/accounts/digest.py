"""A person's choice of the daily 待办 e-mail: the form of its page and the one service that
changes it (the person's own account only, audited)."""

from __future__ import annotations

from django import forms
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
def set_inbox_digest(*, actor: Actor, user: User, enabled: bool) -> User:
    """Only the person themself (or the system) chooses their e-mail."""
    if actor.user is not None and actor.user.pk != user.pk:
        raise PermissionDenied
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.inbox_digest == enabled:
        return user
    user.inbox_digest = enabled
    user.save(update_fields=["inbox_digest"])
    record(
        actor=actor,
        verb=Verb.UPDATE,
        target=user,
        changes={"inbox_digest": [not enabled, enabled]},
    )
    return user
