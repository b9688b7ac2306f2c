"""One allocation run: its progress while it computes, then the result with the manual moves,
the repeat, the files, and publishing."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from touyan.core.downloads import name_download
from touyan.core.feedback import form_errors, report
from touyan.core.pagination import paginate
from touyan.core.transitions import AlreadyDone

from .. import exports, jobs, services
from ..forms import NOBODY, MoveForm, PublishForm
from ..models import Run
from ..outcome import latest_moves
from ..selectors import moves_of, people, published_run, region_names, studios_of
from .base import RunMixin, head
from .report import Report

ROWS = 100
UNASSIGNED_SHOWN = 100
UNASSIGNED = "none"


def changeable(run: Run, published: Run | None) -> bool:
    """Moves and publishing: a finished run of a call still in decision, nothing published."""
    return (
        run.status == Run.Status.DONE
        and published is None
        and run.call.stage == run.call.Stage.DECISION
    )


def kept_query(data, studio: str = "studio") -> str:
    """The list's page and filter, carried through a form and back."""
    kept = {"page": data.get("page", ""), "studio": data.get(studio, "")}
    return urlencode(
        {k: v for k, v in kept.items() if v == UNASSIGNED or (v.isdigit() and v.isascii())}
    )


class RunView(RunMixin, TemplateView):
    template_name = "allocation/run.html"

    def get_context_data(self, **kwargs):
        run = jobs.as_seen(self.run)
        published = published_run(run)
        context = {
            **head(run.call),
            "run": run,
            "published": published,
            "changeable": changeable(run, published),
        }
        if run.status == Run.Status.DONE:
            context.update(self.result(run))
        return super().get_context_data(**context, **kwargs)

    def result(self, run: Run) -> dict:
        report_ = Report.of(run)
        moves = moves_of(run)
        latest = latest_moves(moves)
        chosen = self.request.GET.get("studio", "")
        studio_ids = {str(s.id): s.id for s in report_.problem.studios}
        identifiers = list(report_.outcome.positions)
        if chosen == UNASSIGNED:
            identifiers = list(report_.outcome.unassigned)
        elif chosen in studio_ids:
            wanted = studio_ids[chosen]
            identifiers = [i for i in identifiers if report_.studio_of(i) == wanted]
        else:
            chosen = ""
        page, query = paginate(self.request, identifiers, ROWS)
        unassigned = report_.outcome.unassigned[:UNASSIGNED_SHOWN]
        shown = [*page.object_list, *unassigned, *latest]
        found = people(shown)
        codes = {s.region for s in report_.problem.studios}
        codes |= {report_.applicant(i)[1].region for i in shown if i in report_.outcome.positions}
        regions = region_names(codes)
        studios = report_.studio_rows(regions)
        return {
            "report": report_,
            "moves": [
                {
                    "move": move,
                    "person": found.get(move.applicant),
                    "from": report_.studio_name(move.from_studio_id),
                    "to": report_.studio_name(move.to_studio_id),
                    "change": move.objective_after - move.objective_before,
                }
                for move in moves
            ],
            "studios": studios,
            "below": [s for s in studios if s["below"]],
            "unassigned": report_.rows(unassigned, found, regions, latest),
            "unassigned_more": len(report_.outcome.unassigned) - len(unassigned),
            "rows": report_.rows(list(page.object_list), found, regions, latest),
            "page": page,
            "query": query,
            "chosen": chosen,
            "studio_filter": [(str(s["id"]), s["name"]) for s in studios],
            "original": run.objective if moves else None,
            "nobody": NOBODY,
        }


class ProgressView(RunMixin, View):
    def get(self, request, *args, **kwargs):
        run = jobs.as_seen(self.run)
        return JsonResponse(
            {
                "status": run.status,
                "status_label": run.get_status_display(),
                "progress": run.progress,
                "phase": run.phase,
                "error": run.error,
                "done": reverse("allocation:run", args=[run.pk]) if run.finished else None,
            }
        )


