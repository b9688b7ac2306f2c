"""What the audit trail shows outside its pages: a card for authority admins, a menu entry."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from touyan.accounts.roles import Role
from touyan.accounts.scopes import scope_of
from touyan.core.registry import Card, MenuEntry


def trail_card(user) -> list[Card]:
    scope = scope_of(user)
    if not (scope.has(Role.AUTHORITY_ADMIN) or scope.everything):
        return []
    return [
        Card(
            title=_("操作日志"),
            text=_("谁在何时、从何处对哪条记录做了什么。"),
            links=[(reverse("audit:entry_list"), _("查看日志"))],
        )
    ]


def menu_entries(user) -> list[MenuEntry]:
    if not user.has_perm("audit.view_trail"):
        return []
    return [MenuEntry(reverse("audit:entry_list"), _("操作日志"))]
