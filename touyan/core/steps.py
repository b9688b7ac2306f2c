"""What every service shares: the permission check that lets the command line act with the
rights it was started with, and the name a stamp shows."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .actors import Actor


def require(actor: Actor, permission: str, obj=None, refusal: str = "") -> None:
    """Refuse unless the actor holds the permission (on ``obj``); ``refusal`` says why, for the
    API to pass on with its 404. The command line and the system act with the rights they were
    started with."""
    if actor.user is not None and not actor.user.has_perm(permission, obj):
        raise PermissionDenied(refusal) if refusal else PermissionDenied


def display_name(actor: Actor) -> str:
    """The name a stamp shows: the user's full name, or 系统 for the command line."""
    user = actor.user
    if user is None:
        return _("系统")
    return user.full_name or user.get_username()