class MoveView(RunMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = MoveForm(request.POST, studios=studios_of(self.run))
        query = kept_query(request.POST, studio="studio_filter")
        if not form.is_valid():
            form_errors(request, form)
            return self.back(anchor=f"r-{request.POST.get('applicant', '')}", query=query)
        applicant = form.cleaned_data["applicant"]
        try:
            move = services.move_member(
                actor=self.actor,
                run=self.run,
                applicant=applicant,
                studio=form.cleaned_data["studio"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            report(request, error)
        else:
            name = people([applicant]).get(applicant)
            messages.success(
                request,
                _("已调整 %(who)s：目标值 %(before)d → %(after)d（%(change)+d）")
                % {
                    "who": name.name if name else applicant,
                    "before": move.objective_before,
                    "after": move.objective_after,
                    "change": move.objective_after - move.objective_before,
                },
            )
        return self.back(anchor=f"r-{applicant}", query=query)


class RepeatView(RunMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        run = self.run
        if run.status != Run.Status.DONE:
            messages.error(request, _("这一方案尚未算完"))
        elif services.repeat_run(run=run):
            messages.success(request, _("复算结果与原结果完全一致"))
        else:
            messages.warning(
                request,
                _("复算结果与原结果不一致：请下载问题文件和结果文件，联系系统管理员核查"),
            )
        return self.back(anchor="repeat")


class PublishView(RunMixin, TemplateView):
    """A confirmation page ("我已核对"), then the run becomes the call's allocation."""

    template_name = "allocation/publish.html"

    def get_context_data(self, **kwargs):
        run = self.run
        published = published_run(run)
        context = {**head(run.call), "run": run, "published": published}
        if changeable(run, published):
            report_ = Report.of(run)
            studios = report_.studio_rows({})
            context.update(
                report=report_,
                below=[s for s in studios if s["below"]],
                above=[s for s in studios if s["above"]],
                moves=run.moves.count(),
                form=kwargs.pop("form", None) or PublishForm(),
            )
        return super().get_context_data(**context, **kwargs)

    def post(self, request, *args, **kwargs):
        form = PublishForm(request.POST)
        if not form.is_valid():
            form_errors(request, form)
            return self.render_to_response(self.get_context_data(form=form))
        try:
            run = services.publish_run(actor=self.actor, run=self.run)
        except AlreadyDone as error:
            report(request, error)
        except ValidationError as error:
            report(request, error)
            return self.back()
        else:
            messages.success(
                request, _("已发布方案 #%(n)d，申请人和工作室主持人已收到通知") % {"n": run.number}
            )
        return self.back()


def json_download(run: Run, document: dict, kind: str, label: str) -> HttpResponse:
    if not document:
        raise Http404
    text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    response = HttpResponse(text, content_type="application/json; charset=utf-8")
    return name_download(
        response,
        f"{run.call.title}-分配方案{run.number}-{label}.json",
        f"allocation-call{run.call_id}-run{run.number}-{kind}.json",
    )


class ProblemFileView(RunMixin, View):
    """The input of ``touyan allocate``, exactly as the run solved it."""

    def get(self, request, *args, **kwargs):
        return json_download(self.run, self.run.problem, "problem", _("问题"))


class ResultFileView(RunMixin, View):
    """The solver's answer as ``touyan allocate`` writes it (manual moves not applied)."""

    def get(self, request, *args, **kwargs):
        return json_download(self.run, self.run.result, "result", _("结果"))


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _finished(run: Run) -> Run:
    if run.status != Run.Status.DONE:
        raise Http404
    return run


class ListSheetView(RunMixin, View):
    """The allocation as .xlsx: a sheet per studio, then the unassigned (moves applied)."""

    def get(self, request, *args, **kwargs):
        run = _finished(self.run)
        response = HttpResponse(content_type=XLSX)
        name_download(
            response,
            f"{run.call.title}-分配方案{run.number}-名单.xlsx",
            f"allocation-call{run.call_id}-run{run.number}-list.xlsx",
        )
        exports.export_run_sheet(actor=self.actor, run=run, out=response)
        return response


class ListPdfView(RunMixin, View):
    """The allocation as a printable list (A4)."""

    def get(self, request, *args, **kwargs):
        run = _finished(self.run)
        pdf = exports.export_run_pdf(actor=self.actor, run=run)
        response = HttpResponse(pdf, content_type="application/pdf")
        return name_download(
            response,
            f"{run.call.title}-分配方案{run.number}-名单.pdf",
            f"allocation-call{run.call_id}-run{run.number}-list.pdf",
        )
