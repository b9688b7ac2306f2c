"""One studio or trainee: all its rules with what to do next, the periods of one rule with their
evidence, and the participant's way in (“我的任务”)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from touyan.policies.names import shown

from .. import tones
from ..grid import region_names
from ..selectors import evaluation_for, own_subject_ids
from ..verdicts import SEVERITY, Evaluation, State
from .base import ComplianceMixin, SubjectAccessMixin
from .present import grid_cell, period_line, state_css


class SubjectEvaluationMixin(SubjectAccessMixin):
    def evaluation(self) -> tuple[Evaluation, object]:
        subject_id = self.kwargs["subject_id"]
        evaluation = evaluation_for(
            self.request.user, self.programme, as_of=self.as_of, subject_ids=[subject_id]
        )
        subject = next((s for s in evaluation.subjects if s.id == subject_id), None)
        if subject is None:
            raise Http404
        return evaluation, subject

    def subject_context(self, subject) -> dict:
        return {
            **self.base_context(),
            "subject": subject,
            "subject_url": reverse("compliance:studio", args=[self.programme.slug, subject.id])
            + self.as_of_query,
            "dashboard": self.request.user.has_perm("compliance.view_dashboard", self.programme),
        }


class SubjectView(SubjectEvaluationMixin, View):
    def respond(self, request):
        evaluation, subject = self.evaluation()
        lines = []
        for rule in evaluation.rules:
            cell = evaluation.cells.get((subject.id, rule.id))
            if cell is not None:
                lines.append(
                    {
                        "rule": rule,
                        "cell": cell,
                        "shown": grid_cell(cell, rule, self.programme, self.as_of_query),
                        "starts": cell.verdicts[0].period.start if cell.verdicts else None,
                    }
                )
        lines.sort(key=lambda line: tones.URGENCY.index(line["shown"].tone))
        counts = dict.fromkeys(tones.URGENCY, 0)
        for line in lines:
            counts[line["shown"].tone] += 1
        return render(
            request,
            "compliance/subject.html",
            {
                **self.subject_context(subject),
                "lines": lines,
                "counts": [
                    {
                        "css": tones.css_of(tone),
                        "symbol": tones.SYMBOLS[tone],
                        "label": tones.LABELS[tone],
                        "count": counts[tone],
                    }
                    for tone in tones.URGENCY
                    if counts[tone] or tone in ("met", "missed")
                ],
                "region": region_names([subject.region_id]).get(subject.region_id, ""),
            },
        )


class CellView(SubjectEvaluationMixin, View):
    def respond(self, request):
        evaluation, subject = self.evaluation()
        rule_id = self.kwargs["rule_id"]
        rule = next((r for r in evaluation.rules if r.id == rule_id), None)
        cell = evaluation.cells.get((subject.id, rule_id))
        if rule is None or cell is None:
            raise Http404
        written = next(r for r in self.spec.rules if r.id == rule_id)
        lines = [period_line(v, rule, self.programme) for v in cell.verdicts]
        begun = [line for line in lines if line.verdict.period.start <= self.as_of]
        later = [line for line in lines if line.verdict.period.start > self.as_of]
        return render(
            request,
            "compliance/cell.html",
            {
                **self.subject_context(subject),
                "rule": rule,
                "description": shown(written, "description"),
                "cell": cell,
                "shown": grid_cell(cell, rule, self.programme, self.as_of_query),
                "begun": list(reversed(begun)),  # the open period first
                "later": later,
            },
        )


class MineView(ComplianceMixin, View):
    """A host, member or trainee: straight to their studio or record; a list when there are
    several (the host of one studio who is a member of another)."""

    def respond(self, request):
        ids = own_subject_ids(request.user, self.programme)
        if not ids:
            raise Http404
        if len(ids) == 1:
            return redirect(
                reverse("compliance:studio", args=[self.programme.slug, ids[0]]) + self.as_of_query
            )
        evaluation = evaluation_for(request.user, self.programme, as_of=self.as_of, subject_ids=ids)
        items = []
        for subject in evaluation.subjects:
            cells = [c for (sid, _r), c in evaluation.cells.items() if sid == subject.id]
            worst = max((c.state for c in cells), key=SEVERITY.__getitem__, default=State.NOT_DUE)
            items.append(
                {
                    "css": state_css(worst),
                    "subject": subject,
                    "url": reverse("compliance:studio", args=[self.programme.slug, subject.id])
                    + self.as_of_query,
                    "at_risk": sum(c.state is State.AT_RISK for c in cells),
                    "missed": sum(c.state is State.MISSED for c in cells),
                }
            )
        return render(request, "compliance/mine.html", {**self.base_context(), "items": items})
