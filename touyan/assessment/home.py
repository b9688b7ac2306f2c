"""What assessment shows outside its pages: menu entries for the centre (the rounds of the
programmes it manages), for experts with cases under scoring (one EXISTS, asked only of experts),
for a host's 我的考核, and for a principal's surveys and results."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy

from touyan.accounts.roles import Role
from touyan.accounts.scopes import scope_of
from touyan.core.registry import MenuEntry
from touyan.programmes.access import access_of

from .models import Case, Round, Score

R = Round.Stage


def menu_entries(user) -> list[MenuEntry]:
    access = access_of(user)
    entries = []
    if access.everything or access.managed_prefixes or access.managed_programmes:
        url = reverse("assessment:rounds")
        entries.append(MenuEntry(url, gettext_lazy("考核评估"), sections=(url,)))
    if (
        scope_of(user).has(Role.EXPERT)
        and Score.objects.filter(expert=user).exclude(case__round__stage=R.PREPARING).exists()
    ):
        url = reverse("assessment:expert_cases")
        entries.append(MenuEntry(url, gettext_lazy("考核评分"), sections=(url,)))
    principal = access.principal_id
    if principal is None:
        return entries
    if Case.objects.filter(studio__host_id=principal, member__isnull=True).exists():
        url = reverse("assessment:mine")
        entries.append(
            MenuEntry(url, gettext_lazy("我的考核"), sections=(url, "/assessment/cases/"))
        )
    mine = Case.objects.filter(
        Q(member__principal_id=principal) | Q(trainee__principal_id=principal)
    )
    if mine.filter(round__stage=R.PUBLISHED).exists():
        url = reverse("assessment:results")
        entries.append(MenuEntry(url, gettext_lazy("我的考核结果"), sections=(url,)))
    if Case.objects.filter(
        invitations__principal_id=principal, round__stage=R.PREPARING, round__survey=True
    ).exists():
        url = reverse("assessment:surveys")
        entries.append(MenuEntry(url, gettext_lazy("工作室调查"), sections=(url,)))
    return entries
