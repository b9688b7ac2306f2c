"""Record import: upload → dry-run report → confirm once (or discard); the blank workbook."""

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views import View

from touyan.core.downloads import name_download
from touyan.core.imports.views import ImportMixin, ImportPreviewView, ImportUploadView
from touyan.core.permissions import PermissionMixin
from touyan.core.uploads import XLSX
from touyan.programmes.policy import spec_of
from touyan.programmes.selectors import programme_for
from touyan.records.models import RecordImport

from .blank import write_template
from .columns import ACTIVITIES, ATTENDANCE, DELIVERABLES
from .forms import RecordUploadForm

SHEET_NAMES = {
    ACTIVITIES: gettext_lazy("活动"),
    ATTENDANCE: gettext_lazy("考勤"),
    DELIVERABLES: gettext_lazy("成果"),
}


class ProgrammeImportMixin(PermissionMixin):
    """The programme of the URL, found among those the user sees (404 otherwise); the user must
    be able to record for at least one of its studios or cohorts."""

    permission_required = "records.import_records"

    def get_permission_object(self):
        if not hasattr(self, "programme"):
            self.programme = programme_for(self.request.user, self.kwargs["slug"])
        return self.programme

    def get_context_data(self, **kwargs):
        return super().get_context_data(programme=self.programme, **kwargs)


class RecordImportMixin(ProgrammeImportMixin, ImportMixin):
    model = RecordImport

    def upload_context(self):
        return {"programme": self.get_permission_object()}

    def upload_url(self):
        return reverse("records_import:upload", kwargs={"slug": self.programme.slug})

    def preview_url(self, stored):
        return reverse(
            "records_import:preview", kwargs={"slug": self.programme.slug, "pk": stored.pk}
        )


class RecordUploadView(RecordImportMixin, ImportUploadView):
    template_name = "records/import_upload.html"
    upload_kind = "records"
    form_class = RecordUploadForm

    def get_context_data(self, **kwargs):
        spec = spec_of(self.programme)
        return super().get_context_data(
            activity_types=[t.name for t in spec.activity_types],
            topics=[t.name for t in spec.curriculum.topics] if spec.curriculum else [],
            kinds=[k.name for k in spec.deliverable_kinds],
            **kwargs,
        )


class RecordPreviewView(RecordImportMixin, ImportPreviewView):
    template_name = "records/import_preview.html"
    table_columns = 5

    def display_row(self, row):
        return {**row, "sheet_name": SHEET_NAMES[row["sheet"]]}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = context.get("report")
        if report:
            context["sheets"] = [
                (SHEET_NAMES[kind], title, report["counts_by_sheet"][kind])
                for kind, title in report["sheets"].items()
            ]
        return context


class RecordTemplateView(ProgrammeImportMixin, View):
    def get(self, request, slug):
        response = HttpResponse(content_type=XLSX.content_type)
        filename = f"records-{slug}.xlsx"
        name_download(response, filename, filename)
        write_template(self.programme, response)
        return response
