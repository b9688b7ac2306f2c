"""Roster import (upload → dry-run report → confirm once) and export."""

from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views import View

from touyan.accounts.scopes import scope_of
from touyan.core import personal_data
from touyan.core.actors import Actor
from touyan.core.downloads import name_download
from touyan.core.imports.views import ImportMixin, ImportPreviewView, ImportUploadView
from touyan.core.permissions import PermissionMixin

from .. import selectors
from ..forms import PrincipalSearchForm, RosterUploadForm, scoped_regions
from ..models import RosterImport
from ..roster.exporting import export_roster

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class RosterImportMixin(ImportMixin):
    permission_required = "people.import_roster"
    model = RosterImport

    def upload_url(self):
        return reverse("people:roster_import")

    def preview_url(self, stored):
        return reverse("people:roster_preview", kwargs={"pk": stored.pk})


class RosterUploadView(RosterImportMixin, ImportUploadView):
    template_name = "people/roster_upload.html"
    upload_kind = "roster"
    form_class = RosterUploadForm


class RosterPreviewView(RosterImportMixin, ImportPreviewView):
    template_name = "people/roster_preview.html"
    table_columns = 6


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
