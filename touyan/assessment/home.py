"""What members' surveys and direct grading show outside their pages: menu entries for a
principal's surveys and results, and the grading waiting in the 待办 inbox (a host's members,
the centre's trainees, a graded round to publish)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy, ngettext

from touyan.core.registry import InboxItem, MenuEntry
from touyan.programmes.access import access_of
from touyan.programmes.inbox import managed

from .models import Assessor, Case, Round

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


def grading_to_do(user) -> list[InboxItem]:
    """One item per round still being graded by this user, and per graded round to publish."""
    waiting = Case.objects.filter(round__stage=R.PREPARING).exclude(status=Case.Status.DECIDED)
    condition = Q(round__assessed_by=Assessor.HOST, studio__host_id=access_of(user).principal_id)
    mine = waiting.filter(condition) if access_of(user).principal_id else waiting.none()
    centre = managed(user, "round__programme")
    if centre is not None:
        mine = waiting.filter(condition | (centre & Q(round__assessed_by=Assessor.CENTRE)))
    rows = (
        mine.values_list("round_id", "round__name", "round__closes_on")
        .annotate(n=Count("pk"))
        .order_by("round__closes_on", "round_id")
    )
    items = [
        InboxItem(
            key=f"assessment.grade:{pk}",
            title=ngettext("%(n)d 人待评定等次", "%(n)d 人待评定等次", n) % {"n": n},
            subject=name,
            due=closes_on,
            url=reverse("assessment:grade", args=[pk]),
            count=n,
        )
        for pk, name, closes_on, n in rows
    ]
    if centre is not None:
        ready = (
            Round.objects.filter(stage=R.PREPARING)
            .exclude(assessed_by=Assessor.EXPERTS)
            .filter(pk__in=Case.objects.filter(centre).values("round_id"))
            .exclude(pk__in=waiting.values("round_id"))
            .values_list("pk", "name")
        )
        items += [
            InboxItem(
                key=f"assessment.publish_grades:{pk}",
                title=gettext("等次已全部评定，待公布"),
                subject=name,
                url=reverse("assessment:grade", args=[pk]),
            )
            for pk, name in ready
        ]
    return items
