"""What the training domain puts in the 待办 inbox."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import ngettext

from touyan.core.registry import InboxItem
from touyan.programmes.inbox import managed

from .models import PlanVersion


def plans_to_approve(user) -> list[InboxItem]:
    """The centre: per programme, the plans submitted and waiting for its decision."""
    condition = managed(user, "plan__trainee__cohort__programme")
    if condition is None:
        return []
    rows = (
        PlanVersion.objects.filter(condition, state=PlanVersion.State.SUBMITTED)
        .values_list(
            "plan__trainee__cohort__programme_id", "plan__trainee__cohort__programme__name"
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    items = []
    for programme_id, name, n in rows:
        items.append(
            InboxItem(
                key=f"training.plans:{programme_id}",
                title=ngettext("%(n)d 份个人发展规划待批准", "%(n)d 份个人发展规划待批准", n)
                % {"n": n},
                subject=name,
                url=reverse("training:plans_waiting", args=[programme_id]),
                count=n,
            )
        )
    return items
