"""A holder's pages (HN-6.1, HZ-4.2.3): the ledger with its running balance, its export, the
receipts, entering an expense and reversing one. For the holder's finance contact, the centre's
staff (who also spend what the centre holds), the authority, and the studio's host, who reads."""

from __future__ import annotations

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from touyan.core.actors import Actor
from touyan.core.downloads import file_download
from touyan.core.forms import add_service_errors
from touyan.core.pagination import paginate
from touyan.records.models import Activity

from ..forms import ExpenseForm, ReversalForm
from ..models import Disbursement, Expense, YearEnd
from ..money import yuan
from ..presenters import with_names
from ..selectors import expenses_visible_to, ledger, paid_for
from ..services import enter_expense, reverse_expense
from ..services.exports import export_ledger
from .base import FundsMixin, HolderMixin, budget_holder, ledger_url, workbook_response

ENTRIES_PER_PAGE = 50
WARNING_WORDS = {
    "category": gettext_lazy("类别不符"),
    "balance": gettext_lazy("超出余额"),
    "year": gettext_lazy("不在预算年度内"),
}


def warning_words(codes) -> list[str]:
    return [str(WARNING_WORDS.get(code, code)) for code in codes]


class LedgerView(HolderMixin, TemplateView):
    template_name = "funding/ledger.html"

    @cached_property
    def year(self) -> int | None:
        try:
            return int(self.request.GET.get("year") or 0) or None
        except ValueError:
            return None

    def get_context_data(self, **kwargs):
        book = ledger(
            self.request.user,
            studio=self.studio,
            cohort=self.cohort,
            programme=None if (self.studio or self.cohort) else self.programme,
            year=self.year,
        )
        page, query = paginate(
            self.request, book.entries.select_related("activity"), ENTRIES_PER_PAGE
        )
        entries = list(page.object_list)
        reversed_ids = set(
            Expense.objects.filter(reverses__in=[e.pk for e in entries]).values_list(
                "reverses_id", flat=True
            )
        )
        studios = paid_for(book.budgets)
        for entry in entries:
            entry.balance_after = book.balance_after(entry)
            entry.paid_for = studios.get(entry.budget_id, "")
            entry.category_name = self.names.category(entry.category)
            entry.source_name = self.names.source(entry.budget.source)
            entry.is_reversed = entry.pk in reversed_ids
            entry.warning_words = warning_words(entry.warnings)
        years = sorted(set(self.holder_budgets().values_list("year", flat=True)))
        closed = set(
            YearEnd.objects.filter(budget__in=[b.pk for b in book.budgets]).values_list(
                "budget_id", flat=True
            )
        )
        for budget in book.budgets:
            budget.is_closed = budget.pk in closed
        disbursements = (
            Disbursement.objects.filter(budget__in=[b.pk for b in book.budgets])
            .select_related("budget")
            .order_by("paid_on", "pk")
        )
        kwargs.update(
            ledger=book,
            budgets=with_names(book.budgets, self.names),
            centre_lines=with_names(book.centre_lines, self.names),
            totals=book.totals,
            page=page,
            query=query,
            entries=entries,
            years=years,
            year=self.year,
            disbursements=disbursements,
            may_read_programme=self.request.user.has_perm("funding.view_balances", self.programme),
        )
        return super().get_context_data(**kwargs)


class LedgerExportView(HolderMixin, View):
    """The ledger as .xlsx, written to a temporary file and streamed from it."""

    def get(self, request, *args, **kwargs):
        book = ledger(
            request.user,
            studio=self.studio,
            cohort=self.cohort,
            programme=None if (self.studio or self.cohort) else self.programme,
        )
        stamp = f"{timezone.localdate():%Y%m%d}"
        return workbook_response(
            lambda stream: export_ledger(
                actor=Actor.from_request(request),
                ledger=book,
                holder=self.holder,
                programme=self.programme,
                stream=stream,
            ),
            name=f"经费账目-{self.holder_name}-{stamp}.xlsx",
            fallback=f"ledger-{self.kwargs['holder']}-{stamp}.xlsx",
        )


class ExpenseView(HolderMixin, FormView):
    """Entering an expense: refusals shown on the form in words with what was typed kept;
    what the policy only warns about, shown after saving."""

    permission_required = "funding.enter_expense"
    template_name = "funding/expense_form.html"
    form_class = ExpenseForm
    upload_kind = "receipt"

    def get_permission_object(self):
        return self.probe

    def open_budgets(self):
        return (
            self.holder_budgets()
            .filter(year_end__isnull=True)
            .select_related("studio", "cohort")
            .order_by("-year", "source", "category", "pk")
        )

    def activities(self):
        found = Activity.objects.filter(programme=self.programme)
        if self.studio is not None:
            found = found.filter(organisers__studio=self.studio)
        elif self.cohort is not None:
            found = found.filter(organisers__cohort=self.cohort)
        return found.order_by("-date", "pk").distinct()

    def get_initial(self):
        return {"spent_on": timezone.localdate()}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(names=self.names, budgets=self.open_budgets(), activities=self.activities())
        return kwargs

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            expense = enter_expense(
                actor=Actor.from_request(self.request),
                budget=data["budget"],
                category=data["category"],
                spent_on=data["spent_on"],
                amount_fen=data["amount"],
                payee=data["payee"],
                activity=data["activity"],
                receipt=data["receipt"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("支出已录入"))
        for words in warning_words(expense.warnings):
            messages.warning(
                self.request,
                _("提示：本笔支出%(words)s，已按政策记录并标注，请向培训中心说明")
                % {"words": words},
            )
        return redirect(ledger_url(self.programme, self.holder))


class ExpenseMixin(FundsMixin):
    """One expense of the programme, found among those whose ledger the user reads."""

    permission_required = "funding.view_ledger"

    @cached_property
    def expense(self) -> Expense:
        return get_object_or_404(
            expenses_visible_to(self.request.user, self.programme).select_related(
                "budget__programme", "budget__studio", "budget__cohort", "activity"
            ),
            pk=self.kwargs["pk"],
        )

    def get_permission_object(self):
        return self.expense


class ReceiptView(ExpenseMixin, View):
    def get(self, request, *args, **kwargs):
        expense = self.expense
        return file_download(expense.receipt, f"票据-{expense.spent_on:%Y%m%d}-{expense.pk}")


class ReverseView(ExpenseMixin, TemplateView):
    """A reason, then a confirmation page, then the reversing entry."""

    permission_required = "funding.reverse_expense"
    template_name = "funding/reverse.html"

    def get_context_data(self, **kwargs):
        expense = self.expense
        kwargs.setdefault("form", ReversalForm())
        kwargs.update(
            expense=expense,
            category_name=self.names.category(expense.category),
            source_name=self.names.source(expense.budget.source),
            back_url=ledger_url(self.programme, budget_holder(expense.budget)),
            done=Expense.objects.filter(reverses=expense).first(),
        )
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        form = ReversalForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        if request.POST.get("confirm") != "yes":
            return self.render_to_response(self.get_context_data(form=form, confirming=True))
        try:
            reversal = reverse_expense(
                actor=Actor.from_request(request),
                expense=self.expense,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(
            request,
            _("已冲销：冲销记录 #%(pk)s，金额 %(amount)s 元")
            % {"pk": reversal.pk, "amount": yuan(reversal.amount_fen)},
        )
        return redirect(
            ledger_url(self.programme, budget_holder(self.expense.budget)) + f"#entry-{reversal.pk}"
        )
