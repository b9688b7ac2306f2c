"""What the library shows outside its pages: 资源库 in the menu of whoever takes part in or
follows a programme, and the newest public resources on the front door."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from touyan.core.registry import MenuEntry, PublicEntry, PublicSection

from .selectors import public_resources

PUBLIC_SHOWN = 5


def menu_entries(user) -> list[MenuEntry]:
    if not user.has_perm("library.view_library"):
        return []
    url = reverse("library:list")
    return [MenuEntry(url, gettext_lazy("资源库"), sections=(url,))]


def public_section(request) -> list[PublicSection]:
    resources = list(public_resources().order_by("-created_at", "-pk")[: PUBLIC_SHOWN + 1])
    if not resources:
        return []
    return [
        PublicSection(
            title=_("共享资源"),
            entries=[
                PublicEntry(
                    url=reverse("library:public_resource", args=[resource.pk]),
                    title=resource.title,
                    note=" · ".join(
                        part
                        for part in (
                            resource.get_kind_display(),
                            resource.studio and resource.studio.name,
                        )
                        if part
                    ),
                )
                for resource in resources[:PUBLIC_SHOWN]
            ],
            more=(reverse("library:public"), _("全部共享资源")),
        )
    ]
