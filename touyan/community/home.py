"""What the community shows outside its pages: 学习社区 in the menu of the hosts and members of
studios and of those who follow a programme with studios; its place on 我的工作室."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from touyan.core.registry import MenuEntry
from touyan.programmes.access import access_of

from .selectors import own_studios


def menu_entries(user) -> list[MenuEntry]:
    access = access_of(user)
    follows = (
        access.everything
        or access.managed_prefixes
        or access.managed_programmes
        or access.viewed_programmes
        or access.district_codes
    )
    if not follows and not own_studios(user).exists():
        return []
    url = reverse("community:index")
    return [MenuEntry(url, gettext_lazy("学习社区"), sections=(url,))]


def studio_links(subject) -> list[tuple[str, str]]:
    studio, _hosts = subject
    url = reverse("community:studio", args=[studio.programme.slug, studio.pk])
    return [(url, _("学习社区与线上研修"))]
