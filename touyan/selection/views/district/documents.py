"""The district's downloads: the summary sheet, all forms in one PDF, one candidate's form."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View

from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core import personal_data
from touyan.core.actors import Actor
from touyan.core.downloads import name_download

from ...documents import build
from ...rules import follows_district
from .base import XLSX, ApplicationMixin, DistrictMixin


class SummarySheetView(DistrictMixin, View):
    managers_too = True

    def get(self, request, pk, code):
        response = HttpResponse(content_type=XLSX)
        name = _("汇总表-%(call)d-%(district)s.xlsx") % {
            "call": self.call.pk,
            "district": self.district.name,
        }
        name_download(response, name, f"summary-{self.call.pk}-{self.district.code}.xlsx")
        disclosure = personal_data.asked_in_request(request)
        count = build.write_district_summary(
            response, call=self.call, district=self.district, disclosure=disclosure
        )
        personal_data.record_export(
            actor=Actor.from_request(request),
            disclosure=disclosure,
            what=_("%(district)s推荐人选汇总表") % {"district": self.district.name},
            scope_code=self.district.code,
        )
        record(
            actor=Actor.from_request(request),
            verb=Verb.EXPORT,
            target=self.call,
            scope_code=self.district.code,
            note=_("导出%(district)s推荐人选汇总表，%(count)d 人")
            % {"district": self.district.name, "count": count},
        )
        return response


class FormsPdfView(DistrictMixin, View):
    managers_too = True

    def get(self, request, pk, code):
        disclosure = personal_data.asked_in_request(request)
        forms = build.district_forms(self.call, self.district, disclosure=disclosure)
        if not forms:
            messages.info(request, _("本区县还没有审核通过的人选，没有推荐表可下载"))
            if follows_district(request.user, self.district.code):
                return redirect(self.list_url())
            return redirect("selection:batches", pk=self.call.pk)
        response = HttpResponse(build.forms_pdf(forms), content_type="application/pdf")
        name = _("推荐表-%(call)d-%(district)s.pdf") % {
            "call": self.call.pk,
            "district": self.district.name,
        }
        name_download(response, name, f"forms-{self.call.pk}-{self.district.code}.pdf")
        personal_data.record_export(
            actor=Actor.from_request(request),
            disclosure=disclosure,
            what=_("%(district)s推荐表") % {"district": self.district.name},
            scope_code=self.district.code,
        )
        record(
            actor=Actor.from_request(request),
            verb=Verb.EXPORT,
            target=self.call,
            scope_code=self.district.code,
            note=_("导出%(district)s推荐表，%(count)d 份")
            % {"district": self.district.name, "count": len(forms)},
        )
        return response


class FormPdfView(ApplicationMixin, View):
    """One candidate's 推荐表: for the first reviewer, and for the call's managers."""

    permission_required = ""

    def get(self, request, pk):
        application = self.get_object()
        user = request.user
        if not (
            user.has_perm("selection.review_application", application)
            or user.has_perm("selection.manage_call", application.call)
        ):
            raise Http404
        disclosure = personal_data.asked_in_request(request)
        form = build.application_form(application, disclosure=disclosure)
        response = HttpResponse(build.forms_pdf([form]), content_type="application/pdf")
        name = _("推荐表-%(number)s-%(name)s.pdf") % {
            "number": application.number,
            "name": application.principal.name,
        }
        name_download(response, name, f"form-{application.number}.pdf")
        personal_data.record_export(
            actor=Actor.from_request(request),
            disclosure=disclosure,
            what=_("推荐表 %(number)s") % {"number": application.number},
            scope_code=application.district_id,
        )
        record(
            actor=Actor.from_request(request),
            verb=Verb.EXPORT,
            target=application,
            scope_code=application.district_id,
            note=_("导出推荐表"),
        )
        return response


# What the review page shows ------------------------------------------------------------------
