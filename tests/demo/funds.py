"""Removing a demo programme's funds, which protect its studios, cohorts and activities, so
that the determinism tests can delete a programme and build it again."""

from touyan.funding.models import Budget, Disbursement, Expense, YearEnd


def delete_funds(programmes) -> None:
    """Every budget of ``programmes`` with what hangs on it: reversals before the entries
    they cancel, the year-ends once no budget is carried from them."""
    budgets = Budget.objects.filter(programme__in=programmes)
    expenses = Expense.objects.filter(budget__in=budgets)
    expenses.filter(reverses__isnull=False).delete()
    expenses.delete()
    Disbursement.objects.filter(budget__in=budgets).delete()
    budgets.update(carried_from=None)
    YearEnd.objects.filter(budget__in=budgets).delete()
    budgets.delete()
