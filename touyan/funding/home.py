"""What the funding domain shows outside its pages: 经费 in the menu of centre staff, authority
admins and finance contacts, and a finance contact's card with their holder's balance."""

from __future__ import annotations

from django.db.models import Q, Sum
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from touyan.core.registry import Card, MenuEntry

from .access import funding_access
from .balances import with_figures
from .models import Budget
from .money import yuan


def menu_entries(user) -> list[MenuEntry]:
    access = funding_access(user)
    if not (
        access.everything
        or access.centre_prefixes
        or access.centre_programmes
        or access.authority_prefixes
        or access.finance_studios
        or access.finance_cohorts
    ):
        return []
    url = reverse("funding:index")
    return [MenuEntry(url, gettext_lazy("经费"), sections=(url,))]


def finance_cards(user) -> list[Card]:
    """One card per studio or cohort the user is finance contact of: what its open budgets
    leave to spend, and where to enter an expense. One query for all of them."""
    access = funding_access(user)
    if not (access.finance_studios or access.finance_cohorts):
        return []
    rows = (
        with_figures(
            Budget.objects.filter(
                Q(studio_id__in=list(access.finance_studios))
                | Q(cohort_id__in=list(access.finance_cohorts)),
                year_end__isnull=True,
            ).exclude(held_by=Budget.Holder.CENTRE)
        )
        .order_by()
        .values(
            "programme__slug",
            "studio_id",
            "studio__name",
            "cohort_id",
            "cohort__name",
        )
        .annotate(balance=Sum("balance_fen"))
        .order_by("programme__slug", "studio__name", "cohort__name")
    )
    cards = []
    for row in rows:
        key = f"studio-{row['studio_id']}" if row["studio_id"] else f"cohort-{row['cohort_id']}"
        name = row["studio__name"] or row["cohort__name"]
        args = [row["programme__slug"], key]
        cards.append(
            Card(
                title=_("经费：%(holder)s") % {"holder": name},
                text=_("可用余额 %(balance)s 元") % {"balance": yuan(row["balance"] or 0)},
                links=[
                    (reverse("funding:expense_new", args=args), _("录入支出")),
                    (reverse("funding:ledger", args=args), _("账目")),
                ],
            )
        )
    return cards
