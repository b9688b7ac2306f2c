"""What each person's home page offers, from their grants (a person may hold several)."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from touyan.accounts.roles import Role
from touyan.accounts.scopes import scope_of

from .text import join_list

SHOWN_PROGRAMMES = 4


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
        regions = join_list(
            g.region.name for g in user.grants.select_related("region") if g.region_id
        )
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
    if user.has_perm("accounts.manage_accounts"):
        cards.append(
            Card(
                title=_("账号与授权"),
                text=_("本地区的账号：新建、授权与撤销、停用、发送密码重置邮件。"),
                links=[(reverse("accounts:user_list"), _("管理账号"))],
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
                links=[
                    (reverse("people:principal_detail", args=[principal.pk]), _("查看我的档案"))
                ],
            )
        )
    cards.extend(programme_cards(user))
    if scope.has(Role.STUDIO_HOST, Role.MEMBER) or principal is not None:
        cards.append(participation_card(user))
        cards.extend(task_cards(user))
    return cards


def task_cards(user) -> list[Card]:
    """我的任务: how many of a participant's rules are at risk or missed today."""
    from touyan.compliance.home import cards_for as compliance_cards

    return [Card(title=c.title, text=c.text, links=c.links) for c in compliance_cards(user)]


def programme_cards(user) -> list[Card]:
    """The programmes a person runs or follows (not only takes part in)."""
    from touyan.programmes.access import access_of
    from touyan.programmes.selectors import programmes_visible_to

    access = access_of(user)
    follows = access.everything or access.managed_prefixes or access.managed_programmes
    follows = follows or access.viewed_programmes or access.district_codes
    if not follows or not user.has_perm("programmes.view_programmes"):
        return []
    programmes = list(programmes_visible_to(user)[: SHOWN_PROGRAMMES + 1])
    links = [
        (reverse("programmes:detail", args=[p.slug]), p.name) for p in programmes[:SHOWN_PROGRAMMES]
    ]
    if len(programmes) > SHOWN_PROGRAMMES or not programmes:
        links.append((reverse("programmes:list"), _("全部项目")))
    if user.has_perm("programmes.add_programme"):
        links.append((reverse("programmes:create"), _("新建项目")))
    return [
        Card(
            title=_("培养项目"),
            text=_("工作室、培训班，以及它们的活动、考勤和成果。")
            if programmes
            else _("还没有培养项目。"),
            links=links,
        )
    ]


def participation_card(user) -> Card:
    """Where a host, member or trainee goes first: their studio or their place in a cohort."""
    from touyan.programmes.access import access_of
    from touyan.programmes.models import Studio, StudioMember, Trainee

    principal_id = access_of(user).principal_id
    links = []
    if principal_id is not None:
        for studio in Studio.objects.filter(host_id=principal_id).select_related("programme"):
            links.append(
                (reverse("programmes:studio", args=[studio.programme.slug, studio.pk]), studio.name)
            )
        memberships = StudioMember.objects.filter(principal_id=principal_id, left_on__isnull=True)
        for member in memberships.select_related("studio__programme"):
            studio = member.studio
            links.append(
                (reverse("programmes:studio", args=[studio.programme.slug, studio.pk]), studio.name)
            )
        for trainee in Trainee.objects.filter(principal_id=principal_id).select_related(
            "cohort__programme"
        ):
            programme = trainee.cohort.programme
            links.append(
                (
                    reverse("programmes:trainee", args=[programme.slug, trainee.pk]),
                    f"{programme.name} · {trainee.cohort.name}",
                )
            )
    return Card(
        title=_("我的工作室与培训"),
        text=_("活动、考勤与成果都在这里登记和提交。")
        if links
        else _("您参加的工作室或培养项目将显示在这里。"),
        links=links,
    )
