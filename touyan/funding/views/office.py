"""The programme's funding pages for its training centre and its authority (HN-6.1, HN-6.2,
HZ-4.2.3): the overview with its dashboard and export, setting a budget, disbursements
(requested by the centre, decided by the authority) and the year end."""

from __future__ import annotations

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import FormView, TemplateView

from touyan.core.actors import Actor
from touyan.core.feedback import report
from touyan.core.forms import add_service_errors
from touyan.core.pagination import paginate
from touyan.core.transitions import AlreadyDone
from touyan.programmes.models import Cohort, Studio

from ..forms import BudgetForm, DecisionForm, DisbursementForm, FilterForm, YearEndForm
from ..models import Budget, Disbursement
from ..money import yuan
from ..presenters import holder_label, outcome_label, with_names
from ..selectors import (
    balances,
    budgets_visible_to,
    disbursements_waiting,
    nearly_spent,
    revoked_settlements,
    studios_with_warnings,
    totals_by_year_and_source,
)
from ..services import close_year, decide_disbursement, request_disbursement, set_budget
from ..services.exports import export_balances
from ..services.year_end import plan_close
from .base import FundsMixin, budget_holder, ledger_url, workbook_response

ROWS_PER_PAGE = 50


class OverviewView(FundsMixin, TemplateView):
    """Every budget of the programme with its figures, filtered by year and source, and the
    dashboard: totals per source and year, studios 90 % spent, studios with warnings, revoked
    studios' settled balances. A fixed number of queries however many studios."""

    permission_required = "funding.view_balances"
    template_name = "funding/overview.html"

    @cached_property
    def filters(self) -> FilterForm:
        years = sorted(
            set(Budget.objects.filter(programme=self.programme).values_list("year", flat=True))
        )
        form = FilterForm(self.request.GET or None, names=self.names, years=years)
        form.is_valid()
        return form

    def get_context_data(self, **kwargs):
        chosen = getattr(self.filters, "cleaned_data", {})
        year, source = chosen.get("year"), chosen.get("source") or ""
        budgets = balances(self.request.user, programme=self.programme, year=year)
        if source:
            budgets = budgets.filter(source=source)
        scope = budgets_visible_to(self.request.user, self.programme)
        if year is not None:
            scope = scope.filter(year=year)
        if source:
            scope = scope.filter(source=source)
        page, query = paginate(self.request, budgets.select_related("year_end"), ROWS_PER_PAGE)
        rows = with_names(list(page.object_list), self.names)
        for row in rows:
            row.net_fen = row.spent_fen - row.reversed_fen
            row.closed = getattr(row, "year_end", None)
            row.url = ledger_url(self.programme, budget_holder(row))
        totals = totals_by_year_and_source(scope)
        for total in totals:
            total["source_name"] = self.names.source(total["source"])
            total["net_total"] = total["spent_fen_total"] - total["reversed_fen_total"]
        spent = with_names(nearly_spent(scope), self.names)
        settlements = list(revoked_settlements(scope))
        for settled in settlements:
            settled.source_name = self.names.source(settled.budget.source)
        warned = studios_with_warnings(scope)
        for row in warned:
            row["url"] = reverse(
                "funding:ledger", args=[self.programme.slug, f"studio-{row['budget__studio_id']}"]
            )
        kwargs.update(
            filters=self.filters,
            page=page,
            query=query,
            rows=rows,
            totals=totals,
            nearly_spent=spent,
            warned=warned,
            settlements=settlements,
            waiting=disbursements_waiting(self.request.user, self.programme).count(),
            may_manage=self.request.user.has_perm("funding.set_budget", self.probe()),
            export_query=self.request.GET.urlencode(),
        )
        return super().get_context_data(**kwargs)

    def probe(self) -> Budget:
        return Budget(programme=self.programme)


