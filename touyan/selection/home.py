"""What selection shows outside its pages: each role's card on the home page (the district
officer's 区县审核, the applicant's open calls, the expert's reviews), menu entries each asked
only of the users they may concern, one EXISTS at most, and the calls and notices of the public
front door."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from touyan.accounts.roles import Role
from touyan.accounts.scopes import scope_of
from touyan.core.registry import Card, MenuEntry, PublicEntry, PublicSection
from touyan.people.models import Principal
from touyan.programmes.access import access_of

from .inbox import pending_reviews
from .models import Application, Call, Notice, Review
from .presenters import stage_words
from .selectors import calls_open_in, district_desk, next_open_review, public_calls, reviews_of

PUBLIC_SHOWN = 6
CARD_LINKS = 3
_OPEN_CALLS = "_selection_open_calls"


def _open_calls(user) -> tuple[Principal | None, list[Call]]:
    """The user's principal record and the calls open to it now, read once per request (the
    menu and the home card both ask), kept on the user object as ``access_of`` keeps its own."""
    cached = getattr(user, _OPEN_CALLS, None)
    if cached is None:
        principal_id = access_of(user).principal_id
        principal = None
        if principal_id is not None:
            principal = Principal.objects.select_related("school").filter(pk=principal_id).first()
        calls = []
        if principal is not None:
            calls = list(
                calls_open_in(principal.school.region_id, timezone.now()).order_by(
                    "closes_at", "pk"
                )
            )
        cached = (principal, calls)
        setattr(user, _OPEN_CALLS, cached)
    return cached


def _follows_district_calls(access) -> bool:
    jurisdictions = set()
    for code in access.district_codes:
        jurisdictions |= {code, code[:4] + "00", code[:2] + "0000"}
    return (
        Call.objects.exclude(stage=Call.Stage.DRAFT)
        .filter(spec__district_review=True, programme__jurisdiction_id__in=jurisdictions)
        .exists()
    )


# Home cards ----------------------------------------------------------------------------------


def district_card(user) -> list[Card]:
    if not access_of(user).district_codes:
        return []
    rows = district_desk(user)
    if not rows:
        return []
    waiting = sum(row["waiting"] for row in rows)
    links = [
        (
            reverse("selection:district", args=[row["call"].pk]),
            _("%(title)s（待审核 %(waiting)d）") % {"title": row["call"].title, **row},
        )
        for row in rows[:CARD_LINKS]
    ]
    links.append((reverse("selection:district_desk"), _("全部区县审核")))
    return [
        Card(
            title=_("区县审核"),
            text=_("%(calls)d 项遴选在区县审核阶段，%(waiting)d 份申报待您审核。")
            % {"calls": len(rows), "waiting": waiting},
            links=links,
        )
    ]


def applicant_card(user) -> list[Card]:
    _principal, calls = _open_calls(user)
    if not calls:
        return []
    links = [(reverse("selection:public_call", args=[c.pk]), c.title) for c in calls[:CARD_LINKS]]
    links.append((reverse("selection:open_calls"), _("查看资格与全部可申报的遴选")))
    return [
        Card(
            title=_("可申报的遴选"),
            text=_("%(count)d 项遴选正在接受您所在地区的申报，资格已按名册预先核对。")
            % {"count": len(calls)},
            links=links,
        )
    ]


def expert_card(user) -> list[Card]:
    """Read from the same source as the inbox, so the card and the 待办 count agree."""
    if not scope_of(user).has(Role.EXPERT):
        return []
    count = pending_reviews(user).count()
    done = reviews_of(user).filter(submitted_at__isnull=False).count()
    if not count and not done:
        return [Card(title=_("评审任务"), text=_("目前没有分配给您的评审任务。"))]
    links = []
    following = next_open_review(user)
    if following is not None:
        links.append((reverse("selection:review", args=[following.pk]), _("评审下一份")))
    links.append((reverse("selection:my_reviews"), _("全部评审任务")))
    return [
        Card(
            title=_("评审任务"),
            text=_("%(waiting)d 份申报待您评审，已提交 %(done)d 份。")
            % {"waiting": count, "done": done},
            links=links,
        )
    ]


# Menu ----------------------------------------------------------------------------------------


def menu_entries(user) -> list[MenuEntry]:
    access, entries = access_of(user), []
    if access.everything or access.managed_prefixes or access.managed_programmes:
        entries.append(MenuEntry(reverse("selection:calls"), gettext_lazy("遴选")))
    if access.district_codes and _follows_district_calls(access):
        url = reverse("selection:district_desk")
        entries.append(
            MenuEntry(url, gettext_lazy("区县审核"), sections=(url, "/selection/review/"))
        )
    if scope_of(user).has(Role.EXPERT) and Review.objects.filter(expert=user).exists():
        url = reverse("selection:my_reviews")
        entries.append(MenuEntry(url, gettext_lazy("评审任务"), sections=(url,)))
    principal = access.principal_id
    if principal is not None:
        if _open_calls(user)[1]:
            url = reverse("selection:open_calls")
            entries.append(MenuEntry(url, gettext_lazy("遴选申报"), sections=(url,)))
        if Application.objects.filter(principal_id=principal).exists():
            url = reverse("selection:my_applications")
            entries.append(MenuEntry(url, gettext_lazy("我的申报"), sections=(url,)))
    return entries


# The public front door -----------------------------------------------------------------------


def public_sections(request) -> list[PublicSection]:
    now = timezone.now()
    today = timezone.localdate()
    calls = list(
        public_calls()
        .filter(stage=Call.Stage.OPEN, closes_at__gt=now)
        .order_by("closes_at", "pk")[:PUBLIC_SHOWN]
    )
    notices = list(
        Notice.objects.filter(starts_on__lte=today, ends_on__gte=today)
        .select_related("call")
        .order_by("ends_on", "pk")[:PUBLIC_SHOWN]
    )
    return [
        PublicSection(
            title=_("正在申报的遴选"),
            entries=[
                PublicEntry(
                    url=reverse("selection:public_call", args=[call.pk]),
                    title=call.title,
                    note=_("%(stage)s · %(closes)s 截止")
                    % {
                        "stage": stage_words(call, now),
                        "closes": timezone.localtime(call.closes_at).strftime("%Y-%m-%d"),
                    },
                )
                for call in calls
            ],
            empty=_("目前没有正在申报的遴选。"),
            more=(reverse("selection:public_calls"), _("全部遴选通知")),
        ),
        PublicSection(
            title=_("公示"),
            entries=[
                PublicEntry(
                    url=reverse("selection:public_notice", args=[notice.call_id]),
                    title=notice.call.title,
                    note=_("公示期 %(start)s 至 %(end)s")
                    % {"start": notice.starts_on.isoformat(), "end": notice.ends_on.isoformat()},
                )
                for notice in notices
            ],
            empty=_("目前没有公示期内的名单。"),
        ),
    ]
