"""我的工作室: the studios a principal hosts or belongs to, each with every place where its work
is done — the studio's activities, attendance and deliverables, its compliance, the host's
documents, the tasks (the host's, or the member's own, with how many are overdue), and for the
host the prospectus and its public page. Also the member's own task pages (HN-4.2.2): their
parts of the studios' tasks, and one part to hand in."""

from __future__ import annotations

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import FormView, TemplateView

from touyan.core.actors import Actor
from touyan.core.forms import add_service_errors
from touyan.core.permissions import ObjectPermissionMixin, PermissionMixin
from touyan.core.registry import STUDIO_LINKS
from touyan.core.transitions import AlreadyDone
from touyan.programmes.access import access_of
from touyan.programmes.models import Programme, Studio, StudioMember
from touyan.programmes.policy import spec_of
from touyan.programmes.selectors import is_member_of_studio
from touyan.records.selectors import attendance_of_member, attendance_rule

from ..documents import documents_of
from ..forms import SubmitTaskForm
from ..models import Assignment
from ..selectors import assignments_of, overdue, with_lateness
from ..services.tasks import submit_task
from ..states import ASSIGNMENT
from .office import prospectus_of, status_words


def studios_of(principal_id: int):
    return (
        Studio.objects.filter(Q(host_id=principal_id) | is_member_of_studio(principal_id))
        .exclude(programme__status=Programme.Status.CLOSED)
        .distinct()
        .select_related("programme__policy_version", "prospectus", "region")
        .order_by("-programme__starts_on", "name")
    )


def places(
    studio: Studio, *, hosts: bool, overdue_tasks: int = 0, membership_id: int | None = None
) -> list[tuple[str, str]]:
    slug = studio.programme.slug
    links = [
        (reverse("programmes:studio", args=[slug, studio.pk]), _("活动、考勤与成果")),
        (reverse("compliance:mine", args=[slug]), _("合规情况")),
    ]
    if membership_id is not None:
        links.append((reverse("studios:archive", args=[membership_id]), _("我的成员档案")))
    if documents_of(studio.programme):
        links.append((reverse("studios:documents", args=[studio.pk]), _("工作室制度与计划")))
    if hosts:
        label = _("成员任务")
        if overdue_tasks:
            label = ngettext(
                "成员任务（%(n)d 项逾期）", "成员任务（%(n)d 项逾期）", overdue_tasks
            ) % {"n": overdue_tasks}
        links.append((reverse("studios:tasks", args=[studio.pk]), label))
    else:
        label = _("我的任务")
        if overdue_tasks:
            label = ngettext(
                "我的任务（%(n)d 项逾期）", "我的任务（%(n)d 项逾期）", overdue_tasks
            ) % {"n": overdue_tasks}
        links.append((reverse("studios:my_tasks"), label))
    prospectus = prospectus_of(studio)
    if hosts:
        links.append(
            (
                reverse("studios:edit", args=[studio.pk]),
                _("工作室简介（%(status)s）") % {"status": status_words(prospectus)},
            )
        )
    if prospectus is not None and prospectus.published_at is not None:
        links.append((reverse("studios:public", args=[studio.pk]), _("公开页面")))
    links += STUDIO_LINKS.items((studio, hosts))
    return links


def own_attendance(studio: Studio, principal_id: int) -> dict:
    """A member's own attendance at the studio's activities (HN-4.3.1), and whether it is
    below what the policy asks."""
    membership = (
        StudioMember.objects.filter(studio=studio, principal_id=principal_id)
        .order_by("-joined_on")
        .first()
    )
    if membership is None:
        return {}
    membership.studio = studio
    attendance = attendance_of_member(membership)
    rule = attendance_rule(spec_of(studio.programme))
    return {"attendance": attendance, "below": attendance.below(rule), "rule": rule}


class MyStudiosView(PermissionMixin, TemplateView):
    template_name = "studios/mine.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and access_of(request.user).principal_id is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        principal_id = access_of(self.request.user).principal_id
        studios = list(studios_of(principal_id))
        late = late_by_studio(principal_id, [s.pk for s in studios])
        memberships = dict(
            StudioMember.objects.filter(principal_id=principal_id, studio__in=studios).values_list(
                "studio_id", "pk"
            )
        )
        rows = []
        for studio in studios:
            hosts = studio.host_id == principal_id
            overdue_tasks = late.get((studio.pk, hosts), 0)
            rows.append(
                {
                    "studio": studio,
                    "role": _("主持人") if hosts else _("成员"),
                    "links": places(
                        studio,
                        hosts=hosts,
                        overdue_tasks=overdue_tasks,
                        membership_id=memberships.get(studio.pk),
                    ),
                    **({} if hosts else own_attendance(studio, principal_id)),
                }
            )
        return super().get_context_data(rows=rows, **kwargs)


def late_by_studio(principal_id: int, studio_ids: list[int]) -> dict[tuple[int, bool], int]:
    """Overdue parts of tasks: (studio, True) the studio's members' for its host, (studio,
    False) the principal's own."""
    rows = (
        Assignment.objects.filter(overdue(), task__studio_id__in=studio_ids)
        .filter(Q(task__studio__host_id=principal_id) | Q(member__principal_id=principal_id))
        .values_list("task__studio_id", "task__studio__host_id", "member__principal_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    late: dict[tuple[int, bool], int] = {}
    for studio_id, host_id, member_id, n in rows:
        if host_id == principal_id:
            late[studio_id, True] = late.get((studio_id, True), 0) + n
        if member_id == principal_id:
            late[studio_id, False] = late.get((studio_id, False), 0) + n
    return late


class MyTasksView(PermissionMixin, TemplateView):
    """A member's parts of their studios' tasks: what is still to do first, then the rest."""

    template_name = "studios/tasks/mine.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and access_of(request.user).principal_id is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        parts = list(assignments_of(access_of(self.request.user).principal_id))
        return super().get_context_data(
            open_parts=[part for part in parts if part.is_open],
            other_parts=[part for part in parts if not part.is_open],
            **kwargs,
        )


class MyTaskView(ObjectPermissionMixin, FormView):
    """One of the member's parts: the task, what they handed in, the host's comment, and the
    form to hand it in (again) while it is theirs to do."""

    permission_required = "studios.view_assignment"
    template_name = "studios/tasks/my_task.html"
    form_class = SubmitTaskForm

    def get_queryset(self):
        principal_id = access_of(self.request.user).principal_id
        return with_lateness(
            Assignment.objects.filter(member__principal_id=principal_id).select_related(
                "task__studio__programme", "member__principal"
            )
        )

    @cached_property
    def part(self) -> Assignment:
        return self.get_object()

    @cached_property
    def may_submit(self) -> bool:
        return ASSIGNMENT.allows(self.part, "submit") and self.request.user.has_perm(
            "studios.submit_task", self.part
        )

    def get_initial(self):
        return {"text": self.part.text}

    def post(self, request, *args, **kwargs):
        if not self.request.user.has_perm("studios.submit_task", self.part):
            raise Http404
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            submit_task(
                actor=Actor.from_request(self.request),
                assignment=self.part,
                text=form.cleaned_data["text"],
                file=form.cleaned_data["file"],
            )
        except AlreadyDone as done:
            for message in done.messages:
                messages.info(self.request, message)
            return redirect("studios:my_task", pk=self.part.pk)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("已提交，等待主持人审阅"))
        return redirect("studios:my_task", pk=self.part.pk)

    def get_context_data(self, **kwargs):
        if not self.may_submit:
            kwargs["form"] = None
        return super().get_context_data(
            part=self.part, task=self.part.task, studio=self.part.task.studio, **kwargs
        )
