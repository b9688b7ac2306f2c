"""What the training domain puts in the 待办 inbox.

Removal: the centre's cases to decide (answered, or past the answer deadline), one item per
programme; the trainee's case to answer. One query each."""

from __future__ import annotations

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from touyan.core.registry import InboxItem
from touyan.programmes.access import access_of
from touyan.programmes.inbox import managed

from .models import LeaveRequest, PlanVersion, RemovalCase
from .selectors.leave import requests_managed_by

S = RemovalCase.State


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


# Removal
def removal_items(user) -> list[InboxItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    today = timezone.localdate()
    return [*_to_decide(user, today), *_to_answer(user, today)]


def _to_decide(user, today) -> list[InboxItem]:
    condition = managed(user, "trainee__cohort__programme")
    if condition is None:
        return []
    rows = (
        RemovalCase.objects.filter(condition)
        .filter(Q(state=S.ANSWERED) | Q(state=S.OPEN, answer_by__lt=today))
        .values_list("trainee__cohort__programme__slug", "trainee__cohort__programme__name")
        .annotate(n=Count("pk"), due=Min("answer_by"))
        .order_by("trainee__cohort__programme__slug")
    )
    return [
        InboxItem(
            key=f"training.removal_decide:{slug}",
            title=ngettext("%(n)d 件淘汰审议待决定", "%(n)d 件淘汰审议待决定", n) % {"n": n},
            subject=name,
            url=reverse("training:removal_list", args=[slug]),
            count=n,
        )
        for slug, name, n, due in rows
    ]


def _to_answer(user, today) -> list[InboxItem]:
    principal = access_of(user).principal_id
    if principal is None:
        return []
    rows = RemovalCase.objects.filter(
        trainee__principal_id=principal, state=S.OPEN, answer_by__gte=today
    ).values_list("pk", "answer_by", "trainee__cohort__name")
    return [
        InboxItem(
            key=f"training.removal_answer:{pk}",
            title=_("淘汰审议：可在截止前提出申辩意见"),
            subject=cohort,
            due=answer_by,
            url=reverse("training:removal_case", args=[pk]),
        )
        for pk, answer_by, cohort in rows
    ]
