"""What studios put in the 待办 inbox: prospectuses submitted for the centre's approval, one
item per programme (its review queue), the studios as the item's details."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import ngettext

from touyan.core.registry import DetailRows, InboxItem
from touyan.programmes.inbox import managed

from .models import Prospectus


def prospectuses_to_approve(user) -> list[InboxItem]:
    condition = managed(user, "studio__programme")
    if condition is None:
        return []
    rows = (
        Prospectus.objects.filter(condition, status=Prospectus.Status.SUBMITTED)
        .values_list("studio__programme_id", "studio__programme__slug", "studio__programme__name")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        InboxItem(
            key=f"studios.prospectus:{programme_id}",
            title=ngettext("%(n)d 份工作室简介待审核", "%(n)d 份工作室简介待审核", n) % {"n": n},
            subject=name,
            url=reverse("studios:queue", args=[slug]),
            count=n,
            details=_studios(condition, programme_id),
        )
        for programme_id, slug, name, n in rows
    ]


def _studios(condition, programme_id):
    def details() -> DetailRows:
        rows = (
            Prospectus.objects.filter(
                condition, status=Prospectus.Status.SUBMITTED, studio__programme_id=programme_id
            )
            .values_list("studio__name", "studio_id")
            .order_by("studio__name")
        )
        return DetailRows(
            rows, lambda found: (found[0], reverse("studios:review", args=[found[1]]))
        )

    return details
