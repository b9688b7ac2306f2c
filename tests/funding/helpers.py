"""Funded programmes for the funding tests: Hainan studios with a finance contact each, a
Hangzhou cohort with its own, and one call to put money at a holder's disposal."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType

from touyan.accounts.models import RoleGrant
from touyan.accounts.roles import Role
from touyan.funding import services
from touyan.funding.models import Budget

from ..factories import UserFactory
from ..programmes import SYSTEM
from ..records.programme_people import with_hainan, with_hangzhou

D = dt.date
YEAR = 2026


def finance_contact(holder, username: str):
    user = UserFactory(username=username)
    RoleGrant.objects.create(
        user=user,
        role=Role.FINANCE_CONTACT,
        scope_type=ContentType.objects.get_for_model(holder),
        scope_id=holder.pk,
    )
    return user


def hainan_people(cast):
    """The Hainan programme of ``with_hainan`` with a finance contact for studio 0
    (``cast.finance``) and for studio 1 (``cast.other_finance``)."""
    programme = with_hainan(cast, members=1)
    cast.finance = finance_contact(programme.studios[0], "hn-finance")
    cast.other_finance = finance_contact(programme.studios[1], "hn-other-finance")
    return programme


def hangzhou_people(cast):
    programme = with_hangzhou(cast, trainees=2)
    cast.cohort_finance = finance_contact(programme.cohort, "hz-finance")
    return programme


def fund(
    *,
    programme,
    studio=None,
    cohort=None,
    source="studio_fund",
    year=YEAR,
    amount_fen=1_000_000,
    paid_fen=None,
    category="",
    payee="海南测试中学",
) -> Budget:
    """A budget of ``amount_fen`` with ``paid_fen`` (all of it by default) disbursed and
    approved, set up as the system."""
    budget = services.set_budget(
        actor=SYSTEM,
        programme=programme,
        source=source,
        year=year,
        studio=studio,
        cohort=cohort,
        category=category,
        amount_fen=amount_fen,
        payee=payee,
    )
    paid = amount_fen if paid_fen is None else paid_fen
    if paid:
        disbursement = services.request_disbursement(
            actor=SYSTEM, budget=budget, amount_fen=paid, paid_on=budget.starts_on, voucher_no="V-1"
        )
        services.decide_disbursement(actor=SYSTEM, disbursement=disbursement, approve=True)
    return budget


MAY_DAY = D(YEAR, 5, 1)


def spend(budget, amount_fen, *, category="activities", day=MAY_DAY, actor=SYSTEM, **kw):
    return services.enter_expense(
        actor=actor,
        budget=budget,
        category=category,
        spent_on=day,
        amount_fen=amount_fen,
        payee=kw.pop("payee", "海口某酒店"),
        **kw,
    )


FINANCE_NAMES = ("finance", "other_finance", "cohort_finance")


def funds_matrix(cast, default: str, **outcomes) -> dict[str, str]:
    """``records.programme_people.matrix`` with the finance contacts of this cast too."""
    from ..records.programme_people import matrix

    extra = {name: default for name in FINANCE_NAMES if hasattr(cast, name)}
    named = {k: v for k, v in outcomes.items() if k not in FINANCE_NAMES}
    table = matrix(cast, default, **named)
    table.update(extra)
    table.update({k: v for k, v in outcomes.items() if k in FINANCE_NAMES})
    return table
