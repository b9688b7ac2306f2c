"""What allocation puts in the 待办 inbox: a member call in its decision stage with a finished
run that nobody has published yet — one item per call, leading to its runs."""

from __future__ import annotations

from django.db.models import Count, Max
from django.urls import reverse
from django.utils.translation import gettext as _

from touyan.core.registry import InboxItem
from touyan.programmes.inbox import managed

from .models import Run


def runs_to_publish(user) -> list[InboxItem]:
    condition = managed(user, "call__programme")
    if condition is None:
        return []
    published = Run.objects.filter(published_at__isnull=False).values("call_id")
    rows = (
        Run.objects.filter(condition, status=Run.Status.DONE, call__stage="decision")
        .exclude(call_id__in=published)
        .values_list("call_id", "call__title")
        .annotate(n=Count("pk"), latest=Max("finished_at"))
        .order_by()
    )
    return [
        InboxItem(
            key=f"allocation.publish:{call_id}",
            title=_("分配方案已算完，待比较并发布"),
            subject=title,
            url=reverse("allocation:runs", args=[call_id]),
            count=1,
        )
        for call_id, title, _n, _latest in rows
    ]
