"""What programmes show outside their pages: on the home page the programmes a person runs or
follows, where a participant goes first; the menu entry."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from touyan.accounts.roles import Role
from touyan.accounts.scopes import scope_of
from touyan.core.registry import Card, MenuEntry

from .access import access_of
from .link_schools import link_rule
from .models import Studio, StudioMember, Trainee
from .selectors import programmes_visible_to

SHOWN_PROGRAMMES = 4


def programme_cards(user) -> list[Card]:
    """The programmes a person runs or follows (not only takes part in)."""
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


def participation_card(user) -> list[Card]:
    """Where a host, member or trainee goes first: their studio or their place in a cohort."""
    takes_part = scope_of(user).has(Role.STUDIO_HOST, Role.MEMBER)
    if not takes_part and getattr(user, "principal", None) is None:
        return []
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
    return [
        Card(
            title=_("我的工作室与培训"),
            text=_("活动、考勤与成果都在这里登记和提交。")
            if links
            else _("您参加的工作室或培养项目将显示在这里。"),
            links=links,
        )
    ]


def menu_entries(user) -> list[MenuEntry]:
    if not user.has_perm("programmes.view_programmes"):
        return []
    url = reverse("programmes:list")
    return [MenuEntry(url, _("培养项目"), sections=(url, "/records/"))]


def studio_links(subject) -> list[tuple[str, str]]:
    """联系学校 on 我的工作室, for the host and each member, where the policy asks for them."""
    studio, _hosts = subject
    if link_rule(studio.programme) is None:
        return []
    return [(reverse("programmes:link_schools", args=[studio.programme.slug]), _("联系学校"))]
