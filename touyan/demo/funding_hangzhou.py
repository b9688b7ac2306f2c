"""The Hangzhou cohort 1's funds (HZ-4.2.3), told through the funding services.

Its budget for the programme's two years (programme years, from the programme's start) by
source — the bureau's special fund and the schools' training funds — and by the policy's eight
categories: the centre (``hz-centre``) sets each and asks for it to be paid to itself, the
bureau (``hz-admin``) approves with a voucher number. The training centre's finance contact
(``hz-finance``) enters a few expenses against the cohort's sessions; one invoice came after
the first programme year ended and is kept with the warning the policy asks for
(``[funding.checks] year = "warn"``). Amounts and payees are in ``data/funding.toml``.
"""

from __future__ import annotations

import datetime as dt
import random

from touyan.accounts.models import User
from touyan.core.actors import Actor
from touyan.funding import services
from touyan.funding.models import Budget
from touyan.funding.money import yuan
from touyan.programmes.models import Programme
from touyan.records.models import Activity

from .funding_kit import FundingWritten, disburse, fen, finance_contact, story, voucher
from .programmes_hangzhou import programme_slug
from .record_kit import DAY

FINANCE = "hz-finance"


def build_hangzhou_funding(*, actor: Actor, rng: random.Random, today: dt.date) -> FundingWritten:
    programme = Programme.objects.filter(slug=programme_slug(today)).first()
    cohort = programme.cohorts.filter(number=1).first() if programme else None
    if cohort is None or programme.budgets.exists():
        return FundingWritten(created=False)
    data = story()["hangzhou"]
    centre = Actor.command_line(User.objects.get(username="hz-centre"))
    bureau = Actor.command_line(User.objects.get(username="hz-admin"))
    finance = Actor.command_line(
        finance_contact(
            actor=actor, holder=cohort, username=FINANCE, full_name=f"{data['centre']}财务室"
        )
    )
    written = FundingWritten()
    budgets: dict[tuple[str, int, str], Budget] = {}
    serial = 0
    for source, categories in data["budgets"].items():
        for category, amounts in categories.items():
            for year, amount in enumerate(amounts, start=1):
                budget = services.set_budget(
                    actor=centre,
                    programme=programme,
                    source=source,
                    year=year,
                    cohort=cohort,
                    category=category,
                    amount_fen=fen(amount),
                    payee=data["centre"],
                )
                budgets[source, year, category] = budget
                written.budgets += 1
                if budget.starts_on >= today:
                    continue
                serial += 1
                disburse(
                    centre=centre,
                    authority=bureau,
                    budget=budget,
                    amount_fen=budget.amount_fen,
                    paid_on=budget.starts_on + 14 * DAY,
                    voucher_no=voucher(data["voucher"], budget.starts_on.year, serial),
                    written=written,
                )
    sessions = Activity.objects.filter(programme=programme, organisers__cohort=cohort)
    for entry in data["expenses"]:
        session = sessions.filter(title=entry["session"]).order_by("date").first()
        if session is None:
            continue
        day = session.date + entry["after"] * DAY
        if day >= today:
            continue
        year = next(
            year
            for (source, year, _c), budget in budgets.items()
            if source == entry["source"] and budget.starts_on <= session.date <= budget.ends_on
        )
        expense = services.enter_expense(
            actor=finance,
            budget=budgets[entry["source"], year, entry["category"]],
            category=entry["category"],
            spent_on=day,
            amount_fen=fen(entry["amount"]),
            payee=entry["payee"],
            activity=session,
        )
        written.expenses += 1
        if expense.warnings:
            written.warned += 1
            written.told.append(
                f"{cohort.name}：{day.isoformat()} {entry['payee']} {yuan(expense.amount_fen)} 元"
                f"记入第 {year} 培养年度的预算，日期不在该年度内，按政策保留并提示"
            )
    return written
