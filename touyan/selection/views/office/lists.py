"""The call's decided and final lists (决定名单, 最终名单) as .xlsx and PDF, for the office that
manages the call. The decided list exists once the decision has begun, the final list once the
call is final; asked for before, the call's page says why not."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View

from touyan.core import personal_data
from touyan.core.downloads import name_download

from ...documents.lists import DECIDED, FINAL, MEMBERS, list_title
from ...models import Call
from ...services import exports
from ..district.base import XLSX
from .base import CallMixin

READY = {
    DECIDED: (Call.Stage.DECISION, Call.Stage.NOTICE, Call.Stage.FINAL),
    FINAL: (Call.Stage.FINAL,),
}


def list_ready(call: Call, which: str) -> bool:
    """A member call has no decision of its own (the allocation places its applicants): only
    its final list."""
    if which == DECIDED and call.purpose == MEMBERS:
        return False
    return call.stage in READY[which]


def lists_context(call: Call) -> dict:
    return {"decided_ready": list_ready(call, DECIDED), "final_ready": list_ready(call, FINAL)}


class ListDownloadMixin(CallMixin):
    which = DECIDED

    def get(self, request, *args, **kwargs):
        call = self.call
        if not list_ready(call, self.which):
            if self.which == FINAL:
                messages.info(request, _("最终名单尚未确定，还不能下载"))
            elif call.purpose == MEMBERS:
                messages.info(
                    request, _("成员申报由分配方案决定，没有决定名单；请下载分配名单或最终名单")
                )
            else:
                messages.info(request, _("审定尚未开始，还没有决定名单"))
            return redirect("selection:call", pk=call.pk)
        return self.download(personal_data.asked_in_request(request))

    def file_name(self, extension: str) -> tuple[str, str]:
        return (
            f"{list_title(self.call, self.which)}.{extension}",
            f"{self.which}-list-{self.call.pk}.{extension}",
        )


class ListSheetView(ListDownloadMixin, View):
    def download(self, disclosure) -> HttpResponse:
        response = HttpResponse(content_type=XLSX)
        name_download(response, *self.file_name("xlsx"))
        exports.export_call_list_sheet(
            actor=self.actor, call=self.call, which=self.which, disclosure=disclosure, out=response
        )
        return response


class ListPdfView(ListDownloadMixin, View):
    def download(self, disclosure) -> HttpResponse:
        pdf = exports.export_call_list_pdf(
            actor=self.actor, call=self.call, which=self.which, disclosure=disclosure
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        return name_download(response, *self.file_name("pdf"))
