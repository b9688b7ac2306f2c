"""What studios show outside their pages: the public studio list in everyone's menu, 我的工作室
for those who host or belong to a studio, and the studios on the public front door."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from touyan.assessment.selectors import commendations
from touyan.core.registry import MenuEntry, PublicEntry, PublicSection
from touyan.programmes.access import access_of
from touyan.programmes.models import Programme, Studio
from touyan.programmes.selectors import is_member_of_studio

from .selectors import public_studios

PUBLIC_SHOWN = 8


def menu_entries(user) -> list[MenuEntry]:
    entries = []
    principal = access_of(user).principal_id
    if principal is not None and (
        Studio.objects.filter(Q(host_id=principal) | is_member_of_studio(principal))
        .exclude(programme__status=Programme.Status.CLOSED)
        .exists()
    ):
        url = reverse("studios:mine")
        entries.append(MenuEntry(url, gettext_lazy("我的工作室"), sections=(url,)))
    entries.append(MenuEntry(reverse("studios:public_list"), gettext_lazy("工作室")))
    return entries


def public_note(studio, honours: list[str]) -> str:
    """A studio's line on the front door: where it is, and its standing (表彰, 已撤销)."""
    parts = [studio.region.name, studio.base_school.name]
    if studio.revoked_on:
        parts.append(_("已撤销"))
    parts += [_("表彰：%(honour)s") % {"honour": honour} for honour in honours]
    return " · ".join(parts)


def public_sections(request) -> list[PublicSection]:
    studios = list(public_studios()[: PUBLIC_SHOWN + 1])
    honours = commendations(studio.pk for studio in studios[:PUBLIC_SHOWN])
    return [
        PublicSection(
            title=_("工作室"),
            entries=[
                PublicEntry(
                    url=reverse("studios:public", args=[studio.pk]),
                    title=studio.name,
                    note=public_note(studio, honours.get(studio.pk, [])),
                )
                for studio in studios[:PUBLIC_SHOWN]
            ],
            empty=_("目前还没有公开的工作室简介。"),
            more=(reverse("studios:public_list"), _("全部工作室"))
            if len(studios) > PUBLIC_SHOWN
            else None,
        )
    ]
