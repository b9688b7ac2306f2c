"""Reading posts: what visitors see on a studio's site, what the host, a member and the centre
see of a studio's posts, and a post as the shared library takes it."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from touyan.programmes.access import access_of
from touyan.programmes.models import Studio

from .models import Post
from .sanitise import plain_text

S = Post.Status
# How many of a column's latest posts the site's home page shows.
HOME_PER_COLUMN = 5
FEED_ITEMS = 20


def site_studios() -> QuerySet[Studio]:
    return Studio.objects.select_related(
        "programme__policy_version", "host", "region", "prospectus"
    )


def published(studio: Studio, column: str | None = None) -> QuerySet[Post]:
    """The studio's posts on its public site, newest first."""
    posts = Post.objects.filter(studio=studio, status=S.PUBLISHED)
    if column is not None:
        posts = posts.filter(column=column)
    return posts.order_by("-published_at", "-pk")


def listed(posts: QuerySet[Post]) -> QuerySet[Post]:
    """What a list of posts shows: no body, the number of photos."""
    return posts.defer("body").annotate(photo_count=Count("photos"))


def latest_by_column(studio: Studio, columns) -> list[tuple[object, list[Post]]]:
    """Each column with its latest posts: one query a column."""
    return [
        (column, list(listed(published(studio, column.code))[:HOME_PER_COLUMN]))
        for column in columns
    ]


def public_post(pk: int) -> Post:
    return Post.objects.select_related("studio__programme__policy_version", "studio__host").get(
        pk=pk, status=S.PUBLISHED
    )


def posts_of_studio(user, studio: Studio) -> QuerySet[Post]:
    """The studio's posts a signed-in user works with: a writer's own, and for the host and the
    centre every other one its writer has sent on (a draft is its writer's alone)."""
    posts = Post.objects.filter(studio=studio).select_related("studio")
    access = access_of(user)
    own = Q(author_principal_id=access.principal_id) if access.principal_id else Q(pk__in=[])
    if studio.host_id == access.principal_id or access.manages(studio.programme):
        return posts.filter(own | ~Q(status=S.DRAFT))
    return posts.filter(own)


def awaiting_centre(programme) -> QuerySet[Post]:
    return (
        Post.objects.filter(studio__programme=programme, status=S.APPROVED)
        .select_related("studio")
        .order_by("decided_at", "pk")
    )


def published_in(programme) -> QuerySet[Post]:
    return (
        Post.objects.filter(studio__programme=programme, status=S.PUBLISHED)
        .select_related("studio")
        .defer("body")
        .order_by("-published_at", "-pk")
    )


def post_for_library(post: Post) -> dict:
    """A published post as the shared library takes it in as a resource: its title, summary,
    body (sanitised HTML), the address of its public page and who wrote it."""
    summary = post.summary or plain_text(post.body)[:200]
    return {
        "title": post.title,
        "summary": summary,
        "body": post.body,
        "link": reverse("publishing:post", args=[post.pk]),
        "author": post.author_name,
        "studio": post.studio.name,
        "published_at": post.published_at,
    }
