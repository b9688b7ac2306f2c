"""The pages of every import: upload (with the uploader's recent uploads) and preview (the dry
run, confirm, discard, then the result). A large upload is confirmed by a job: the preview
shows its progress until the result is there. An import supplies its model, form, templates and
URLs; ``upload_context`` gives what its importer needs from the URL (a programme, say)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import FormView

from touyan.core.actors import Actor
from touyan.core.permissions import PermissionMixin

from . import pipeline
from .forms import ConfirmForm
from .importers import importer_of, kind_of
from .progress import live


class ImportMixin(PermissionMixin):
    model = None  # the concrete StoredUpload

    @property
    def kind(self) -> str:
        return kind_of(self.model)

    def upload_context(self) -> dict:
        return {}

    def upload_url(self) -> str:
        raise NotImplementedError

    def preview_url(self, stored) -> str:
        raise NotImplementedError

    def uploads(self):
        """The user's own uploads: an upload may hold rows outside anyone else's scope."""
        return self.model.objects.filter(uploaded_by=self.request.user, **self.upload_context())


class ImportUploadView(ImportMixin, FormView):
    def form_valid(self, form):
        try:
            stored = pipeline.upload(
                actor=Actor.from_request(self.request),
                kind=self.kind,
                uploaded_file=form.cleaned_data["file"],
                **self.upload_context(),
            )
        except pipeline.ImportRefused as exc:
            form.add_error("file", str(exc))
            return self.form_invalid(form)
        return redirect(self.preview_url(stored))

    def get_context_data(self, **kwargs):
        return super().get_context_data(recent=self.uploads()[:10], **kwargs)


class ImportPreviewView(ImportMixin, FormView):
    form_class = ConfirmForm
    table_columns = 0  # of the preview's table of rows

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.upload = get_object_or_404(self.uploads(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def display_row(self, row: dict) -> dict:
        return row

    def get_context_data(self, **kwargs):
        shown = pipeline.preview(self.upload, show=self.request.GET.get("show"))
        if shown:
            shown["rows"] = [self.display_row(row) for row in shown["rows"]]
        return super().get_context_data(
            upload=self.upload,
            job=live(pipeline.confirm_job(kind=self.kind, pk=self.upload.pk)),
            upload_url=self.upload_url(),
            labels=importer_of(self.kind).labels,
            table_columns=self.table_columns,
            rejected=[self.display_row(row) for row in self.upload.result.get("rejected", [])],
            **shown,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "discard":
            pipeline.discard(actor=Actor.from_request(request), kind=self.kind, pk=self.upload.pk)
            messages.info(request, importer_of(self.kind).labels.discarded)
            return redirect(self.upload_url())
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        if pipeline.is_large(self.upload):
            pipeline.confirm_later(
                actor=Actor.from_request(self.request),
                kind=self.kind,
                pk=self.upload.pk,
                skip_invalid=form.cleaned_data["mode"] == "skip_invalid",
            )
            return redirect(self.preview_url(self.upload))
        try:
            result = pipeline.confirm(
                actor=Actor.from_request(self.request),
                kind=self.kind,
                pk=self.upload.pk,
                skip_invalid=form.cleaned_data["mode"] == "skip_invalid",
            )
        except pipeline.ImportAlreadyFinished as exc:
            messages.warning(self.request, str(exc))
        except pipeline.ImportRefused as exc:
            messages.error(self.request, str(exc))
        else:
            messages.success(self.request, importer_of(self.kind).labels.done % result)
        return redirect(self.preview_url(self.upload))
