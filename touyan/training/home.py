"""What mentor teams and plans show outside their pages: the mentor's card and menu entry, the
trainee's card for their plan (the centre's inbox of plans waiting for approval is in
``inbox.py``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from touyan.accounts.roles import Role
from touyan.accounts.scopes import scope_of
from touyan.core.registry import Card, MenuEntry
from touyan.programmes.access import access_of
from touyan.programmes.models import Trainee

from .access import mentored_trainee_ids


def _mentors(user) -> frozenset[int]:
    """The trainees the user mentors; asked only of holders of the ``mentor`` role (every
    team member holds it on the team's programme), so other people's pages pay nothing."""
    if not scope_of(user).has(Role.MENTOR):
        return frozenset()
    return mentored_trainee_ids(user)


def mentor_card(user) -> list[Card]:
    ids = _mentors(user)
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
    if not _mentors(user):
        return []
    return [
        MenuEntry(
            url=reverse("training:mentor_workspace"),
            label=_("导师工作台"),
            sections=("/training/mentor/", "/training/trainees/"),
        )
    ]
