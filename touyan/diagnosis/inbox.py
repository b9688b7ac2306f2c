"""The rotation's 待办 (docs/inbox.md): for a host, each visit of this month or earlier whose
report is not yet recorded; for a member, the reported visit to their school whose items still
wait for the school's follow-up. One query each, and none for whom an item does not concern."""

from __future__ import annotations

import calendar

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from touyan.core.registry import InboxItem
from touyan.programmes.access import access_of
from touyan.programmes.models import Programme

from .models import Visit


def _end_of(month):
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def visits_to_report(user) -> list[InboxItem]:
    principal = access_of(user).principal_id
    if principal is None:
        return []
    this_month = timezone.localdate().replace(day=1)
    rows = (
        Visit.objects.filter(
            studio__host_id=principal,
            month__lte=this_month,
            reported_at__isnull=True,
        )
        .exclude(studio__programme__status=Programme.Status.CLOSED)
        .values("pk", "month", "school__name", "studio__name", "studio__programme__slug")
        .order_by("month", "pk")
    )
    return [
        InboxItem(
            key=f"diagnosis.report:{row['pk']}",
            title=_("入校诊断待登记报告：%(school)s") % {"school": row["school__name"]},
            url=reverse("diagnosis:visit", args=[row["studio__programme__slug"], row["pk"]]),
            subject=row["studio__name"],
            due=_end_of(row["month"]),
        )
        for row in rows
    ]


def follow_ups_waiting(user) -> list[InboxItem]:
    principal = access_of(user).principal_id
    if principal is None:
        return []
    rows = (
        Visit.objects.filter(member__principal_id=principal, reported_at__isnull=False)
        .exclude(studio__programme__status=Programme.Status.CLOSED)
        .annotate(n=Count("items", filter=Q(items__follow_up="")))
        .filter(n__gt=0)
        .values("pk", "n", "school__name", "studio__name", "studio__programme__slug")
        .order_by("pk")
    )
    return [
        InboxItem(
            key=f"diagnosis.follow_up:{row['pk']}",
            title=ngettext(
                "入校诊断报告有 %(n)d 项待填写整改落实情况",
                "入校诊断报告有 %(n)d 项待填写整改落实情况",
                row["n"],
            )
            % {"n": row["n"]},
            url=reverse("diagnosis:visit", args=[row["studio__programme__slug"], row["pk"]]),
            subject=row["studio__name"],
        )
        for row in rows
    ]
