"""What the record puts in the 待办 inbox: this month's activities held with no attendance
recorded. The centre gets one item per programme ("3 个工作室尚未登记本月出勤", the studios
and sessions as details); a host one per studio they host."""

from __future__ import annotations

import calendar
import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from touyan.core.registry import DetailRows, InboxItem
from touyan.programmes.access import access_of
from touyan.programmes.inbox import managed

from .models import Attendance, Organiser


def _this_month(today: dt.date) -> tuple[dt.date, dt.date]:
    last = calendar.monthrange(today.year, today.month)[1]
    return today.replace(day=1), today.replace(day=last)


def _unrecorded(today: dt.date):
    """Organisers of activities held this month, up to today, without one attendance row."""
    start, _end = _this_month(today)
    recorded = Attendance.objects.filter(activity_id=OuterRef("activity_id"))
    return Organiser.objects.filter(activity__date__gte=start, activity__date__lte=today).exclude(
        Exists(recorded)
    )


def attendance_to_record(user) -> list[InboxItem]:
    today = timezone.localdate()
    due = _this_month(today)[1]
    return [*_managed_items(user, today, due), *_hosted_items(user, today, due)]


def _managed_items(user, today, due) -> list[InboxItem]:
    condition = managed(user, "activity__programme")
    if condition is None:
        return []
    rows = (
        _unrecorded(today)
        .filter(condition)
        .values_list(
            "activity__programme_id", "activity__programme__slug", "activity__programme__name"
        )
        .annotate(
            studios=Count("studio_id", distinct=True),
            sessions=Count("activity_id", filter=Q(cohort_id__isnull=False), distinct=True),
        )
        .order_by()
    )
    items = []
    for programme_id, slug, name, studios, sessions in rows:
        parts = []
        if studios:
            parts.append(ngettext("%(n)d 个工作室", "%(n)d 个工作室", studios) % {"n": studios})
        if sessions:
            parts.append(ngettext("%(n)d 次培训", "%(n)d 次培训", sessions) % {"n": sessions})
        items.append(
            InboxItem(
                key=f"records.attendance:{programme_id}",
                title=_("%(who)s尚未登记本月出勤") % {"who": _("、").join(parts)},
                subject=name,
                due=due,
                url=reverse("records:activity_list", args=[slug]),
                count=studios + sessions,
                details=_details(today, Q(activity__programme_id=programme_id), slug),
            )
        )
    return items


def _hosted_items(user, today, due) -> list[InboxItem]:
    principal = access_of(user).principal_id
    if principal is None:
        return []
    rows = (
        _unrecorded(today)
        .filter(studio__host_id=principal)
        .exclude(studio__programme__status="closed")
        .values_list("studio_id", "studio__name", "activity__programme__slug")
        .annotate(n=Count("activity_id", distinct=True))
        .order_by()
    )
    return [
        InboxItem(
            key=f"records.attendance.studio:{studio_id}",
            title=ngettext("%(n)d 次活动尚未登记出勤", "%(n)d 次活动尚未登记出勤", n) % {"n": n},
            subject=name,
            due=due,
            url=reverse("records:activity_list", args=[slug]),
            count=n,
            details=_details(today, Q(studio_id=studio_id), slug),
        )
        for studio_id, name, slug, n in rows
    ]


def _details(today, condition: Q, slug: str):
    def row(found) -> tuple[str, str]:
        activity_id, title, date, studio = found
        label = f"{studio or ''} · {date:%Y-%m-%d} {title}".lstrip(" ·")
        return label, reverse("records:attendance", args=[slug, activity_id])

    def details() -> DetailRows:
        rows = (
            _unrecorded(today)
            .filter(condition)
            .values_list("activity_id", "activity__title", "activity__date", "studio__name")
            .order_by("studio__name", "activity__date", "activity_id")
        )
        return DetailRows(rows, row)

    return details
