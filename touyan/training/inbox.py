"""What the training domain puts in the 待办 inbox."""

from __future__ import annotations

from django.db.models import Count, Min
from django.urls import reverse
from django.utils.translation import ngettext

from touyan.core.registry import InboxItem
from touyan.programmes.inbox import managed

from .models import LeaveRequest, PlanVersion
from .selectors.leave import requests_managed_by


# Leave: the centre's pending requests, one item per programme, due by the soonest session.
def leave_to_decide(user) -> list[InboxItem]:
    rows = (
        requests_managed_by(user)
        .filter(state=LeaveRequest.State.REQUESTED)
        .values_list("trainee__cohort__programme__slug", "trainee__cohort__programme__name")
        .annotate(count=Count("pk"), due=Min("activity__date"))
        .order_by()
    )
    return [
        InboxItem(
            key=f"training.leave:{slug}",
            title=ngettext("%(n)d 份请假申请待审批", "%(n)d 份请假申请待审批", count)
            % {"n": count},
            url=reverse("training:leave_requests", args=[slug]),
            subject=name,
            due=due,
            count=count,
        )
        for slug, name, count, due in rows
    ]


# Plans (HZ-3.3.3): the centre's plans waiting for approval, one item per programme.
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
