"""Downloads: a round's results as .xlsx, a case's assessment report as PDF."""

from __future__ import annotations

from django.http import HttpResponse
from django.views import View

from touyan.core.actors import Actor
from touyan.core.downloads import name_download
from touyan.core.permissions import ObjectPermissionMixin
from touyan.core.uploads import XLSX

from .. import exports
from ..selectors import case_reports_for, rounds_managed_by


class RoundResultsSheetView(ObjectPermissionMixin, View):
    permission_required = "assessment.export_round"

    def get_queryset(self):
        return rounds_managed_by(self.request.user)

    def get(self, request, *args, **kwargs):
        round_ = self.get_object()
        response = HttpResponse(content_type=XLSX.content_type)
        name_download(
            response,
            f"{round_.name}-考核结果.xlsx",
            f"assessment-round{round_.pk}-results.xlsx",
        )
        exports.export_round_sheet(actor=Actor.from_request(request), round_=round_, out=response)
        return response


class CaseReportView(ObjectPermissionMixin, View):
    permission_required = "assessment.download_case_report"

    def get_queryset(self):
        return case_reports_for(self.request.user)

    def get(self, request, *args, **kwargs):
        case = self.get_object()
        pdf = exports.export_case_report(actor=Actor.from_request(request), case=case)
        return name_download(
            HttpResponse(pdf, content_type="application/pdf"),
            f"{case}-{case.round.name}-考核报告.pdf",
            f"assessment-case{case.pk}-report.pdf",
        )
