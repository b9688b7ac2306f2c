"""Who may do what with funds. ``obj`` is a programme, a budget, a disbursement, an expense, a
studio or a cohort; the holder of a budget decides who spends it:

- budgets, disbursement requests, year-end: the training-centre staff of the programme;
- approving a disbursement: the authority admin of the programme's jurisdiction;
- expenses: the finance contact of the budget's studio or cohort; the centre's staff for what
  the centre holds itself;
- reading a ledger: all of these, and the studio's host (read only);
- what the centre keeps for a studio (``per = "studio"``, HN-6.2): spent by the centre's staff
  like any centre-held budget; shown read only in the studio's ledger to its host and the
  programme's managers, never to the studio's finance contact as theirs to spend.
"""

from __future__ import annotations

import rules

from touyan.programmes.access import access_of
from touyan.programmes.rules import manages_programme, programme_of

from .access import funding_access
from .models import Budget, Disbursement, Expense, YearEnd


def _budget_of(obj) -> Budget | None:
    if isinstance(obj, Budget):
        return obj
    if isinstance(obj, Disbursement | Expense | YearEnd):
        return obj.budget
    return None


def _programme_of(obj):
    budget = _budget_of(obj)
    return budget.programme if budget is not None else programme_of(obj)


def _holder_of(obj) -> tuple[str, object]:
    """("studio", studio), ("cohort", cohort), ("centre", programme) or ("", None)."""
    budget = _budget_of(obj)
    if budget is not None:
        if budget.centre_held:
            # Also what the centre keeps per studio (HN-6.2): the centre spends it.
            return "centre", budget.programme
        if budget.studio_id:
            return "studio", budget.studio
        if budget.cohort_id:
            return "cohort", budget.cohort
        return "centre", budget.programme
    model = getattr(getattr(obj, "_meta", None), "model_name", "")
    if model in ("studio", "cohort"):
        return model, obj
    return "", None


@rules.predicate
def is_centre_staff(user, obj) -> bool:
    programme = _programme_of(obj)
    return programme is not None and funding_access(user).centre_staff_of(programme)


@rules.predicate
def is_authority_admin(user, obj) -> bool:
    programme = _programme_of(obj)
    return programme is not None and funding_access(user).authority_of(programme)


@rules.predicate
def is_finance_contact(user, obj) -> bool:
    kind, holder = _holder_of(obj)
    access = funding_access(user)
    if kind == "studio":
        return holder.pk in access.finance_studios
    if kind == "cohort":
        return holder.pk in access.finance_cohorts
    return False


@rules.predicate
def is_centre_held_and_centre_staff(user, obj) -> bool:
    kind, holder = _holder_of(obj)
    return kind == "centre" and funding_access(user).centre_staff_of(holder)


@rules.predicate
def hosts_the_studio(user, obj) -> bool:
    kind, holder = _holder_of(obj)
    principal = access_of(user).principal_id
    return kind == "studio" and principal is not None and holder.host_id == principal


rules.add_perm("funding.set_budget", is_centre_staff)
rules.add_perm("funding.request_disbursement", is_centre_staff)
rules.add_perm("funding.decide_disbursement", is_authority_admin)
rules.add_perm("funding.enter_expense", is_finance_contact | is_centre_held_and_centre_staff)
rules.add_perm("funding.reverse_expense", is_finance_contact | is_centre_held_and_centre_staff)
rules.add_perm("funding.close_year", is_centre_staff)
# Applying a revocation follows whoever revokes the studio (programmes.manage_programme).
rules.add_perm("funding.settle_revoked_studio", manages_programme)
rules.add_perm(
    "funding.view_ledger",
    is_centre_staff | is_authority_admin | is_finance_contact | hosts_the_studio,
)
rules.add_perm("funding.view_balances", is_centre_staff | is_authority_admin)
rules.add_perm("funding.view_centre_lines", is_centre_staff | is_authority_admin | hosts_the_studio)
