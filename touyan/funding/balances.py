"""What a budget holds, as one query: every budget annotated with what was disbursed (approved),
spent, reversed, carried in from last year, carried on or returned at its year-end, and the
balance. Each figure is a correlated subquery on an indexed foreign key, so a whole programme
(or the whole country) is one statement however many budgets it has."""

from __future__ import annotations

from django.db.models import (
    BigIntegerField,
    Case,
    F,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from .models import Budget, Disbursement, Expense, YearEnd

ZERO = Value(0, output_field=BigIntegerField())


def _total(queryset: QuerySet, field: str = "amount_fen"):
    """The sum of ``field`` over ``queryset`` (filtered on ``budget=OuterRef("pk")``), 0 if
    none."""
    summed = (
        queryset.filter(budget=OuterRef("pk"))
        .order_by()
        .values("budget")
        .annotate(total=Sum(field))
        .values("total")
    )
    return Coalesce(Subquery(summed, output_field=BigIntegerField()), ZERO)


def with_figures(budgets: QuerySet[Budget]) -> QuerySet[Budget]:
    """``budgets`` annotated with ``disbursed_fen``, ``spent_fen`` (entries, positive),
    ``reversed_fen`` (reversals, as a positive amount), ``carried_in_fen``, ``carried_out_fen``,
    ``returned_fen``, ``frozen_fen`` and ``balance_fen``."""
    approved = Disbursement.objects.filter(status=Disbursement.Status.APPROVED)
    closed = YearEnd.Outcome
    return budgets.annotate(
        disbursed_fen=_total(approved),
        spent_fen=_total(Expense.objects.filter(amount_fen__gt=0)),
        reversed_fen=-_total(Expense.objects.filter(amount_fen__lt=0)),
        carried_in_fen=Case(
            When(carried_from__outcome=closed.CARRIED, then=F("carried_from__balance_fen")),
            default=ZERO,
            output_field=BigIntegerField(),
        ),
        carried_out_fen=Case(
            When(year_end__outcome=closed.CARRIED, then=F("year_end__balance_fen")),
            default=ZERO,
            output_field=BigIntegerField(),
        ),
        returned_fen=Case(
            When(year_end__outcome=closed.RETURNED, then=F("year_end__balance_fen")),
            default=ZERO,
            output_field=BigIntegerField(),
        ),
        frozen_fen=Case(
            When(year_end__outcome=closed.FROZEN, then=F("year_end__balance_fen")),
            default=ZERO,
            output_field=BigIntegerField(),
        ),
    ).annotate(
        balance_fen=F("disbursed_fen")
        + F("carried_in_fen")
        - F("spent_fen")
        + F("reversed_fen")
        - F("carried_out_fen")
        - F("returned_fen")
    )


def spendable(budget: Budget) -> int:
    """The budget's balance now: approved disbursements + carried in − expenses net of
    reversals − carried on − returned."""
    return (
        with_figures(Budget.objects.filter(pk=budget.pk))
        .values_list("balance_fen", flat=True)
        .get()
    )


def net_spent(budget: Budget) -> int:
    return Expense.objects.filter(budget=budget).aggregate(total=Sum("amount_fen"))["total"] or 0


def disbursed(budget: Budget, *, requested_too: bool = False) -> int:
    statuses = [Disbursement.Status.APPROVED]
    if requested_too:
        statuses.append(Disbursement.Status.REQUESTED)
    return (
        Disbursement.objects.filter(budget=budget, status__in=statuses).aggregate(
            total=Sum("amount_fen")
        )["total"]
        or 0
    )
