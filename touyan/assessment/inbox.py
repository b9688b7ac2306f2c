"""What direct grading puts in the 待办 inbox: a host's members to grade, the centre's trainees
to grade, one item per round; and, for the centre, a fully graded round to publish."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from touyan.core.registry import InboxItem
from touyan.programmes.access import access_of
from touyan.programmes.inbox import managed
from touyan.programmes.models import Programme

from .models import Assessor, Case, Round

R = Round.Stage


def grading_to_do(user) -> list[InboxItem]:
    """One item per round still being graded by this user, and per graded round to publish;
    one query."""
    access = access_of(user)
    centre = managed(user)
    principal = access.principal_id
    if centre is None and principal is None:
        return []
    rounds = Q(pk__in=[])
    mine = Q(pk__in=[])
    if principal is not None:
        hosted = Case.objects.filter(studio__host_id=principal).values("round_id")
        rounds |= Q(assessed_by=Assessor.HOST, pk__in=hosted)
        mine |= Q(assessed_by=Assessor.HOST, cases__studio__host_id=principal)
    if centre is not None:
        rounds |= centre
        mine |= Q(assessed_by=Assessor.CENTRE)
    waiting = ~Q(cases__status=Case.Status.DECIDED)
    rows = (
        Round.objects.filter(rounds, stage=R.PREPARING)
        .exclude(assessed_by=Assessor.EXPERTS)
        .annotate(
            mine=Count("cases", filter=waiting & mine),
            waiting=Count("cases", filter=waiting),
            total=Count("cases"),
        )
        .order_by("closes_on", "pk")
        .values_list(
            "pk",
            "name",
            "closes_on",
            "mine",
            "waiting",
            "total",
            "programme_id",
            "programme__jurisdiction_id",
        )
    )
    items = []
    for pk, name, closes_on, n, left, total, programme, jurisdiction in rows:
        url = reverse("assessment:grade", args=[pk])
        if n:
            items.append(
                InboxItem(
                    key=f"assessment.grade:{pk}",
                    title=ngettext("%(n)d 人待评定等次", "%(n)d 人待评定等次", n) % {"n": n},
                    subject=name,
                    due=closes_on,
                    url=url,
                    count=n,
                )
            )
        elif (
            total
            and not left
            and centre is not None
            and access.manages(Programme(pk=programme, jurisdiction_id=jurisdiction))
        ):
            items.append(
                InboxItem(
                    key=f"assessment.publish_grades:{pk}",
                    title=gettext("等次已全部评定，待公布"),
                    subject=name,
                    url=url,
                )
            )
    return items
