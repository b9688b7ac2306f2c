"""What studios put in the 待办 inbox: prospectuses submitted for the centre's approval, one
item per programme (its review queue), the studios as the item's details; for a host, members'
task parts to review and those overdue, one item each per studio; for a member, each of their
parts still to do (overdue, returned or due)."""

from __future__ import annotations

from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from touyan.core.registry import DetailRows, InboxItem
from touyan.programmes.access import access_of
from touyan.programmes.inbox import managed
from touyan.programmes.selectors import still_member

from .models import Assignment, Prospectus
from .selectors import overdue
from .states import OPEN


def prospectuses_to_approve(user) -> list[InboxItem]:
    condition = managed(user, "studio__programme")
    if condition is None:
        return []
    rows = (
        Prospectus.objects.filter(condition, status=Prospectus.Status.SUBMITTED)
        .values_list("studio__programme_id", "studio__programme__slug", "studio__programme__name")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        InboxItem(
            key=f"studios.prospectus:{programme_id}",
            title=ngettext("%(n)d 份工作室简介待审核", "%(n)d 份工作室简介待审核", n) % {"n": n},
            subject=name,
            url=reverse("studios:queue", args=[slug]),
            count=n,
            details=_studios(condition, programme_id),
        )
        for programme_id, slug, name, n in rows
    ]


def _studios(condition, programme_id):
    def details() -> DetailRows:
        rows = (
            Prospectus.objects.filter(
                condition, status=Prospectus.Status.SUBMITTED, studio__programme_id=programme_id
            )
            .values_list("studio__name", "studio_id")
            .order_by("studio__name")
        )
        return DetailRows(
            rows, lambda found: (found[0], reverse("studios:review", args=[found[1]]))
        )

    return details


# Tasks (HN-4.2.2) ---------------------------------------------------------------------------


def tasks_for_host(user) -> list[InboxItem]:
    """For a host, per studio: members' parts handed in and waiting for review, and members'
    parts overdue (the members as details)."""
    principal = access_of(user).principal_id
    if principal is None:
        return []
    hosted = Assignment.objects.filter(task__studio__host_id=principal)
    items = []
    waiting = (
        hosted.filter(status=Assignment.Status.SUBMITTED)
        .values_list("task__studio_id", "task__studio__name")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for studio_id, name, n in waiting:
        items.append(
            InboxItem(
                key=f"studios.task_review:{studio_id}",
                title=ngettext("%(n)d 份成员任务待审阅", "%(n)d 份成员任务待审阅", n) % {"n": n},
                subject=name,
                url=reverse("studios:tasks", args=[studio_id]),
                count=n,
                details=_parts(hosted.filter(status=Assignment.Status.SUBMITTED), studio_id),
            )
        )
    late = (
        hosted.filter(overdue())
        .values_list("task__studio_id", "task__studio__name")
        .annotate(n=Count("pk"), due=Min("task__due_on"))
        .order_by()
    )
    for studio_id, name, n, due in late:
        items.append(
            InboxItem(
                key=f"studios.task_overdue:{studio_id}",
                title=ngettext("%(n)d 项成员任务已逾期", "%(n)d 项成员任务已逾期", n) % {"n": n},
                subject=name,
                url=reverse("studios:tasks", args=[studio_id]),
                due=due,
                count=n,
                details=_parts(hosted.filter(overdue()), studio_id),
            )
        )
    return items


def _parts(parts, studio_id):
    def details() -> DetailRows:
        rows = (
            parts.filter(task__studio_id=studio_id)
            .values_list("member__principal__name", "task__title", "task_id")
            .order_by("task__due_on", "member__principal__name")
        )
        return DetailRows(
            rows,
            lambda found: (f"{found[0]} · {found[1]}", reverse("studios:task", args=[found[2]])),
        )

    return details


def tasks_for_member(user) -> list[InboxItem]:
    """For a member, one item per part still theirs to do in a studio they serve in: overdue,
    returned for changes, or simply due."""
    principal = access_of(user).principal_id
    if principal is None:
        return []
    today = timezone.localdate()
    parts = (
        Assignment.objects.filter(
            still_member("member__"),
            member__principal_id=principal,
            status__in=OPEN,
        )
        .select_related("task__studio")
        .order_by("task__due_on", "pk")
    )
    items = []
    for part in parts:
        task = part.task
        if task.due_on < today:
            title = _("任务已逾期：%(title)s") % {"title": task.title}
        elif part.status == Assignment.Status.RETURNED:
            title = _("任务被退回修改：%(title)s") % {"title": task.title}
        else:
            title = _("待完成任务：%(title)s") % {"title": task.title}
        items.append(
            InboxItem(
                key=f"studios.task:{part.pk}",
                title=title,
                subject=task.studio.name,
                url=reverse("studios:my_task", args=[part.pk]),
                due=task.due_on,
            )
        )
    return items