class BalancesExportView(FundsMixin, View):
    permission_required = "funding.view_balances"

    def get(self, request, *args, **kwargs):
        years = sorted(
            set(Budget.objects.filter(programme=self.programme).values_list("year", flat=True))
        )
        form = FilterForm(request.GET or None, names=self.names, years=years)
        chosen = form.cleaned_data if form.is_valid() else {}
        stamp = f"{timezone.localdate():%Y%m%d}"
        return workbook_response(
            lambda stream: export_balances(
                actor=Actor.from_request(request),
                programme=self.programme,
                year=chosen.get("year"),
                source=chosen.get("source") or "",
                stream=stream,
            ),
            name=f"经费预算与余额-{self.programme.name}-{stamp}.xlsx",
            fallback=f"balances-{self.programme.slug}-{stamp}.xlsx",
        )


class BudgetView(FundsMixin, FormView):
    permission_required = "funding.set_budget"
    template_name = "funding/budget_form.html"
    form_class = BudgetForm

    def get_permission_object(self):
        return Budget(programme=self.programme)

    def get_initial(self):
        return {"year": timezone.localdate().year}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(
            names=self.names,
            studios=Studio.objects.filter(programme=self.programme).order_by("name"),
            cohorts=Cohort.objects.filter(programme=self.programme).order_by("number"),
        )
        return kwargs

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            budget = set_budget(
                actor=Actor.from_request(self.request),
                programme=self.programme,
                source=data["source"],
                year=data["year"],
                category=data["category"],
                amount_fen=data["amount"],
                payee=data["payee"],
                **form.holder_kwargs(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("预算已保存：%(holder)s %(year)s 年度 %(amount)s 元")
            % {
                "holder": holder_label(budget),
                "year": budget.year,
                "amount": yuan(budget.amount_fen),
            },
        )
        return redirect(ledger_url(self.programme, budget_holder(budget)))


class DisbursementsView(FundsMixin, TemplateView):
    """What waits for the authority's decision, and the latest decided."""

    permission_required = "funding.view_balances"
    template_name = "funding/disbursements.html"

    def get_context_data(self, **kwargs):
        waiting = list(disbursements_waiting(self.request.user, self.programme))
        decided = list(
            Disbursement.objects.filter(budget__programme=self.programme)
            .exclude(status=Disbursement.Status.REQUESTED)
            .select_related("budget__studio", "budget__cohort")
            .order_by("-decided_at", "-pk")[:50]
        )
        for item in (*waiting, *decided):
            item.holder = holder_label(item.budget)
            item.source_name = self.names.source(item.budget.source)
        kwargs.update(
            waiting=waiting,
            decided=decided,
            may_decide=self.request.user.has_perm(
                "funding.decide_disbursement", Budget(programme=self.programme)
            ),
        )
        return super().get_context_data(**kwargs)


class RequestDisbursementView(FundsMixin, FormView):
    permission_required = "funding.request_disbursement"
    template_name = "funding/disbursement_form.html"
    form_class = DisbursementForm

    @cached_property
    def budget(self) -> Budget:
        return get_object_or_404(
            Budget.objects.select_related("studio", "cohort", "programme"),
            programme=self.programme,
            pk=self.kwargs["pk"],
        )

    def get_permission_object(self):
        return self.budget

    def get_initial(self):
        return {"payee": self.budget.payee, "paid_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        kwargs.update(
            budget=self.budget,
            holder_name=holder_label(self.budget),
            source_name=self.names.source(self.budget.source),
        )
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            request_disbursement(
                actor=Actor.from_request(self.request),
                budget=self.budget,
                amount_fen=data["amount"],
                paid_on=data["paid_on"],
                payee=data["payee"],
                voucher_no=data["voucher_no"],
                note=data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("拨付申请已提交，等待主管部门审批"))
        return redirect(ledger_url(self.programme, budget_holder(self.budget)))


class DecideView(FundsMixin, FormView):
    """The authority approves or refuses, once: a second decision is told who decided when."""

    permission_required = "funding.decide_disbursement"
    template_name = "funding/decide.html"
    form_class = DecisionForm

    @cached_property
    def disbursement(self) -> Disbursement:
        return get_object_or_404(
            Disbursement.objects.select_related("budget__studio", "budget__cohort"),
            budget__programme=self.programme,
            pk=self.kwargs["pk"],
        )

    def get_permission_object(self):
        return self.disbursement

    def get_context_data(self, **kwargs):
        item = self.disbursement
        kwargs.update(
            disbursement=item,
            holder_name=holder_label(item.budget),
            source_name=self.names.source(item.budget.source),
        )
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        try:
            decide_disbursement(
                actor=Actor.from_request(self.request),
                disbursement=self.disbursement,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
            )
        except AlreadyDone:
            done = Disbursement.objects.get(pk=self.disbursement.pk)
            messages.info(
                self.request,
                _("已由 %(who)s 于 %(when)s 处理（%(status)s），本次操作未重复执行")
                % {
                    "who": done.decider_name or _("他人"),
                    "when": timezone.localtime(done.decided_at).strftime("%Y-%m-%d %H:%M")
                    if done.decided_at
                    else "",
                    "status": done.get_status_display(),
                },
            )
            return redirect("funding:disbursements", self.programme.slug)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("已审批"))
        return redirect("funding:disbursements", self.programme.slug)


