from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor
from touyan.core.steps import (  # noqa: F401  (the selection services' names)
    AlreadyDone,
    display_name,
    require,
)

from .. import states
from ..models import Application, Call


def lock_call(call: Call) -> Call:
    return (
        Call.objects.select_for_update().select_related("programme__policy_version").get(pk=call.pk)
    )


def lock_application(application: Application) -> Application:
    return (
        Application.objects.select_for_update()
        .select_related("call__programme__policy_version", "principal__school")
        .get(pk=application.pk)
    )


def require_stage(call: Call, *stages: str) -> None:
    if call.stage not in stages:
        raise ValidationError(
            _("遴选当前处于“%(stage)s”阶段，不能进行这一步")
            % {"stage": Call.Stage(call.stage).label}
        )


def move(
    *,
    actor: Actor,
    application: Application,
    action: str,
    fields: dict | None = None,
    note: str = "",
) -> Application:
    """Apply one transition to a locked application, or explain why it cannot be applied."""
    if not states.can(action, application.status):
        raise AlreadyDone(_already(application))
    before = application.status
    application.status = states.target(action)
    application.updated_at = timezone.now()
    for name, value in (fields or {}).items():
        setattr(application, name, value)
    application.save()
    record(
        actor=actor,
        verb=Verb.UPDATE,
        target=application,
        scope_code=application.district_id,
        changes={"status": [before, application.status]},
        note=note,
    )
    return application


def _already(application: Application) -> str:
    status = Application.Status(application.status).label
    if application.reviewed_at and application.status in (
        Application.Status.ENDORSED,
        Application.Status.REJECTED,
        Application.Status.RETURNED,
    ):
        return _("该申报已是“%(status)s”（%(who)s，%(when)s），本次操作未重复执行") % {
            "status": status,
            "who": application.reviewer_name,
            "when": timezone.localtime(application.reviewed_at).strftime("%Y-%m-%d %H:%M"),
        }
    return _("该申报当前为“%(status)s”，本次操作未执行") % {"status": status}


def tell(users: Iterable, title: str, body: str = "", url: str = "") -> None:
    from touyan.notifications.services import notify

    users = [user for user in users if user is not None]
    if users:
        notify(users=users, title=title, body=body, url=url)
