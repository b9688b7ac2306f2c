"""The funding domain's writes, one module per workflow: budgets, disbursements, expenses and
the year-end (with a revoked studio's settlement)."""

from .budgets import set_budget
from .disbursements import decide_disbursement, request_disbursement
from .expenses import enter_expense, reverse_expense
from .year_end import close_year, settle_revoked_studio

__all__ = [
    "close_year",
    "decide_disbursement",
    "enter_expense",
    "request_disbursement",
    "reverse_expense",
    "set_budget",
    "settle_revoked_studio",
]
