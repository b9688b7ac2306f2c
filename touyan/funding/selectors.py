"""What a user may read of the funds, narrowed to their scope, in a constant number of queries:

- ``ledger``: one holder's entries in date order, each with the balance after it;
- ``balances``: per holder × year × source × category, every figure, for a programme;
- ``national_report``: the same summed per jurisdiction and source, across programmes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet, Sum, Window

from touyan.accounts.models import RoleGrant, User
from touyan.accounts.roles import Role
from touyan.programmes.access import access_of
from touyan.programmes.models import Cohort, Programme, Studio
from touyan.regions import codes

from .access import funding_access
from .balances import with_figures
from .models import Budget, Expense

FIGURES = (
    "amount_fen",
    "disbursed_fen",
    "spent_fen",
    "reversed_fen",
    "carried_in_fen",
    "carried_out_fen",
    "returned_fen",
    "frozen_fen",
    "balance_fen",
)


def _manages(user, programme: Programme) -> bool:
    access = funding_access(user)
    return access.centre_staff_of(programme) or access.authority_of(programme)


def budgets_visible_to(user, programme: Programme) -> QuerySet[Budget]:
    """The programme's budgets the user may read: all of them for its centre staff and
    authority admins; a finance contact's studios and cohorts; a host's own studio. What the
    centre keeps for a studio is the centre's (its managers')."""
    budgets = Budget.objects.filter(programme=programme)
    if _manages(user, programme):
        return budgets
    access = funding_access(user)
    condition = Q(studio_id__in=access.finance_studios) | Q(cohort_id__in=access.finance_cohorts)
    principal = access_of(user).principal_id
    if principal is not None:
        condition |= Q(studio__host_id=principal)
    return budgets.filter(condition).exclude(held_by=Budget.Holder.CENTRE)


def balances(user, *, programme: Programme, year: int | None = None) -> QuerySet[Budget]:
    """Every budget of the programme the user may read, with its figures (``FIGURES``), one row
    per holder × year × source × category, in one query."""
    budgets = budgets_visible_to(user, programme)
    if year is not None:
        budgets = budgets.filter(year=year)
    return with_figures(
        budgets.select_related("studio", "cohort").order_by(
            "year", "source", "studio__name", "cohort__number", "category", "pk"
        )
    )


@dataclass
class Ledger:
    """One holder's ledger: ``budgets`` with their figures, and ``entries`` (a queryset of
    expenses and reversals in date order, each with ``spent_to_date`` within its budget)."""

    budgets: list[Budget]
    entries: QuerySet[Expense]
    received: dict[int, int] = field(default_factory=dict)  # budget → disbursed + carried in
    # A studio's ledger: what the centre keeps for the studio (HN-6.2), with its figures, read
    # only and not counted in the studio's totals; for its host and the programme's managers.
    centre_lines: list[Budget] = field(default_factory=list)

    def balance_after(self, entry: Expense) -> int:
        return self.received.get(entry.budget_id, 0) - entry.spent_to_date

    @property
    def totals(self) -> dict[str, int]:
        return {name: sum(getattr(b, name) for b in self.budgets) for name in FIGURES}


def ledger(
    user,
    *,
    studio: Studio | None = None,
    cohort: Cohort | None = None,
    programme: Programme | None = None,
    year: int | None = None,
) -> Ledger:
    """The ledger of a studio, a cohort, or (``programme`` alone) what the centre holds (its
    lines for each studio too); empty for whoever may not read it."""
    if studio is None and cohort is None and programme is None:
        raise ValueError("ledger() needs a studio, a cohort or a programme")
    holder = studio or cohort or programme
    budgets = held_by(studio=studio, cohort=cohort, programme=programme)
    if studio is not None and user.has_perm("funding.view_centre_lines", studio):
        # In the same query: what the centre keeps for the studio, split off below.
        budgets = Budget.objects.filter(studio=studio)
    if not user.has_perm("funding.view_ledger", holder):
        budgets = budgets.none()
    if year is not None:
        budgets = budgets.filter(year=year)
    found = list(
        with_figures(budgets.select_related("studio").order_by("year", "source", "category", "pk"))
    )
    centre_lines = [b for b in found if studio is not None and b.centre_held]
    rows = [b for b in found if not (studio is not None and b.centre_held)]
    entries = (
        Expense.objects.filter(budget__in=[b.pk for b in rows])
        .select_related("budget", "reverses")
        .annotate(
            spent_to_date=Window(
                Sum("amount_fen"),
                partition_by=[F("budget_id")],
                order_by=[F("spent_on").asc(), F("pk").asc()],
            )
        )
        .order_by("spent_on", "pk")
    )
    received = {b.pk: b.disbursed_fen + b.carried_in_fen for b in rows}
    return Ledger(rows, entries, received, centre_lines)


def paid_for(budgets) -> dict[int, str]:
    """Budget pk → the studio a centre-held line of ``budgets`` pays for (HN-6.2), for the
    centre's ledger and its export; no query (the budgets come with their studio)."""
    return {b.pk: b.studio.name for b in budgets if b.centre_held and b.studio_id}


