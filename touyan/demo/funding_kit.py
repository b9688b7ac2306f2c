"""What the two funding stories share: their data file, what they wrote, the finance contacts
they grant, and a disbursement requested by the centre and decided by the authority."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from importlib import resources

from touyan.accounts.models import User
from touyan.accounts.roles import Role
from touyan.accounts.services import create_user, grant_role
from touyan.core.actors import Actor
from touyan.funding import services
from touyan.funding.models import Budget, Disbursement

YUAN = 100  # fen


def story() -> dict:
    text = resources.files("touyan.demo").joinpath("data/funding.toml").read_text("utf-8")
    return tomllib.loads(text)


def fen(yuan: float) -> int:
    """Yuan as the data file writes them (whole or with jiao), in fen."""
    return round(yuan * YUAN)


@dataclass
class FundingWritten:
    """What a funding story wrote; ``told`` holds the moments it prints (a refusal's message,
    a reversal, a year end, a settlement), which a refused entry leaves nowhere else."""

    created: bool = True
    budgets: int = 0
    disbursements: int = 0
    pending: int = 0
    expenses: int = 0
    reversals: int = 0
    warned: int = 0
    year_ends: int = 0
    told: list[str] = field(default_factory=list)


def finance_contact(*, actor: Actor, holder, username: str, full_name: str) -> User:
    """The holder's finance contact, granted through the accounts services: the demo account
    ``username`` when it exists, else an account with no password (one per host school's
    finance office), as the centre would create it."""
    user = User.objects.filter(username=username).first()
    if user is None:
        user = create_user(actor=actor, username=username, password=None, full_name=full_name)
    grant_role(actor=actor, user=user, role=Role.FINANCE_CONTACT, scope_object=holder)
    return user


def voucher(prefix: str, year: int, serial: int) -> str:
    return f"{prefix}〔{year}〕{serial:03d}号"


def disburse(
    *,
    centre: Actor,
    authority: Actor,
    budget: Budget,
    amount_fen: int,
    paid_on: dt.date,
    voucher_no: str,
    approve: bool = True,
    written: FundingWritten,
) -> Disbursement:
    """The centre requests; the authority approves (or, with ``approve=False``, has not yet)."""
    disbursement = services.request_disbursement(
        actor=centre, budget=budget, amount_fen=amount_fen, paid_on=paid_on, voucher_no=voucher_no
    )
    written.disbursements += 1
    if approve:
        disbursement = services.decide_disbursement(
            actor=authority, disbursement=disbursement, approve=True
        )
    else:
        written.pending += 1
    return disbursement
