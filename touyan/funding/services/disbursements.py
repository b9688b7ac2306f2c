"""The centre asks for money to be paid to a budget's holder; the authority approves or refuses.
Only an approved disbursement puts money at the holder's disposal."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor
from touyan.core.steps import display_name, require

from ..balances import disbursed
from ..models import PAYEE_MAX, Budget, Disbursement
from ..money import yuan
from ..states import DISBURSEMENT
from .common import scope_code, tell


@transaction.atomic
def request_disbursement(
    *,
    actor: Actor,
    budget: Budget,
    amount_fen: int,
    paid_on: dt.date,
    payee: str = "",
    voucher_no: str = "",
    note: str = "",
) -> Disbursement:
    """Ask the authority to approve paying ``amount_fen`` to the budget's payee (or ``payee``);
    refused beyond what the budget leaves undisbursed."""
    budget = Budget.objects.select_for_update().select_related("programme").get(pk=budget.pk)
    require(actor, "funding.request_disbursement", budget)
    if hasattr(budget, "year_end"):
        raise ValidationError(_("该预算年度已结算，不能再申请拨付"))
    if not isinstance(amount_fen, int) or amount_fen <= 0:
        raise ValidationError(_("拨付金额应大于零"))
    payee = (payee or budget.payee).strip()[:PAYEE_MAX]
    asked = disbursed(budget, requested_too=True)
    if asked + amount_fen > budget.amount_fen:
        raise ValidationError(
            _("超出预算：预算 %(budget)s 元，已拨付及待审批 %(asked)s 元，本次 %(amount)s 元")
            % {"budget": yuan(budget.amount_fen), "asked": yuan(asked), "amount": yuan(amount_fen)}
        )
    disbursement = Disbursement.objects.create(
        budget=budget,
        amount_fen=amount_fen,
        payee=payee,
        voucher_no=voucher_no.strip()[:64],
        paid_on=paid_on,
        requested_by=actor.user,
        note=note.strip()[:500],
    )
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=disbursement,
        scope_code=scope_code(budget),
        changes={"amount_fen": [None, amount_fen], "payee": [None, payee]},
        note=note,
    )
    from ..selectors import authority_admins

    tell(
        authority_admins(budget.programme),
        _("%(budget)s：待审批拨付 %(amount)s 元") % {"budget": budget, "amount": yuan(amount_fen)},
    )
    return disbursement


@transaction.atomic
def decide_disbursement(
    *, actor: Actor, disbursement: Disbursement, approve: bool, note: str = ""
) -> Disbursement:
    """Approve or refuse a requested disbursement, once; a repeat is told who decided when."""
    disbursement = DISBURSEMENT.lock(disbursement)
    require(actor, "funding.decide_disbursement", disbursement)
    note = note.strip()
    if not approve and not note:
        raise ValidationError({"note": _("不批准须写明理由")})
    disbursement = DISBURSEMENT.move(
        actor=actor,
        obj=disbursement,
        action="approve" if approve else "refuse",
        fields={
            "decided_by": actor.user,
            "decider_name": display_name(actor),
            "decided_at": timezone.now(),
            "note": note[:500] or disbursement.note,
        },
        note=note,
    )
    titles = {
        True: _("拨付 %(amount)s 元已批准"),
        False: _("拨付 %(amount)s 元未获批准"),
    }
    tell(
        [disbursement.requested_by],
        titles[approve] % {"amount": yuan(disbursement.amount_fen)},
        note,
    )
    return disbursement
