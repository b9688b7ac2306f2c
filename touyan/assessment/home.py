"""What members' surveys and direct grading show outside their pages: menu entries for a
principal's surveys and results."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy

from touyan.core.registry import MenuEntry
from touyan.programmes.access import access_of

from .models import Case, Round

R = Round.Stage


def menu_entries(user) -> list[MenuEntry]:
    principal = access_of(user).principal_id
    if principal is None:
        return []
    entries = []
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
