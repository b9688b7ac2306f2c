"""What posts put in the 待办 inbox: for a host, members' posts waiting for them (one item a
studio); for the centre, posts hosts approved that wait for its review (one item a programme)."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import ngettext

from touyan.core.registry import InboxItem
from touyan.programmes.access import access_of
from touyan.programmes.inbox import managed

from .models import Post


def posts_for_host(user) -> list[InboxItem]:
    principal = access_of(user).principal_id
    if principal is None:
        return []
    rows = (
        Post.objects.filter(studio__host_id=principal, status=Post.Status.SUBMITTED)
        .values_list("studio_id", "studio__name")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        InboxItem(
            key=f"publishing.host:{studio_id}",
            title=ngettext("%(n)d 篇成员文章待审核", "%(n)d 篇成员文章待审核", n) % {"n": n},
            subject=name,
            url=reverse("publishing:studio_posts", args=[studio_id]) + "#submitted",
            count=n,
        )
        for studio_id, name, n in rows
    ]


def posts_for_centre(user) -> list[InboxItem]:
    condition = managed(user, "studio__programme")
    if condition is None:
        return []
    rows = (
        Post.objects.filter(condition, status=Post.Status.APPROVED)
        .values_list("studio__programme_id", "studio__programme__slug", "studio__programme__name")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        InboxItem(
            key=f"publishing.centre:{programme_id}",
            title=ngettext("%(n)d 篇工作室文章待审核发布", "%(n)d 篇工作室文章待审核发布", n)
            % {"n": n},
            subject=name,
            url=reverse("publishing:queue", args=[slug]),
            count=n,
        )
        for programme_id, slug, name, n in rows
    ]
