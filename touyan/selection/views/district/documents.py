"""The district's downloads: the summary sheet, all forms in one PDF (made by the task queue),
one candidate's form."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from touyan.core import personal_data, retention
from touyan.core.actors import Actor
from touyan.core.downloads import name_download

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


class FormsView(DistrictMixin, TemplateView):
    """All the district's forms as one PDF: asked for here (POST), made by the task queue, and
    downloaded from here by the one who asked, once it is ready."""

    batch_permission = "selection.download_batch"
    template_name = "selection/district/forms.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            call=self.call,
            district=self.district,
            job=exports.latest_district_forms(
                user=self.request.user, call=self.call, district=self.district
            ),
            kept=retention.kept_words("job_files"),
            **kwargs,
        )

    def post(self, request, pk, code):
        try:
            exports.prepare_district_forms(
                actor=Actor.from_request(request),
                call=self.call,
                district=self.district,
                disclosure=personal_data.for_export(
                    viewer=request.user, full=request.POST.get("full") == "1"
                ),
            )
        except PermissionDenied:
            raise Http404 from None
        return redirect("selection:district_forms", pk=self.call.pk, code=self.district.code)


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
