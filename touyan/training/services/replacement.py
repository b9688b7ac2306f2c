"""Filling a place freed by a removal from the call's ranking (递补, HZ-3.4.1, HZ-4.2.4).

The candidates are the applications of the call that filled the cohort which were decided and
not selected, best score first. The centre picks one with a recorded reason. Where the call's
policy has a public notice (公示, ``notice_working_days`` > 0), the replacement is published
for that many working days (computed by the selection notice service) and the candidate is
enrolled when it ends; otherwise at once. The cohort's capacity holds throughout."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor
from touyan.core.steps import require
from touyan.core.text import too_long
from touyan.notifications.services import notify
from touyan.programmes import services as programmes
from touyan.programmes.models import Cohort, Trainee
from touyan.programmes.policy import spec_of
from touyan.programmes.selectors import programme_managers
from touyan.selection.models import Application, Call
from touyan.selection.policy import call_spec
from touyan.selection.services.decisions import check_notice_start, notice_ends_on

from ..models import RemovalCase, Replacement


def ranking_call(cohort: Cohort) -> Call | None:
    """The trainee call that filled the cohort (the latest, if several did)."""
    return (
        Call.objects.filter(cohort=cohort, spec__purpose="trainees", stage=Call.Stage.FINAL)
        .order_by("-pk")
        .first()
    )


def candidates(cohort: Cohort) -> QuerySet[Application]:
    """The call's applications not selected, best score first, without those already given a
    place or already on the cohort's list."""
    call = ranking_call(cohort)
    if call is None:
        return Application.objects.none()
    return (
        call.applications.filter(status=Application.Status.NOT_SELECTED, replacement__isnull=True)
        .exclude(principal_id__in=Trainee.objects.filter(cohort=cohort).values("principal_id"))
        .select_related("principal__school", "call")
        .order_by(F("score").desc(nulls_last=True), "district_rank", "pk")
    )


def capacity(cohort: Cohort) -> int | None:
    bounds = spec_of(cohort.programme).members
    return bounds.cohort_size if bounds else None


def places_used(cohort: Cohort) -> int:
    """Trainees not removed, and replacements still in their notice period."""
    active = cohort.trainees.exclude(status=Trainee.Status.REMOVED).count()
    pending = Replacement.objects.filter(cohort=cohort, trainee__isnull=True).count()
    return active + pending


def free_places(cohort: Cohort) -> int | None:
    size = capacity(cohort)
    return None if size is None else max(size - places_used(cohort), 0)


def open_removals(cohort: Cohort) -> QuerySet[RemovalCase]:
    """Removals of the cohort whose place has not been given again."""
    return RemovalCase.objects.filter(
        trainee__cohort=cohort,
        decision=RemovalCase.Decision.REMOVE,
        replacement__isnull=True,
    ).select_related("trainee__principal")


@transaction.atomic
def replace(
    *,
    actor: Actor,
    removal: RemovalCase,
    application: Application,
    reason: str,
    today: dt.date | None = None,
) -> Replacement:
    cohort = (
        Cohort.objects.select_for_update()
        .select_related("programme")
        .get(pk=removal.trainee.cohort_id)
    )
    require(actor, "training.manage_removals", cohort)
    removal = RemovalCase.objects.select_for_update(of=("self",)).get(pk=removal.pk)
    if removal.decision != RemovalCase.Decision.REMOVE:
        raise ValidationError(_("只有作出淘汰决定后空出的名额才能递补"))
    if Replacement.objects.filter(removal=removal).exists():
        raise ValidationError(_("这一名额已经递补"))
    if not candidates(cohort).filter(pk=application.pk).exists():
        raise ValidationError({"application": _("所选人选不在本期遴选的递补名单中")})
    free = free_places(cohort)
    if free is not None and free <= 0:
        raise ValidationError(_("本期名额已满，不能递补"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请写明递补理由")})
    if problem := too_long(Replacement, {"reason": reason}).get("reason"):
        raise ValidationError({"reason": problem})
    application = Application.objects.select_related("principal__user", "call").get(
        pk=application.pk
    )
    today = today or timezone.localdate()
    ends_on = None
    if call_spec(application.call).notice_working_days > 0:
        check_notice_start(today, today)
        ends_on = notice_ends_on(application.call, today)
    replacement = Replacement.objects.create(
        cohort=cohort,
        removal=removal,
        application=application,
        reason=reason,
        decided_by=actor.user,
        notice_ends_on=ends_on,
    )
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=replacement,
        scope_code=cohort.programme.jurisdiction_id,
        changes={
            "application": [None, str(application)],
            "notice_ends_on": [None, ends_on.isoformat() if ends_on else None],
        },
        note=reason,
    )
    if ends_on is None:
        _enrol(actor, replacement, today)
    else:
        notify(
            users=[application.principal.user],
            title=_("您已被确定为%(cohort)s的递补人选，公示至 %(date)s")
            % {"cohort": cohort.name, "date": ends_on.isoformat()},
            url=reverse("training:replacement_notice", args=[replacement.pk]),
        )
    return replacement


def _enrol(actor: Actor, replacement: Replacement, today: dt.date) -> Trainee:
    principal = replacement.application.principal
    trainee = programmes.add_trainee(
        actor=actor, cohort=replacement.cohort, principal=principal, joined_on=today
    )
    replacement.trainee = trainee
    replacement.save(update_fields=["trainee"])
    notify(
        users=[principal.user],
        title=_("您已递补列入%(cohort)s") % {"cohort": replacement.cohort.name},
        url=reverse("programmes:trainee", args=[replacement.cohort.programme.slug, trainee.pk]),
    )
    return trainee


@transaction.atomic
def withdraw(*, actor: Actor, replacement: Replacement, reason: str) -> None:
    """An objection to the replacement's notice upheld (or another reason): the replacement is
    withdrawn before enrolment, the place is free again and the candidate back on the list."""
    replacement = Replacement.objects.select_for_update(of=("self",)).get(pk=replacement.pk)
    require(actor, "training.manage_removals", replacement.cohort)
    if replacement.trainee_id is not None:
        raise ValidationError(_("递补人选已列入名单，不能撤回"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请写明撤回理由（如公示异议成立）")})
    record(
        actor=actor,
        verb=Verb.DELETE,
        target=replacement,
        scope_code=replacement.cohort.programme.jurisdiction_id,
        note=reason,
    )
    notify(
        users=[replacement.application.principal.user],
        title=_("%(cohort)s的递补决定已撤回") % {"cohort": replacement.cohort.name},
        body=reason[:200],
    )
    replacement.delete()


def enrol_due(*, actor: Actor, today: dt.date | None = None) -> int:
    """Enrol the candidates whose notice has ended; one transaction each."""
    today = today or timezone.localdate()
    enrolled = 0
    due = Replacement.objects.filter(trainee__isnull=True, notice_ends_on__lt=today)
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            replacement = (
                Replacement.objects.select_for_update(of=("self",))
                .select_related("cohort__programme", "application__principal__user")
                .filter(pk=pk, trainee__isnull=True)
                .first()
            )
            if replacement is None:
                continue
            _enrol(actor, replacement, today)
            managers = programme_managers(replacement.cohort.programme)
            notify(
                users=managers,
                title=_("递补人选 %(name)s 公示期满，已列入%(cohort)s")
                % {"name": replacement.application.principal.name, "cohort": replacement.cohort},
                url=reverse(
                    "training:replacement",
                    args=[replacement.cohort.programme.slug, replacement.cohort.number],
                ),
            )
            enrolled += 1
    return enrolled
