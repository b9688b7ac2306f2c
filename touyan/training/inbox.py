"""What the training domain puts in the 待办 inbox."""

from __future__ import annotations

from django.db.models import Count, Min
from django.urls import reverse
from django.utils.translation import ngettext

from touyan.core.registry import InboxItem

from .models import LeaveRequest
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
