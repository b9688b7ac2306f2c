"""What selection puts in the 待办 inbox: applications waiting for their first review (a
district's, or the centre's on a call without a district stage), reviews an expert has still
to score, and objections to a notice still to handle — one item per call (and district), with
the count, so a call with 200 applications is one task."""

from __future__ import annotations

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from touyan.accounts.roles import Role
from touyan.accounts.scopes import scope_of
from touyan.core.registry import DetailRows, InboxItem
from touyan.programmes.access import access_of
from touyan.programmes.inbox import managed
from touyan.regions import codes

from .models import Application, Call, Objection, Review

S = Application.Status


def _day(value):
    """A deadline's day where the call is run (a deadline at midnight UTC is 08:00 in China)."""
    return timezone.localdate(value) if value is not None else None


def first_reviews(user) -> list[InboxItem]:
    """Submitted applications the user reviews first: their districts' on calls with a district
    stage, the centre's on calls without one, while the call is open."""
    access = access_of(user)
    items = []
    waiting = Application.objects.filter(status=S.SUBMITTED, call__stage=Call.Stage.OPEN)
    if access.district_codes:
        districts = Q(pk__in=[])
        for code in access.district_codes:
            districts |= Q(district__code__startswith=codes.scope_prefix(code))
        rows = (
            waiting.filter(districts, call__spec__district_review=True)
            .values_list(
                "call_id",
                "call__title",
                "call__closes_at",
                "call__district_deadline",
                "district_id",
                "district__name",
            )
            .annotate(n=Count("pk"))
            .order_by()
        )
        for call_id, title, closes_at, deadline, district, district_name, n in rows:
            items.append(
                InboxItem(
                    key=f"selection.district:{call_id}:{district}",
                    title=ngettext("%(n)d 份申报待区县审核", "%(n)d 份申报待区县审核", n)
                    % {"n": n},
                    subject=f"{title} · {district_name}",
                    due=_day(deadline or closes_at),
                    url=reverse("selection:district_list", args=[call_id, district]),
                    count=n,
                )
            )
    if (condition := managed(user, "call__programme")) is not None:
        rows = (
            waiting.filter(condition)
            .exclude(call__spec__district_review=True)
            .values_list("call_id", "call__title", "call__closes_at")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for call_id, title, closes_at, n in rows:
            items.append(
                InboxItem(
                    key=f"selection.first_review:{call_id}",
                    title=ngettext("%(n)d 份申报待资格审核", "%(n)d 份申报待资格审核", n)
                    % {"n": n},
                    subject=title,
                    due=_day(closes_at),
                    url=reverse("selection:district", args=[call_id]),
                    count=n,
                )
            )
    return items


def reviews_to_score(user) -> list[InboxItem]:
    """The expert's unsubmitted reviews of calls under expert review, one item per call. A call
    sets no date for its expert review (the office closes it once every review is in), so the
    item has no due date; it says since when the oldest review waits."""
    if not scope_of(user).has(Role.EXPERT):
        return []
    rows = (
        pending_reviews(user)
        .values_list("application__call_id", "application__call__title")
        .annotate(n=Count("pk"), first=Min("pk"), since=Min("assigned_at"))
        .order_by()
    )
    return [
        InboxItem(
            key=f"selection.reviews:{call_id}",
            title=ngettext("%(n)d 份申报待评审打分", "%(n)d 份申报待评审打分", n) % {"n": n},
            subject=title + _("（%(at)s 分配）") % {"at": _day(since).isoformat()},
            url=reverse("selection:review", args=[first])
            if n == 1
            else reverse("selection:my_reviews"),
            count=n,
            details=_review_details(user, call_id) if n > 1 else None,
        )
        for call_id, title, n, first, since in rows
    ]


def pending_reviews(user):
    """What waits for an expert's score: the source of the inbox and of the home page's card."""
    if not user.is_authenticated or not scope_of(user).has(Role.EXPERT):
        return Review.objects.none()
    return Review.objects.filter(
        expert=user, submitted_at__isnull=True, application__call__stage=Call.Stage.REVIEW
    )


def _review_details(user, call_id):
    def row(found) -> tuple[str, str]:
        review_id, application_id, anonymised, name = found
        label = _("申报 %(number)s") % {"number": application_id} if anonymised else name
        return label, reverse("selection:review", args=[review_id])

    def details() -> DetailRows:
        rows = (
            pending_reviews(user)
            .filter(application__call_id=call_id)
            .values_list(
                "pk",
                "application_id",
                "application__call__anonymised",
                "application__principal__name",
            )
            .order_by("pk")
        )
        return DetailRows(rows, row)

    return details


def objections_to_handle(user) -> list[InboxItem]:
    condition = managed(user, "notice__call__programme")
    if condition is None:
        return []
    rows = (
        Objection.objects.filter(condition, status=Objection.Status.PENDING)
        .values_list("notice__call_id", "notice__call__title", "notice__ends_on")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        InboxItem(
            key=f"selection.objections:{call_id}",
            title=ngettext("%(n)d 条公示异议待处理", "%(n)d 条公示异议待处理", n) % {"n": n},
            subject=title,
            due=ends_on,
            url=reverse("selection:objections", args=[call_id]),
            count=n,
        )
        for call_id, title, ends_on, n in rows
    ]


def items(user) -> list[InboxItem]:
    return [*first_reviews(user), *reviews_to_score(user), *objections_to_handle(user)]
