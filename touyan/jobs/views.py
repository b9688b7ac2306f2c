from django.views.generic import DetailView, TemplateView

from touyan.core.pagination import paginate
from touyan.core.permissions import ObjectPermissionMixin, PermissionMixin

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
        return super().get_context_data(page=page, query=query, **kwargs)


class JobDetailView(ObjectPermissionMixin, DetailView):
    permission_required = "jobs.view_job"
    template_name = "jobs/detail.html"
    context_object_name = "job"

    def get_queryset(self):
        return jobs_visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(kind_label=kind_label(self.object.kind), **kwargs)


class JobStatusView(JobDetailView):
    """The job's progress alone, for pages that show a job running (polled by job-status.js)."""

    template_name = "jobs/_status.html"
