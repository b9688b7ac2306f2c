"""What mentor teams and plans show outside their pages: the mentor's card and menu entry, the
trainee's card for their plan, and the centre's inbox of plans waiting for approval."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from touyan.core.registry import Card, InboxItem, MenuEntry
from touyan.programmes.access import access_of
from touyan.programmes.inbox import managed
from touyan.programmes.models import Trainee

from .access import mentored_trainee_ids
from .models import PlanVersion


def mentor_card(user) -> list[Card]:
    ids = mentored_trainee_ids(user)
    if not ids:
        return []
    return [
        Card(
            title=_("我指导的培养人选"),
            text=ngettext(
                "您的导师团队指导 %(n)d 位培养人选。",
                "您的导师团队指导 %(n)d 位培养人选。",
                len(ids),
            )
            % {"n": len(ids)},
            links=[(reverse("training:mentor_workspace"), _("导师工作台"))],
        )
    ]


def _own_trainee(user):
    principal = access_of(user).principal_id
    if principal is None:
        return None
    return (
        Trainee.objects.filter(principal_id=principal)
        .exclude(status=Trainee.Status.REMOVED)
        .order_by("-cohort__number")
        .first()
    )


def trainee_card(user) -> list[Card]:
    trainee = _own_trainee(user)
    if trainee is None:
        return []
    return [
        Card(
            title=_("个人发展规划"),
            text=_("一人一方案：填写发展目标、举措和里程碑，提交后由导师指导、培训中心批准。"),
            links=[(reverse("training:plan", args=[trainee.pk]), _("我的个人发展规划"))],
        )
    ]


def menu_entries(user) -> list[MenuEntry]:
    if not mentored_trainee_ids(user):
        return []
    return [
        MenuEntry(
            url=reverse("training:mentor_workspace"),
            label=_("导师工作台"),
            sections=("/training/mentor/", "/training/trainees/"),
        )
    ]


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