class YearEndView(FundsMixin, FormView):
    """Choosing the source and year to close."""

    permission_required = "funding.close_year"
    template_name = "funding/year_end.html"
    form_class = YearEndForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "names": self.names}

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        ended = (
            Budget.objects.filter(
                programme=self.programme, ends_on__lt=today, year_end__isnull=True
            )
            .values_list("source", "year")
            .distinct()
            .order_by("year", "source")
        )
        kwargs["ended"] = [
            (source, year, self.names.source(source), self._url(source, year))
            for source, year in ended
        ]
        return super().get_context_data(**kwargs)

    def _url(self, source, year) -> str:
        return reverse("funding:year_end_confirm", args=[self.programme.slug, source, year])

    def form_valid(self, form):
        return redirect(self._url(form.cleaned_data["source"], form.cleaned_data["year"]))


class YearEndConfirmView(FundsMixin, TemplateView):
    """What the close will do per holder (carry / return / frozen), then the close itself;
    closing again closes only what is still open."""

    permission_required = "funding.close_year"
    template_name = "funding/year_end_confirm.html"

    @cached_property
    def source(self):
        found = self.names.funding.source(self.kwargs["source"])
        if found is None:
            raise Http404
        return found

    def get_context_data(self, **kwargs):
        plan = plan_close(
            programme=self.programme, source=self.source.code, year=self.kwargs["year"]
        )
        rows = []
        for budget, outcome in plan:
            budget.holder = holder_label(budget)
            budget.category_name = self.names.category(budget.category)
            budget.outcome_label = outcome_label(outcome)
            budget.outcome = outcome
            rows.append(budget)
        ends_on = rows[0].ends_on if rows else None
        kwargs.update(
            source=self.source,
            source_name=self.names.source(self.source.code),
            year=self.kwargs["year"],
            rows=rows,
            ends_on=ends_on,
            may_close=ends_on is not None and ends_on < timezone.localdate(),
            closed=Budget.objects.filter(
                programme=self.programme,
                source=self.source.code,
                year=self.kwargs["year"],
                year_end__isnull=False,
            ).count(),
        )
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        try:
            closed = close_year(
                actor=Actor.from_request(request),
                programme=self.programme,
                source=self.source.code,
                year=self.kwargs["year"],
            )
        except ValidationError as error:
            report(request, error)
            return redirect(request.path)
        if closed:
            messages.success(
                request,
                ngettext("已结算 %(count)d 项预算", "已结算 %(count)d 项预算", len(closed))
                % {"count": len(closed)},
            )
        else:
            messages.info(request, _("该年度没有待结算的预算，本次操作未重复执行"))
        return redirect(
            reverse("funding:overview", args=[self.programme.slug])
            + f"?year={self.kwargs['year']}&source={self.source.code}"
        )
