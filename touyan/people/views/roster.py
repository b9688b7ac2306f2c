"""Roster import (upload → dry-run report → confirm once) and export."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from touyan.accounts.scopes import scope_of
from touyan.core import personal_data
from touyan.core.actors import Actor
from touyan.core.downloads import name_download
from touyan.core.permissions import PermissionMixin

from .. import selectors
from ..forms import PrincipalSearchForm, RosterConfirmForm, RosterUploadForm, scoped_regions
from ..models import RosterImport
from ..roster.exporting import export_roster
from ..roster.importer import RosterRejected
from ..roster.reading import RosterFileError
from ..roster.services import (
    ImportAlreadyFinished,
    confirm_roster_import,
    discard_roster_import,
    upload_roster,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class RosterUploadView(PermissionMixin, FormView):
    permission_required = "people.import_roster"
    template_name = "people/roster_upload.html"
    upload_kind = "roster"
    form_class = RosterUploadForm

    def form_valid(self, form):
        try:
            roster_import, _plan = upload_roster(
                actor=Actor.from_request(self.request), uploaded_file=form.cleaned_data["file"]
            )
        except RosterFileError as exc:
            form.add_error("file", str(exc))
            return self.form_invalid(form)
        return redirect("people:roster_preview", pk=roster_import.pk)

    def get_context_data(self, **kwargs):
        recent = RosterImport.objects.filter(uploaded_by=self.request.user)[:10]
        return super().get_context_data(recent=recent, **kwargs)


class RosterPreviewView(PermissionMixin, FormView):
    permission_required = "people.import_roster"
    template_name = "people/roster_preview.html"
    form_class = RosterConfirmForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            # Only the uploader sees an upload: it may hold rows outside anyone else's scope.
            self.roster_import = get_object_or_404(
                RosterImport, pk=kwargs["pk"], uploaded_by=request.user
            )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(roster_import=self.roster_import, **kwargs)
        report = self.roster_import.report
        if self.roster_import.status == RosterImport.Status.PREVIEWED and report:
            counts = report["counts"]
            show = self.request.GET.get("show", "rejected" if counts["rejected"] else "create")
            if show not in counts:
                show = "create"
            rows = report["rows"][show]
            context.update(
                report=report, show=show, rows=rows, hidden=max(counts[show] - len(rows), 0)
            )
        return context

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "discard":
            discard_roster_import(
                actor=Actor.from_request(request), roster_import=self.roster_import
            )
            messages.info(request, _("已放弃本次导入，名册未作任何改动"))
            return redirect("people:roster_import")
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            result = confirm_roster_import(
                actor=Actor.from_request(self.request),
                roster_import=self.roster_import,
                skip_invalid=form.cleaned_data["mode"] == "skip_invalid",
            )
        except ImportAlreadyFinished as exc:
            messages.warning(self.request, str(exc))
        except RosterRejected as exc:
            messages.error(self.request, str(exc))
        else:
            messages.success(
                self.request,
                _(
                    "导入完成：新增校长%(principals_created)d人，更新%(principals_updated)d人，"
                    "新增学校%(schools_created)d所，更新学校%(schools_updated)d所，跳过%(rows_rejected)d行"
                )
                % result,
            )
        return redirect("people:roster_preview", pk=self.roster_import.pk)


class RosterExportView(PermissionMixin, View):
    permission_required = "people.export_roster"

    def get(self, request):
        user = request.user
        principals = selectors.principals_visible_to(user)
        form = PrincipalSearchForm(request.GET or None, regions=scoped_regions(scope_of(user)))
        if form.is_valid():
            principals = form.search(principals)
        response = HttpResponse(content_type=XLSX)
        filename = f"roster-{timezone.localdate():%Y%m%d}.xlsx"
        name_download(response, filename, filename)
        # Full numbers only as the export's explicit option, for users with the right.
        export_roster(
            actor=Actor.from_request(request),
            principals=principals,
            disclosure=personal_data.asked_in_request(request),
            stream=response,
        )
        return response
