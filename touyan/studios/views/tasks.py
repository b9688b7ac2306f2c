"""The host's task pages (HN-4.2.2): the studio's tasks with how far each has got, a new task
for every serving member or for those chosen, and one task's parts to accept or return with a
comment. A member's own pages are in ``mine.py``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from touyan.core.actors import Actor
from touyan.core.downloads import file_download
from touyan.core.forms import add_service_errors
from touyan.core.permissions import ObjectPermissionMixin
from touyan.core.transitions import AlreadyDone

from ..forms import TaskForm, TaskReviewForm
from ..models import Assignment, Task
from ..selectors import assignments_of_task, serving_members, tasks_of_studio
from ..services.tasks import assign_task, review_task
from .documents import StudioPageMixin
from .office import studios_in_reach


class TaskListView(StudioPageMixin, FormView):
    permission_required = "studios.assign_task"
    template_name = "studios/tasks/list.html"

    def get_form(self, form_class=None):
        return TaskForm(**self.get_form_kwargs(), members=serving_members(self.studio))

    def form_valid(self, form):
        try:
            task = assign_task(
                actor=Actor.from_request(self.request),
                studio=self.studio,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                due_on=form.cleaned_data["due_on"],
                members=form.chosen(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("已分配任务“%(title)s”给 %(n)d 名成员")
            % {"title": task.title, "n": task.assignments.count()},
        )
        return redirect("studios:tasks", pk=self.studio.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            tasks=tasks_of_studio(self.studio), today=timezone.localdate(), **kwargs
        )


def tasks_in_reach(user):
    return Task.objects.filter(studio__in=studios_in_reach(user)).select_related(
        "studio__programme"
    )


class TaskView(ObjectPermissionMixin, TemplateView):
    """One task and every member's part; the parts handed in carry the review form."""

    permission_required = "studios.review_task"
    template_name = "studios/tasks/task.html"

    def get_queryset(self):
        return tasks_in_reach(self.request.user)

    def get_context_data(self, **kwargs):
        task = self.get_object()
        return super().get_context_data(
            task=task,
            studio=task.studio,
            programme=task.studio.programme,
            parts=assignments_of_task(task),
            form=kwargs.pop("form", None) or TaskReviewForm(),
            failed=kwargs.pop("failed", None),
            **kwargs,
        )


class PartMixin(ObjectPermissionMixin):
    def get_queryset(self):
        return Assignment.objects.filter(
            task__studio__in=studios_in_reach(self.request.user)
        ).select_related("task__studio__programme", "member__principal")


class ReviewPartView(PartMixin, View):
    permission_required = "studios.review_task"

    def post(self, request, *args, **kwargs):
        part = self.get_object()
        form = TaskReviewForm(request.POST)
        form.is_valid()  # the note is optional to the form; the service decides
        accept = request.POST.get("decision") == "accept"
        try:
            review_task(
                actor=Actor.from_request(request),
                assignment=part,
                accept=accept,
                note=form.cleaned_data.get("note", ""),
            )
        except AlreadyDone as done:
            for message in done.messages:
                messages.info(request, message)
        except ValidationError as error:
            add_service_errors(form, error)
            view = TaskView()
            view.setup(request, pk=part.task_id)
            view.object = part.task
            return view.render_to_response(view.get_context_data(form=form, failed=part.pk))
        else:
            name = part.member.principal.name
            if accept:
                messages.success(request, _("已确认 %(name)s 完成任务") % {"name": name})
            else:
                messages.success(request, _("已将 %(name)s 的任务退回修改") % {"name": name})
        return redirect("studios:task", pk=part.task_id)


class PartFileView(PartMixin, View):
    """The file a member handed in, for the member and the host."""

    permission_required = "studios.view_assignment"

    def get(self, request, *args, **kwargs):
        part = self.get_object()
        return file_download(part.file, part.file_name or part.task.title)