def held_by(*, studio=None, cohort=None, programme=None) -> QuerySet[Budget]:
    """The budgets one holder holds and spends: a studio's own, a cohort's, or (``programme``
    alone) the centre's, its lines for each studio included."""
    if studio is not None:
        return Budget.objects.filter(studio=studio, held_by=Budget.Holder.STUDIO)
    if cohort is not None:
        return Budget.objects.filter(cohort=cohort, held_by=Budget.Holder.COHORT)
    return Budget.objects.filter(programme=programme, held_by=Budget.Holder.CENTRE)


def national_report(user, *, year: int) -> list[dict]:
    """Across every programme the user may read (a superuser: all; an authority admin or centre
    staff: those of their area), the budgets whose year begins in calendar ``year``, summed per
    jurisdiction and source: one query."""
    access = funding_access(user)
    budgets = Budget.objects.filter(starts_on__year=year)
    if not access.everything:
        prefixes = (*access.centre_prefixes, *access.authority_prefixes)
        condition = Q(programme_id__in=access.centre_programmes)
        for prefix in prefixes:
            condition |= Q(programme__jurisdiction__code__startswith=prefix)
        budgets = budgets.filter(condition)
    return list(
        with_figures(budgets)
        .order_by()
        .values("programme__jurisdiction_id", "source")
        .annotate(
            budgets=Count("pk"),
            **{f"{name}_total": Sum(name) for name in FIGURES},
        )
        .order_by("programme__jurisdiction_id", "source")
    )


def authority_admins(programme: Programme) -> QuerySet[User]:
    """Who approves the programme's disbursements: the authority admins over its
    jurisdiction."""
    jurisdiction = programme.jurisdiction_id
    grants = RoleGrant.objects.filter(
        role=Role.AUTHORITY_ADMIN,
        region_id__in={jurisdiction, *codes.parent_candidates(jurisdiction)},
    )
    return User.objects.filter(is_active=True, pk__in=grants.values("user_id"))


# Pages ---------------------------------------------------------------------------------------


def programmes_handled(user, *, centre: bool = True, authority: bool = True) -> Q | None:
    """The condition "a running or planned programme whose funds the user handles" (as centre
    staff, as authority admin, or either), on ``Programme``; None when there is none, so that
    callers answer nothing without a query."""
    access = funding_access(user)
    if access.everything:
        condition = Q()
    else:
        prefixes = (*(access.centre_prefixes if centre else ()),)
        prefixes += access.authority_prefixes if authority else ()
        ids = list(access.centre_programmes) if centre else []
        if not prefixes and not ids:
            return None
        condition = Q(pk__in=ids)
        for prefix in prefixes:
            condition |= Q(jurisdiction__code__startswith=prefix)
    return condition & ~Q(status=Programme.Status.CLOSED)


