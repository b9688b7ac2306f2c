"""What accounts shows outside its pages: a person's grants on the home page, and account
management on the home page and in the menu."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from touyan.core.registry import Card, MenuEntry


def grant_badges(user) -> list[str]:
    grants = user.grants.select_related("region").order_by("role")
    return [f"{grant.get_role_display()} · {grant.scope_label}" for grant in grants]


def accounts_card(user) -> list[Card]:
    if not user.has_perm("accounts.manage_accounts"):
        return []
    return [
        Card(
            title=_("账号与授权"),
            text=_("本地区的账号：新建、授权与撤销、停用、发送密码重置邮件。"),
            links=[(reverse("accounts:user_list"), _("管理账号"))],
        )
    ]


def menu_entries(user) -> list[MenuEntry]:
    if not user.has_perm("accounts.manage_accounts"):
        return []
    return [MenuEntry(reverse("accounts:user_list"), _("账号与授权"))]
