"""Record import: upload → dry-run report → confirm once (or discard); the blank workbook."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView

from touyan.core.actors import Actor
from touyan.core.permissions import PermissionMixin
from touyan.programmes.policy import spec_of
from touyan.programmes.selectors import programme_for
from touyan.records.models import RecordImport

from .blank import write_template
from .columns import ACTIVITIES, ATTENDANCE, DELIVERABLES
from .forms import XLSX, RecordConfirmForm, RecordUploadForm
from .plan import STATUSES
from .reading import RecordFileError
from .services import (
    ImportAlreadyFinished,
    confirm_record_import,
    discard_record_import,
    upload_records,
)
from .writing import RecordsRejected

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


class RecordUploadView(ProgrammeImportMixin, FormView):
    template_name = "records/import_upload.html"
    upload_kind = "records"
    form_class = RecordUploadForm

    def form_valid(self, form):
        try:
            record_import, _plan = upload_records(
                actor=Actor.from_request(self.request),
                programme=self.programme,
                uploaded_file=form.cleaned_data["file"],
            )
        except RecordFileError as exc:
            form.add_error("file", str(exc))
            return self.form_invalid(form)
        return redirect("records_import:preview", slug=self.programme.slug, pk=record_import.pk)

    def get_context_data(self, **kwargs):
        spec = spec_of(self.programme)
        recent = RecordImport.objects.filter(
            programme=self.programme, uploaded_by=self.request.user
        )[:10]
        return super().get_context_data(
            recent=recent,
            activity_types=[t.name for t in spec.activity_types],
            topics=[t.name for t in spec.curriculum.topics] if spec.curriculum else [],
            kinds=[k.name for k in spec.deliverable_kinds],
            **kwargs,
        )


class RecordPreviewView(ProgrammeImportMixin, FormView):
    template_name = "records/import_preview.html"
    form_class = RecordConfirmForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.kwargs = kwargs
            self.request = request
            # Only the uploader sees an upload: it may name people outside anyone else's reach.
            self.record_import = get_object_or_404(
                RecordImport,
                pk=kwargs["pk"],
                programme=self.get_permission_object(),
                uploaded_by=request.user,
            )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(record_import=self.record_import, **kwargs)
        report = self.record_import.report
        if self.record_import.status == RecordImport.Status.PREVIEWED and report:
            counts = report["counts"]
            show = self.request.GET.get("show", "rejected" if counts["rejected"] else "create")
            if show not in STATUSES:
                show = "create"
            rows = [
                {**row, "sheet_name": SHEET_NAMES[row["sheet"]]} for row in report["rows"][show]
            ]
            context.update(
                report=report,
                show=show,
                rows=rows,
                hidden=max(counts[show] - len(rows), 0),
                sheets=[
                    (SHEET_NAMES[kind], title, report["counts_by_sheet"][kind])
                    for kind, title in report["sheets"].items()
                ],
            )
        result = self.record_import.result
        if result.get("rejected"):
            context["rejected"] = [
                {**row, "sheet_name": SHEET_NAMES[row["sheet"]]} for row in result["rejected"]
            ]
        return context

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "discard":
            discard_record_import(
                actor=Actor.from_request(request), record_import=self.record_import
            )
            messages.info(request, _("已放弃本次导入，没有写入任何记录"))
            return redirect("records_import:upload", slug=self.programme.slug)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            result = confirm_record_import(
                actor=Actor.from_request(self.request),
                record_import=self.record_import,
                skip_invalid=form.cleaned_data["mode"] == "skip_invalid",
            )
        except ImportAlreadyFinished as exc:
            messages.warning(self.request, str(exc))
        except (RecordsRejected, RecordFileError) as exc:
            messages.error(self.request, str(exc))
        else:
            messages.success(
                self.request,
                _(
                    "导入完成：新增活动%(activities_created)d项，更新%(activities_updated)d项；"
                    "考勤新增%(attendance_created)d条，更新%(attendance_updated)d条；"
                    "成果新增%(deliverables_created)d项，更新%(deliverables_updated)d项；"
                    "跳过%(rows_rejected)d行"
                )
                % result,
            )
        return redirect(
            "records_import:preview", slug=self.programme.slug, pk=self.record_import.pk
        )


class RecordTemplateView(ProgrammeImportMixin, View):
    def get(self, request, slug):
        response = HttpResponse(content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="records-{slug}.xlsx"'
        write_template(self.programme, response)
        return response
