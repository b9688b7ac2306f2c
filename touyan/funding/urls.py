from django.urls import path, register_converter

from .views import holder, index, office
from .views.base import HolderConverter

app_name = "funding"

register_converter(HolderConverter, "holder")

urlpatterns = [
    path("", index.FundsIndexView.as_view(), name="index"),
    # the programme, for its centre and its authority (views/office.py)
    path("<slug:slug>/", office.OverviewView.as_view(), name="overview"),
    path("<slug:slug>/balances.xlsx", office.BalancesExportView.as_view(), name="balances_export"),
    path("<slug:slug>/budgets/new/", office.BudgetView.as_view(), name="budget_new"),
    path(
        "<slug:slug>/budgets/<int:pk>/disburse/",
        office.RequestDisbursementView.as_view(),
        name="disbursement_new",
    ),
    path("<slug:slug>/disbursements/", office.DisbursementsView.as_view(), name="disbursements"),
    path(
        "<slug:slug>/disbursements/<int:pk>/decide/",
        office.DecideView.as_view(),
        name="decide",
    ),
    path("<slug:slug>/year-end/", office.YearEndView.as_view(), name="year_end"),
    path(
        "<slug:slug>/year-end/<slug:source>/<int:year>/",
        office.YearEndConfirmView.as_view(),
        name="year_end_confirm",
    ),
    # a holder's ledger: a studio, a cohort or the centre (views/holder.py)
    path("<slug:slug>/<holder:holder>/", holder.LedgerView.as_view(), name="ledger"),
    path(
        "<slug:slug>/<holder:holder>/ledger.xlsx",
        holder.LedgerExportView.as_view(),
        name="ledger_export",
    ),
    path(
        "<slug:slug>/<holder:holder>/expenses/new/",
        holder.ExpenseView.as_view(),
        name="expense_new",
    ),
    path("<slug:slug>/expenses/<int:pk>/reverse/", holder.ReverseView.as_view(), name="reverse"),
    path("<slug:slug>/expenses/<int:pk>/receipt/", holder.ReceiptView.as_view(), name="receipt"),
]
