"""The dashboard (every visible studio or trainee × every rule) and its Excel export."""

from __future__ import annotations

import dataclasses

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views import View

from touyan.core.actors import Actor
from touyan.core.downloads import name_download
from touyan.core.kept import kept

from .. import freshness, tones
from ..forms import DashboardFilters
from ..grid import PAGE_SIZE, candidates, region_choices, region_names
from ..selectors import evaluation_for
from ..services import export_evaluation
from ..verdicts import Cell, Evaluation, State, Subject
from .base import ComplianceMixin
from .present import Row, grid_cell

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class FilteredEvaluationMixin(ComplianceMixin):
    permission_required = "compliance.view_dashboard"

    def filters(self) -> tuple[DashboardFilters, list, dict[str, str]]:
        rows = candidates(self.request.user, self.programme, self.spec)
        names = region_names(row.region_id for row in rows)
        cohorts = []
        if self.spec.policy.subject == "trainee":
            cohorts = list(self.programme.cohorts.values_list("number", "name"))
        data = self.request.GET.copy()
        data["as_of"] = self.as_of.isoformat()  # the date input shows the day judged
        form = DashboardFilters(
            data,
            spec=self.spec,
            regions=region_choices((row.region_id for row in rows), names),
            cohorts=cohorts,
        )
        narrowed = form.narrow(rows)
        self.all_visible = len(narrowed) == len(rows)
        return form, [row.id for row in narrowed], names

    def evaluate(self, ids: list[int] | None) -> Evaluation:
        return evaluation_for(self.request.user, self.programme, as_of=self.as_of, subject_ids=ids)

    def evaluate_filtered(self, form: DashboardFilters, ids: list[int]) -> Evaluation:
        """Every row that passes the filters but the state one, with only the chosen rule's
        column if one is chosen."""
        evaluation = self.evaluate(None if self.all_visible else ids)
        return only_rule(evaluation, form.value("rule"))


def only_rule(evaluation: Evaluation, rule: str | None) -> Evaluation:
    if not rule:
        return evaluation
    return dataclasses.replace(
        evaluation,
        rules=[r for r in evaluation.rules if r.id == rule],
        cells={key: cell for key, cell in evaluation.cells.items() if key[1] == rule},
    )


def has_tone(cell: Cell, tone: str) -> bool:
    """Whether the cell reads as ``tone``; "at_risk" takes every open period not yet met."""
    if tone == State.AT_RISK.value:
        return cell.state is State.AT_RISK
    return tones.tone_of(cell.state, cell.pace) == tone


def with_state(evaluation: Evaluation, tone: str | None) -> list[Subject]:
    """The subjects with at least one cell (among the rules shown) in ``tone``."""
    if tone is None:
        return evaluation.subjects
    hit = {
        subject_id for (subject_id, _rule), cell in evaluation.cells.items() if has_tone(cell, tone)
    }
    return [s for s in evaluation.subjects if s.id in hit]


class DashboardView(FilteredEvaluationMixin, View):
    def respond(self, request):
        query = request.GET.copy()
        query.pop("page", None)
        return render(
            request,
            "compliance/dashboard.html",
            {
                **self.base_context(),
                # Built only when the kept grid is not in the shared cache (core/kept.py).
                "grid": SimpleLazyObject(lambda: self.grid(request)),
                "kept": kept(request, *freshness.names(self.programme.pk)),
                "perms_keep_snapshots": request.user.has_perm(
                    "compliance.keep_snapshots", self.programme
                ),
                "export_url": reverse("compliance:export", args=[self.programme.slug])
                + (f"?{query.urlencode()}" if query else ""),
            },
        )

    def grid(self, request) -> dict:
        form, ids, names = self.filters()
        if form.chosen_state is None:
            # Without a state filter the rows are known before any verdict: evaluate one page.
            page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
            evaluation = only_rule(self.evaluate(list(page.object_list)), form.value("rule"))
            subjects = evaluation.subjects
            whole = page.paginator.num_pages <= 1
        else:
            evaluation = self.evaluate_filtered(form, ids)
            page = Paginator(with_state(evaluation, form.chosen_state), PAGE_SIZE).get_page(
                request.GET.get("page")
            )
            subjects = list(page.object_list)
            whole = True
        query = request.GET.copy()
        query.pop("page", None)
        totals = self.totals(evaluation, form)
        return {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "rules": evaluation.rules,
            "rows": self.rows(evaluation, subjects, names),
            "totals": totals,
            "clear_state_url": self.clear_state_url,
            "totals_whole": whole,
        }

    def rows(self, evaluation: Evaluation, subjects, names) -> list[Row]:
        slug = self.programme.slug
        return [
            Row(
                subject=subject,
                region=names.get(subject.region_id, subject.region_id),
                url=reverse("compliance:studio", args=[slug, subject.id]) + self.as_of_query,
                cells=[
                    grid_cell(cell, rule, self.programme, self.as_of_query)
                    if (cell := evaluation.cells.get((subject.id, rule.id)))
                    else None
                    for rule in evaluation.rules
                ],
            )
            for subject in subjects
        ]

    def totals(self, evaluation: Evaluation, form) -> list[dict]:
        """Cells per tone over what was evaluated, each a link to the rows in that tone: the
        legend of the grid's colours. A tone no cell has is left out, but for the four states."""
        counts = dict.fromkeys(tones.TONES, 0)
        for cell in evaluation.cells.values():
            counts[tones.tone_of(cell.state, cell.pace)] += 1
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("state", None)
        self.clear_state_url = f"?{query.urlencode()}"
        always = {"met", "on_track", "behind", "cannot_be_met", "missed", "not_due"}
        totals = []
        for tone in tones.TONES:
            if not counts[tone] and tone not in always:
                continue
            query["state"] = tone
            totals.append(
                {
                    "state": tone,
                    "css": tones.css_of(tone),
                    "label": tones.LABELS[tone],
                    "symbol": tones.SYMBOLS[tone],
                    "explained": tones.EXPLAINED.get(tone, ""),
                    "count": counts[tone],
                    "url": f"?{query.urlencode()}",
                    "active": form.chosen_state == tone,
                }
            )
        return totals


class ExportView(FilteredEvaluationMixin, View):
    def respond(self, request):
        form, ids, _names = self.filters()
        evaluation = self.evaluate_filtered(form, ids)
        subjects = with_state(evaluation, form.chosen_state)
        keep = {s.id for s in subjects}
        evaluation = dataclasses.replace(
            evaluation,
            subjects=subjects,
            cells={key: cell for key, cell in evaluation.cells.items() if key[0] in keep},
        )
        response = HttpResponse(content_type=XLSX)
        name = _("%(programme)s合规情况-%(date)s.xlsx") % {
            "programme": self.programme.name,
            "date": self.as_of.isoformat(),
        }
        fallback = f"compliance-{self.programme.slug}-{self.as_of.isoformat()}.xlsx"
        name_download(response, name, fallback)
        export_evaluation(
            actor=Actor.from_request(request),
            programme=self.programme,
            evaluation=evaluation,
            stream=response,
        )
        return response
