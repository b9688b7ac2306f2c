"""The district's downloads: the summary sheet, all forms in one PDF, one candidate's form."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View

from touyan.core import personal_data
from touyan.core.actors import Actor
from touyan.core.downloads import name_download

from ...rules import follows_district
from ...services import exports
from .base import XLSX, ApplicationMixin, DistrictMixin


class SummarySheetView(DistrictMixin, View):
    batch_permission = "selection.download_batch"

    def get(self, request, pk, code):
        response = HttpResponse(content_type=XLSX)
        name = _("汇总表-%(call)d-%(district)s.xlsx") % {
            "call": self.call.pk,
            "district": self.district.name,
        }
        name_download(response, name, f"summary-{self.call.pk}-{self.district.code}.xlsx")
        try:
            exports.export_district_summary(
                actor=Actor.from_request(request),
                call=self.call,
                district=self.district,
                disclosure=personal_data.asked_in_request(request),
                out=response,
            )
        except PermissionDenied:
            raise Http404 from None
        return response


class FormsPdfView(DistrictMixin, View):
    batch_permission = "selection.download_batch"

    def get(self, request, pk, code):
        try:
            pdf = exports.export_district_forms(
                actor=Actor.from_request(request),
                call=self.call,
                district=self.district,
                disclosure=personal_data.asked_in_request(request),
            )
        except PermissionDenied:
            raise Http404 from None
        if pdf is None:
            messages.info(request, _("本区县还没有审核通过的人选，没有推荐表可下载"))
            if follows_district(request.user, self.district.code):
                return redirect(self.list_url())
            return redirect("selection:batches", pk=self.call.pk)
        response = HttpResponse(pdf, content_type="application/pdf")
        name = _("推荐表-%(call)d-%(district)s.pdf") % {
            "call": self.call.pk,
            "district": self.district.name,
        }
        name_download(response, name, f"forms-{self.call.pk}-{self.district.code}.pdf")
        return response


class FormPdfView(ApplicationMixin, View):
    """One candidate's 推荐表: for the first reviewer, and for the call's managers."""

    permission_required = "selection.download_form"

    def get(self, request, pk):
        application = self.get_object()
        try:
            pdf = exports.export_application_form(
                actor=Actor.from_request(request),
                application=application,
                disclosure=personal_data.asked_in_request(request),
            )
        except PermissionDenied:
            raise Http404 from None
        response = HttpResponse(pdf, content_type="application/pdf")
        name = _("推荐表-%(number)s-%(name)s.pdf") % {
            "number": application.number,
            "name": application.principal.name,
        }
        name_download(response, name, f"form-{application.number}.pdf")
        return response
