"""A published grade's consequence, applied once when it falls due (HN-5.4, HN-5.4.1).

A revocation falls due the day after the review window (复核) closes, or at once when a review
request is refused; while a request is pending nothing happens. Revoking withdraws the studio's
base title and releases its members (``programmes.services.revoke_studio``), and settles its
funds (``funding.services.settle_revoked_studio``); a commendation and
a certification are recorded by the case itself (``applied_at``) and shown from it.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import QuerySet
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor
from touyan.funding.services import settle_revoked_studio
from touyan.programmes.services import revoke_studio

from .models import Case, Consequence, ReviewRequest, Round
from .rubric import grade_name, rubric_of

RELEASE_REASON = "工作室考核不合格被撤销"

# Sent in the publishing transaction, after each case's consequence is settled, with
# ``actor``, ``round_`` and ``cases``: other domains act on published grades through it (the
# training domain opens removal cases for failed process assessments, HZ-3.4.3).
grades_published = Signal()


def due(today: dt.date) -> QuerySet[Case]:
    """Cases of published rounds whose consequence is due and not yet applied, with no review
    request pending."""
    return (
        Case.objects.filter(
            round__stage=Round.Stage.PUBLISHED,
            applied_at__isnull=True,
            effective_on__lte=today,
        )
        .exclude(consequence=Consequence.NONE)
        .exclude(review_request__status=ReviewRequest.Status.REQUESTED)
        .order_by("effective_on", "pk")
    )


def apply_case(
    *,
    actor: Actor,
    case: Case,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> bool:
    """Apply the case's consequence if it is due and not applied; whether it was. Runs in the
    caller's transaction."""
    today = today or timezone.localdate()
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("round__programme", "studio")
        .get(pk=case.pk)
    )
    if not due(today).filter(pk=case.pk).exists():
        return False
    round_ = case.round
    if case.consequence == Consequence.REVOKE and case.studio.revoked_on is None:
        grade = grade_name(rubric_of(round_), case.grade)
        revoke_studio(
            actor=actor,
            studio=case.studio,
            revoked_on=today,
            reason=_("%(round)s等次为%(grade)s，工作室被撤销")
            % {"round": round_.name, "grade": grade},
            release_reason=RELEASE_REASON,
        )
        # Its funds as the policy says (returned, or frozen from the revocation day).
        settle_revoked_studio(actor=actor, studio=case.studio)
    case.applied_at = now or timezone.now()
    case.save(update_fields=["applied_at"])
    record(
        actor=actor,
        verb=Verb.UPDATE,
        target=case,
        scope_code=round_.programme.jurisdiction_id,
        changes={"applied": [None, case.consequence]},
    )
    return True


def apply_due(*, actor: Actor, today: dt.date | None = None, now: dt.datetime | None = None) -> int:
    """Apply every consequence due, one transaction each (a second run finds nothing to do)."""
    today = today or (timezone.localdate(now) if now else timezone.localdate())
    applied = 0
    for pk in list(due(today).values_list("pk", flat=True)):
        with transaction.atomic():
            applied += apply_case(actor=actor, case=Case(pk=pk), today=today, now=now)
    return applied
