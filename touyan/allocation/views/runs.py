"""A member call's allocation runs: the list with a form to start one, and two runs compared."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from touyan.core.feedback import report
from touyan.core.pagination import paginate

from .. import jobs
from ..forms import CompareForm, StartForm
from ..models import Run
from ..selectors import find_run, people, runs_of
from .base import CallMixin, head
from .report import Report, list_counts

COMPARE_ROWS = 100


class RunListView(CallMixin, TemplateView):
    template_name = "allocation/runs.html"

    def get_context_data(self, **kwargs):
        call = self.call
        runs = [run if run.finished else jobs.as_seen(run) for run in runs_of(call)]
        published = next((run for run in runs if run.published_at), None)
        done = [run for run in runs if run.status == Run.Status.DONE]
        return super().get_context_data(
            **head(call),
            rows=[{"run": run, **list_counts(run)} for run in runs],
            published=published,
            can_start=call.stage == call.Stage.DECISION and published is None,
            form=kwargs.pop("form", None) or StartForm(),
            compare=CompareForm(runs=done) if len(done) > 1 else None,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = StartForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            run = jobs.start_run(actor=self.actor, call=self.call, note=form.cleaned_data["note"])
        except ValidationError as error:
            report(request, error)
            return redirect("allocation:runs", self.call.pk)
        messages.success(request, _("已开始计算方案 #%(n)d") % {"n": run.number})
        return redirect("allocation:run", run.pk)


class CompareView(CallMixin, TemplateView):
    template_name = "allocation/compare.html"

    def get_context_data(self, **kwargs):
        call = self.call
        first = find_run(call, self.request.GET.get("a", ""))
        second = find_run(call, self.request.GET.get("b", ""))
        context = {**head(call), "first": first, "second": second}
        ready = [r for r in (first, second) if r is not None and r.status == Run.Status.DONE]
        if len(ready) < 2:
            context["problem"] = _("请选择两个已完成的方案进行比较")
            return super().get_context_data(**context, **kwargs)
        a, b = Report.of(first), Report.of(second)
        differing = [
            identifier
            for identifier in dict.fromkeys([*a.outcome.positions, *b.outcome.positions])
            if identifier not in a.outcome.positions
            or identifier not in b.outcome.positions
            or a.studio_of(identifier) != b.studio_of(identifier)
        ]
        page, query = paginate(self.request, differing, COMPARE_ROWS)
        found = people(page.object_list)
        rows = [
            {
                "person": found.get(identifier),
                "id": identifier,
                "a": a.studio_name(a.studio_of(identifier))
                if identifier in a.outcome.positions
                else None,
                "b": b.studio_name(b.studio_of(identifier))
                if identifier in b.outcome.positions
                else None,
                "rank_a": a.rank_label(identifier),
                "rank_b": b.rank_label(identifier),
            }
            for identifier in page.object_list
        ]
        longer = max(a.profile, b.profile, key=len)
        of_a = {x["label"]: x for x in a.profile}
        of_b = {y["label"]: y for y in b.profile}
        profiles = [
            {"label": x["label"], "a": of_a.get(x["label"]), "b": of_b.get(x["label"])}
            for x in longer
        ]
        context.update(a=a, b=b, profiles=profiles, rows=rows, page=page, query=query)
        return super().get_context_data(**context, **kwargs)
