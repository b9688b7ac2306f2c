"""What the registry shows outside its pages: the registry card and a person's own record on
the home page, the registry's entries in the menu."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from touyan.core.registry import Card, MenuEntry
from touyan.core.text import join_list

from .selectors import principals_visible_to, schools_visible_to


def registry_card(user) -> list[Card]:
    if not user.has_perm("people.view_registry"):
        return []
    regions = join_list(g.region.name for g in user.grants.select_related("region") if g.region_id)
    return [
        Card(
            title=_("学校与校长名册"),
            text=_("%(area)s：%(schools)d 所学校，%(principals)d 名校长与书记。")
            % {
                "area": regions or _("全部区域"),
                "schools": schools_visible_to(user).count(),
                "principals": principals_visible_to(user).count(),
            },
            links=[
                (reverse("people:principal_list"), _("查看名册")),
                (reverse("people:roster_import"), _("导入 Excel 名册")),
                (reverse("people:roster_export"), _("导出名册")),
            ],
        )
    ]


def own_record_card(user) -> list[Card]:
    principal = getattr(user, "principal", None)
    if principal is None:
        return []
    return [
        Card(
            title=_("我的档案"),
            text=_("%(school)s · %(position)s")
            % {"school": principal.school.name, "position": principal.get_position_display()},
            links=[(reverse("people:principal_detail", args=[principal.pk]), _("查看我的档案"))],
        )
    ]


def menu_entries(user) -> list[MenuEntry]:
    entries = []
    if user.has_perm("people.view_registry"):
        entries.append(MenuEntry(reverse("people:principal_list"), _("校长名册")))
        entries.append(MenuEntry(reverse("people:school_list"), pgettext_lazy("menu", "学校")))
    if user.has_perm("people.import_roster"):
        entries.append(MenuEntry(reverse("people:roster_import"), _("导入名册")))
    return entries
