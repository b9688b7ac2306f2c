"""What each person's home page offers, from their grants (a person may hold several)."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from touyan.accounts.roles import Role
from touyan.accounts.scopes import scope_of

from .text import join_list


@dataclass
class Card:
    title: str
    text: str
    links: list[tuple[str, str]] = field(default_factory=list)


def cards_for(user) -> list[Card]:
    from touyan.people.selectors import principals_visible_to, schools_visible_to

    scope = scope_of(user)
    cards: list[Card] = []
    if user.has_perm("people.view_registry"):
        regions = join_list(g.region.name for g in user.grants.select_related("region") if g.region_id)
        cards.append(
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
        )
    if scope.has(Role.AUTHORITY_ADMIN) or scope.everything:
        cards.append(
            Card(
                title=_("操作日志"),
                text=_("谁在何时、从何处对哪条记录做了什么。"),
                links=[(reverse("audit:entry_list"), _("查看日志"))],
            )
        )
    if scope.has(Role.EXPERT):
        cards.append(Card(title=_("评审任务"), text=_("目前没有分配给您的评审任务。")))
    if scope.has(Role.MENTOR):
        cards.append(Card(title=_("我指导的培养人选"), text=_("目前没有分配给您的培养人选。")))
    principal = getattr(user, "principal", None)
    if principal is not None:
        cards.append(
            Card(
                title=_("我的档案"),
                text=_("%(school)s · %(position)s")
                % {"school": principal.school.name, "position": principal.get_position_display()},
                links=[(reverse("people:principal_detail", args=[principal.pk]), _("查看我的档案"))],
            )
        )
    if scope.has(Role.STUDIO_HOST, Role.MEMBER) or principal is not None:
        cards.append(
            Card(
                title=_("工作室与培养项目"),
                text=_("您参加的工作室或培养项目将显示在这里。"),
            )
        )
    return cards
