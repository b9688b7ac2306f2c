"""What assessment shows outside its pages: the menu entries of the centre (the rounds of the
programmes it manages) and of experts with assessment cases (one EXISTS, asked only of experts)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from touyan.accounts.roles import Role
from touyan.accounts.scopes import scope_of
from touyan.core.registry import MenuEntry
from touyan.programmes.access import access_of

from .models import Round, Score


def menu_entries(user) -> list[MenuEntry]:
    access, entries = access_of(user), []
    if access.everything or access.managed_prefixes or access.managed_programmes:
        url = reverse("assessment:rounds")
        entries.append(MenuEntry(url, gettext_lazy("考核评估"), sections=(url,)))
    if (
        scope_of(user).has(Role.EXPERT)
        and Score.objects.filter(expert=user)
        .exclude(case__round__stage=Round.Stage.PREPARING)
        .exists()
    ):
        url = reverse("assessment:expert_cases")
        entries.append(MenuEntry(url, gettext_lazy("考核评分"), sections=(url,)))
    return entries
