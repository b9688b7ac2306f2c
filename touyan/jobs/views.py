from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.views.generic import DetailView, TemplateView

from touyan.core.imports.progress import live
from touyan.core.pagination import paginate
from touyan.core.permissions import ObjectPermissionMixin, PermissionMixin

from .kinds import shows_result
from .presenters import kind_label
from .selectors import jobs_visible_to

PAGE_SIZE = 50


class JobListView(PermissionMixin, TemplateView):
    permission_required = "jobs.view_jobs"
    template_name = "jobs/list.html"

    def get_context_data(self, **kwargs):
        page, query = paginate(self.request, jobs_visible_to(self.request.user), PAGE_SIZE)
        for job in page:
            job.kind_label = kind_label(job.kind)
            job.shown_result = job.result if shows_result(job.kind) else ""
        return super().get_context_data(page=page, query=query, **kwargs)


class JobDetailView(ObjectPermissionMixin, DetailView):
    permission_required = "jobs.view_job"
    template_name = "jobs/detail.html"
    context_object_name = "job"

    def get_queryset(self):
        return jobs_visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            kind_label=kind_label(self.object.kind),
            shown_result=self.object.result if shows_result(self.object.kind) else "",
            **kwargs,
        )


class JobStatusView(JobDetailView):
    """The job's progress alone, for pages that show a job running (polled by job-status.js)."""

    template_name = "jobs/_status.html"

    def get_object(self, queryset=None):
        # An import being written reports on the side on SQLite (``core.imports.progress``).
        return live(super().get_object(queryset))


class JobFileView(ObjectPermissionMixin, DetailView):
    """The file a job made, for the one who asked for it, while it is kept."""

    permission_required = "jobs.download_file"

    def get_queryset(self):
        return jobs_visible_to(self.request.user)

    def get(self, request, *args, **kwargs):
        kept = self.get_object().kept_file
        if kept is None:
            raise Http404
        try:
            handle = default_storage.open(kept["file"], "rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(
            handle, as_attachment=True, filename=kept["name"], content_type=kept["content_type"]
        )
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response
