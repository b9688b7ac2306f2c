"""What studios put in the 待办 inbox: prospectuses submitted for the centre's approval, one
item per programme (its review queue), the studios as the item's details; for a host, members'
task parts to review and those overdue, one item each per studio; for a member, each of their
parts still to do (overdue, returned or due)."""

from __future__ import annotations

from django.db.models import Count, Q
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


def tasks_waiting(user) -> list[InboxItem]:
    """In one query: for a host, per studio, members' parts handed in and waiting for review,
    and members' parts overdue (the members as details); for a member, each of their own parts
    still to do in a studio they serve in — overdue, returned for changes, or simply due."""
    principal = access_of(user).principal_id
    if principal is None:
        return []
    today = timezone.localdate()
    hosted = Q(task__studio__host_id=principal) & (
        Q(status=Assignment.Status.SUBMITTED) | overdue(today=today)
    )
    own = Q(member__principal_id=principal, status__in=OPEN) & still_member("member__", today)
    rows = (
        Assignment.objects.filter(hosted | own)
        .values_list(
            "pk",
            "status",
            "task_id",
            "task__title",
            "task__due_on",
            "task__studio_id",
            "task__studio__name",
            "task__studio__host_id",
            "member__principal_id",
            "member__principal__name",
        )
        .order_by("task__due_on", "pk")
    )
    review: dict[int, list] = {}
    late: dict[int, list] = {}
    items = []
    for pk, status, task_id, title, due, studio_id, studio, host_id, member_id, name in rows:
        if host_id == principal:
            if status == Assignment.Status.SUBMITTED:
                review.setdefault(studio_id, [studio]).append((name, title, task_id, due))
            elif due < today:
                late.setdefault(studio_id, [studio]).append((name, title, task_id, due))
        if member_id == principal and status in OPEN:
            items.append(_own_item(pk, status, title, due, studio, today))
    for studio_id, (studio, *parts) in review.items():
        n = len(parts)
        items.append(
            InboxItem(
                key=f"studios.task_review:{studio_id}",
                title=ngettext("%(n)d 份成员任务待审阅", "%(n)d 份成员任务待审阅", n) % {"n": n},
                subject=studio,
                url=reverse("studios:tasks", args=[studio_id]),
                count=n,
                details=_parts(Q(status=Assignment.Status.SUBMITTED), studio_id),
            )
        )
    for studio_id, (studio, *parts) in late.items():
        n = len(parts)
        items.append(
            InboxItem(
                key=f"studios.task_overdue:{studio_id}",
                title=ngettext("%(n)d 项成员任务已逾期", "%(n)d 项成员任务已逾期", n) % {"n": n},
                subject=studio,
                url=reverse("studios:tasks", args=[studio_id]),
                due=min(part[3] for part in parts),
                count=n,
                details=_parts(overdue(today=today), studio_id),
            )
        )
    return items


def _own_item(pk, status, title, due, studio, today) -> InboxItem:
    if due < today:
        words = _("任务已逾期：%(title)s")
    elif status == Assignment.Status.RETURNED:
        words = _("任务被退回修改：%(title)s")
    else:
        words = _("待完成任务：%(title)s")
    return InboxItem(
        key=f"studios.task:{pk}",
        title=words % {"title": title},
        subject=studio,
        url=reverse("studios:my_task", args=[pk]),
        due=due,
    )


def _parts(condition: Q, studio_id: int):
    def details() -> DetailRows:
        rows = (
            Assignment.objects.filter(condition, task__studio_id=studio_id)
            .values_list("member__principal__name", "task__title", "task_id")
            .order_by("task__due_on", "member__principal__name", "pk")
        )
        return DetailRows(
            rows,
            lambda found: (f"{found[0]} · {found[1]}", reverse("studios:task", args=[found[2]])),
        )

    return details