def funded_programmes(user) -> QuerySet[Programme]:
    """The programmes whose funds the user oversees (centre staff, authority admins)."""
    condition = programmes_handled(user)
    if condition is None:
        return Programme.objects.none()
    return Programme.objects.filter(condition).order_by("-starts_on", "slug")


def holders_of(user) -> dict[str, list]:
    """The studios and cohorts whose ledgers the user keeps (finance contact) or reads as the
    studio's host: ``{"studios": [...], "cohorts": [...]}``, two queries at most."""
    access = funding_access(user)
    principal = access_of(user).principal_id
    studios, cohorts = [], []
    condition = Q(pk__in=list(access.finance_studios))
    if principal is not None:
        condition |= Q(host_id=principal, budgets__isnull=False)
    if access.finance_studios or principal is not None:
        studios = list(
            Studio.objects.filter(condition)
            .distinct()
            .select_related("programme")
            .order_by("programme__slug", "name")
        )
    if access.finance_cohorts:
        cohorts = list(
            Cohort.objects.filter(pk__in=list(access.finance_cohorts))
            .select_related("programme")
            .order_by("programme__slug", "number")
        )
    return {"studios": studios, "cohorts": cohorts}


def totals_by_year_and_source(budgets: QuerySet[Budget]) -> list[dict]:
    """``budgets`` summed per year and source, every figure: one query."""
    return list(
        with_figures(budgets.order_by())
        .values("year", "source")
        .annotate(budgets=Count("pk"), **{f"{name}_total": Sum(name) for name in FIGURES})
        .order_by("year", "source")
    )


NEARLY_SPENT = (9, 10)  # 90 %


def nearly_spent(budgets: QuerySet[Budget], limit: int = 50) -> list[Budget]:
    """Studios' budgets of which 90 % or more of the amount is spent (net of reversals)."""
    share, whole = NEARLY_SPENT
    return list(
        with_figures(budgets.filter(held_by=Budget.Holder.STUDIO, amount_fen__gt=0))
        .annotate(net_fen=F("spent_fen") - F("reversed_fen"))
        .annotate(net_times=F("net_fen") * whole)
        .filter(net_times__gte=F("amount_fen") * share)
        .select_related("studio")
        .order_by("-net_fen", "pk")[:limit]
    )


def flagged_expenses(expenses: QuerySet[Expense]) -> QuerySet[Expense]:
    """Entries recorded with a warning of the policy's (not reversals)."""
    return expenses.filter(reverses__isnull=True).exclude(warnings=[])


def studios_with_warnings(budgets: QuerySet[Budget], limit: int = 50) -> list[dict]:
    """Per studio, how many of its entries carry a warning: one query."""
    return list(
        flagged_expenses(
            Expense.objects.filter(budget__in=budgets, budget__held_by=Budget.Holder.STUDIO)
        )
        .values("budget__studio_id", "budget__studio__name")
        .annotate(flagged=Count("pk"))
        .order_by("-flagged", "budget__studio__name")[:limit]
    )


def revoked_settlements(budgets: QuerySet[Budget]) -> QuerySet:
    """The year-ends of revoked studios' budgets: what was returned or frozen."""
    from .models import YearEnd

    return (
        YearEnd.objects.filter(
            budget__in=budgets,
            budget__held_by=Budget.Holder.STUDIO,
            budget__studio__revoked_on__isnull=False,
        )
        .select_related("budget__studio")
        .order_by("budget__studio__name", "budget__year", "pk")
    )


def disbursements_waiting(user, programme: Programme) -> QuerySet:
    """The programme's disbursements waiting for a decision, for its managers."""
    from .models import Disbursement

    if not _manages(user, programme):
        return Disbursement.objects.none()
    return (
        Disbursement.objects.filter(
            budget__programme=programme, status=Disbursement.Status.REQUESTED
        )
        .select_related("budget__studio", "budget__cohort")
        .order_by("requested_at", "pk")
    )


def expenses_visible_to(user, programme: Programme) -> QuerySet[Expense]:
    """The programme's expenses whose ledger the user may read."""
    return Expense.objects.filter(budget__in=budgets_visible_to(user, programme))
