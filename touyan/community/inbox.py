"""The community's 待办 (docs/inbox.md): for a member, the online study sessions open now that
they have not yet taken part in; for a host or the centre, posts held for review or reported.
One or two queries each, none for whom an item does not concern."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from touyan.core.registry import InboxItem
from touyan.programmes.access import access_of
from touyan.programmes.models import Programme, StudioMember
from touyan.programmes.selectors import still_member

from .models import Post, Report
from .selectors import open_sessions


def sessions_to_join(user) -> list[InboxItem]:
    principal = access_of(user).principal_id
    if principal is None:
        return []
    now = timezone.now()
    mine = StudioMember.objects.filter(still_member(), principal_id=principal).values("studio_id")
    posted = Post.objects.filter(
        thread_id=OuterRef("thread_id"),
        principal_id=principal,
        created_at__gte=OuterRef("opens_at"),
    )
    rows = (
        open_sessions(now)
        .filter(studio_id__in=mine)
        .filter(~Exists(posted))
        .values("pk", "title", "closes_at", "studio__name", "studio__programme__slug")
        .order_by("closes_at", "pk")
    )
    return [
        InboxItem(
            key=f"community.session:{row['pk']}",
            title=_("参加线上研修：%(title)s") % {"title": row["title"]},
            url=reverse("community:session", args=[row["studio__programme__slug"], row["pk"]]),
            subject=row["studio__name"],
            due=timezone.localtime(row["closes_at"]).date(),
        )
        for row in rows
    ]


def posts_to_review(user) -> list[InboxItem]:
    access = access_of(user)
    if not (access.everything or access.managed_prefixes or access.managed_programmes) and (
        access.principal_id is None
    ):
        return []
    open_reports = Report.objects.filter(post=OuterRef("pk"), resolved_at__isnull=True)
    waiting = Post.objects.filter(
        Q(state=Post.State.HELD) | (Exists(open_reports) & ~Q(state=Post.State.HIDDEN))
    )
    if access.everything:
        scope = Q(pk__isnull=False)
    else:
        scope = Q(pk__in=[])
        for prefix in access.managed_prefixes:
            scope |= Q(thread__programme__jurisdiction__code__startswith=prefix)
        if access.managed_programmes:
            scope |= Q(thread__programme_id__in=access.managed_programmes)
        if access.principal_id is not None:
            scope |= Q(thread__studio__host_id=access.principal_id)
    rows = (
        waiting.filter(scope)
        .values("thread__programme_id")
        .annotate(n=Count("pk"))
        .order_by("thread__programme_id")
    )
    counts = {row["thread__programme_id"]: row["n"] for row in rows}
    if not counts:
        return []
    programmes = Programme.objects.filter(pk__in=counts).only("pk", "slug", "name")
    return [
        InboxItem(
            key=f"community.moderation:{programme.pk}",
            title=ngettext(
                "%(n)d 条社区帖子待审核或被举报",
                "%(n)d 条社区帖子待审核或被举报",
                counts[programme.pk],
            )
            % {"n": counts[programme.pk]},
            url=reverse("community:moderation", args=[programme.slug]),
            subject=programme.name,
            count=counts[programme.pk],
        )
        for programme in programmes
    ]
