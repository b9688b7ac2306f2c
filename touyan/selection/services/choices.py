"""A member applicant's ranked studios (HN-3.6): up to the policy's number, from the studios
whose prospectus is public, changeable until the call closes — also after submission, since
the ranking is read only when the allocation runs."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor
from touyan.core.steps import require
from touyan.programmes.models import Studio
from touyan.programmes.policy import spec_of
from touyan.studios.selectors import choosable_studios

from ..models import Application, Call
from ..states import APPLICATION, CALL

CHOOSING = APPLICATION.sources("choose")


def choice_limit(call: Call) -> int:
    rules = spec_of(call.programme).allocation
    return rules.choices if rules else 5


def can_choose(application: Application, now: dt.datetime) -> bool:
    call = application.call
    return (
        call.purpose == "members"
        and CALL.allows(call, "apply")
        and call.opens_at <= now < call.closes_at
        and APPLICATION.allows(application, "choose")
    )


@transaction.atomic
def set_choices(
    *,
    actor: Actor,
    application: Application,
    studios: list[Studio],
    now: dt.datetime | None = None,
) -> Application:
    now = now or timezone.now()
    application = APPLICATION.lock(application)
    require(actor, "selection.change_application", application)
    call = application.call
    if call.purpose != "members":
        raise ValidationError(_("这一遴选不填报工作室志愿"))
    if not can_choose(application, now):
        raise ValidationError(
            _("志愿只能在申报截止（%(at)s）前修改")
            % {"at": timezone.localtime(call.closes_at).strftime("%Y-%m-%d %H:%M")}
        )
    limit = choice_limit(call)
    if len(studios) > limit:
        raise ValidationError(_("最多填报 %(n)d 个工作室") % {"n": limit})
    pks = [studio.pk for studio in studios]
    if len(set(pks)) != len(pks):
        raise ValidationError(_("同一个工作室只能填报一次"))
    allowed = set(choosable_studios(call.programme).values_list("pk", flat=True))
    if not set(pks) <= allowed:
        raise ValidationError(_("只能填报本项目已公开简介的工作室"))
    before = list(application.studio_choices)
    if before == pks:
        return application
    application.studio_choices = pks
    application.updated_at = now
    application.save(update_fields=["studio_choices", "updated_at"])
    record(
        actor=actor,
        verb=Verb.UPDATE,
        target=application,
        scope_code=application.district_id,
        changes={"studio_choices": [before, pks]},
    )
    return application
