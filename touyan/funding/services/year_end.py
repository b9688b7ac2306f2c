"""The close of a budget year, and a revoked studio's settlement.

``close_year`` gives every budget of a source's year its ``YearEnd``: a revoked studio's as its
source's ``on_revocation`` says (returned, or frozen: the balance stays on the ledger); otherwise
as ``year_end`` says — carried into next year's budget of the same holder, source and category
(created with amount 0 when the centre has not set it yet; the carried balance is counted in
its ``carried_in``, not in its amount) or returned to the payer. A year with no next year in the
programme returns its balance. Closing again closes only what is still open.

``settle_revoked_studio`` is called when a studio is revoked
(``assessment.consequences.apply_case``): with ``on_revocation = "return"`` each of its open
budgets is closed as returned at once; with ``"freeze"`` nothing is closed (expenses dated after
the revocation are refused by ``enter_expense``, receipts of earlier days may still come) and
the year's close records the balance as frozen.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor
from touyan.core.steps import display_name, require
from touyan.programmes.models import Programme, Studio
from touyan.programmes.policy import spec_of

from .. import years
from ..balances import with_figures
from ..models import Budget, YearEnd
from .common import scope_code, source_of

Outcome = YearEnd.Outcome


def _close(actor: Actor, budget: Budget, balance: int, outcome: str) -> YearEnd:
    year_end = YearEnd.objects.create(
        budget=budget,
        balance_fen=balance,
        outcome=outcome,
        closed_by=actor.user,
        closer_name=display_name(actor),
        closed_at=timezone.now(),
    )
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=year_end,
        scope_code=scope_code(budget),
        changes={"outcome": [None, outcome], "balance_fen": [None, balance]},
    )
    return year_end


def _carry(actor: Actor, budget: Budget, year_end: YearEnd, spec, source) -> Budget:
    starts_on, ends_on = years.span(budget.programme, spec, source, budget.year + 1)
    following, created = Budget.objects.select_for_update().get_or_create(
        programme=budget.programme,
        source=budget.source,
        year=budget.year + 1,
        studio=budget.studio,
        cohort=budget.cohort,
        held_by=budget.held_by,
        category=budget.category,
        defaults={
            "starts_on": starts_on,
            "ends_on": ends_on,
            "amount_fen": 0,
            "payee": budget.payee,
            "created_by": actor.user,
        },
    )
    following.carried_from = year_end
    following.save(update_fields=["carried_from"])
    record(
        actor=actor,
        verb=Verb.CREATE if created else Verb.UPDATE,
        target=following,
        scope_code=scope_code(budget),
        changes={
            "carried_from": [None, year_end.pk],
            "carried_in_fen": [None, year_end.balance_fen],
        },
    )
    return following


def _outcome(budget: Budget, source, spec) -> str:
    """A revoked studio's own budget as ``on_revocation`` says (what the centre keeps for a
    studio follows its ``year_end``); otherwise carried or returned."""
    studio = budget.studio
    if budget.held_by == Budget.Holder.STUDIO and studio.revoked_on is not None:
        return Outcome.RETURNED if source.on_revocation == "return" else Outcome.FROZEN
    if source.year_end == "carry" and years.next_year_exists(
        budget.programme, spec, source, budget.year
    ):
        return Outcome.CARRIED
    return Outcome.RETURNED


@transaction.atomic
def close_year(*, actor: Actor, programme: Programme, source: str, year: int) -> list[YearEnd]:
    """Close every open budget of ``source`` for ``year``; the year-ends written now."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    require(actor, "funding.close_year", programme)
    spec = spec_of(programme)
    found = source_of(programme, source)
    budgets = list(
        with_figures(
            Budget.objects.select_for_update(of=("self",))
            .filter(programme=programme, source=source, year=year, year_end__isnull=True)
            .select_related("programme", "studio", "cohort")
            .order_by("pk")
        )
    )
    if budgets and budgets[0].ends_on >= timezone.localdate():
        raise ValidationError(
            _("预算年度到 %(end)s 才结束，结束后才能结算") % {"end": budgets[0].ends_on.isoformat()}
        )
    closed = []
    for budget in budgets:
        outcome = _outcome(budget, found, spec)
        year_end = _close(actor, budget, budget.balance_fen, outcome)
        if outcome == Outcome.CARRIED:
            _carry(actor, budget, year_end, spec, found)
        closed.append(year_end)
    return closed


@transaction.atomic
def settle_revoked_studio(*, actor: Actor, studio: Studio) -> list[YearEnd]:
    """Apply a studio's revocation to its funds: close its open budgets as returned where the
    source says ``on_revocation = "return"``; leave frozen ones open for the year's close."""
    studio = Studio.objects.select_related("programme").get(pk=studio.pk)
    require(actor, "funding.settle_revoked_studio", studio)
    if studio.revoked_on is None:
        raise ValidationError(_("工作室未被撤销"))
    spec = spec_of(studio.programme)
    if spec.funding is None:
        return []
    budgets = list(
        with_figures(
            Budget.objects.select_for_update(of=("self",))
            .filter(studio=studio, held_by=Budget.Holder.STUDIO, year_end__isnull=True)
            .select_related("programme", "studio")
            .order_by("year", "pk")
        )
    )
    closed = []
    for budget in budgets:
        source = spec.funding.source(budget.source)
        if source is not None and source.on_revocation == "return":
            closed.append(_close(actor, budget, budget.balance_fen, Outcome.RETURNED))
    return closed


def plan_close(*, programme: Programme, source: str, year: int) -> list[tuple[Budget, str]]:
    """What ``close_year`` would do now, read only: each open budget of the year with its
    figures and the outcome it would get (for the page that asks to confirm)."""
    spec = spec_of(programme)
    found = source_of(programme, source)
    budgets = with_figures(
        Budget.objects.filter(programme=programme, source=source, year=year, year_end__isnull=True)
        .select_related("programme", "studio", "cohort")
        .order_by("studio__name", "cohort__number", "category", "pk")
    )
    return [(budget, _outcome(budget, found, spec)) for budget in budgets]
