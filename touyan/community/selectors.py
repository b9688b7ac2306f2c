"""Who sees which part of the community, and the lists its pages show.

- A studio's threads and sessions: whoever sees the studio (``studios_visible_to``: its host
  and current members, the programme's managers, the district officers of its district).
- A programme's cross-studio board: its managers and those granted it, the district officers
  who follow it, and the hosts and current members of its studios.
- Moderators: the host of a studio for its threads; the programme's managers for all.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from touyan.programmes.access import access_of
from touyan.programmes.models import Programme, Studio
from touyan.programmes.selectors import is_member_of_studio, studios_visible_to

from .models import Post, Report, StudySession, Thread


def community_studios(user, programme: Programme) -> QuerySet[Studio]:
    return studios_visible_to(user, programme)


def own_studios(user, programme: Programme | None = None) -> QuerySet[Studio]:
    """The studios the user hosts or belongs to now (where they post)."""
    principal = access_of(user).principal_id
    if principal is None:
        return Studio.objects.none()
    studios = Studio.objects.filter(Q(host_id=principal) | is_member_of_studio(principal))
    if programme is not None:
        studios = studios.filter(programme=programme)
    return studios.distinct()


def follows_programme(user, programme: Programme) -> bool:
    """Managers, those granted the programme, and district officers who follow it."""
    access = access_of(user)
    return (
        access.manages(programme)
        or programme.pk in access.viewed_programmes
        or access.follows_district_of(programme)
    )


def manages(user, programme: Programme) -> bool:
    return access_of(user).manages(programme)


def hosted_studio_ids(user, programme: Programme) -> set[int]:
    principal = access_of(user).principal_id
    if principal is None:
        return set()
    return set(
        Studio.objects.filter(programme=programme, host_id=principal).values_list("pk", flat=True)
    )


def moderates(user, thread: Thread) -> bool:
    if manages(user, thread.programme):
        return True
    if thread.studio_id is None:
        return False
    principal = access_of(user).principal_id
    return principal is not None and thread.studio.host_id == principal


def shown_threads(user, threads: QuerySet[Thread], *, moderator: bool) -> QuerySet[Thread]:
    """Threads whose opening post is not held for review, unless the user wrote it or
    moderates the list; study-session threads are listed with their sessions."""
    threads = threads.filter(session__isnull=True)
    if moderator:
        return threads
    held = Post.objects.filter(thread=OuterRef("pk"), opening=True, state=Post.State.HELD)
    return threads.filter(~Exists(held) | Q(author=user))


def studio_threads(user, studio: Studio) -> QuerySet[Thread]:
    threads = Thread.objects.filter(programme_id=studio.programme_id, studio=studio)
    moderator = manages(user, studio.programme) or studio.host_id == access_of(user).principal_id
    return shown_threads(user, threads, moderator=moderator)


def board_threads(user, programme: Programme) -> QuerySet[Thread]:
    threads = Thread.objects.filter(programme=programme, studio__isnull=True)
    return shown_threads(user, threads, moderator=manages(user, programme))


def threads_visible_to(user, programme: Programme) -> QuerySet[Thread]:
    """Every thread of the programme the user may open: those of the studios they see, and
    the board's when they may read it."""
    condition = Q(studio__in=community_studios(user, programme).values("pk"))
    if reads_board(user, programme):
        condition |= Q(studio__isnull=True)
    return Thread.objects.filter(condition, programme=programme).select_related(
        "studio__programme", "programme"
    )


def reads_board(user, programme: Programme) -> bool:
    return follows_programme(user, programme) or own_studios(user, programme).exists()


def posts_visible_to(user, programme: Programme) -> QuerySet[Post]:
    return Post.objects.filter(thread__in=threads_visible_to(user, programme)).select_related(
        "thread__studio__programme", "thread__programme"
    )


def sessions_visible_to(user, programme: Programme) -> QuerySet[StudySession]:
    return StudySession.objects.filter(
        studio__in=community_studios(user, programme).values("pk")
    ).select_related("studio__programme", "thread", "activity")


def moderation_queue(user, programme: Programme) -> QuerySet[Post]:
    """Posts held for review or reported and not yet dealt with, in what the user moderates:
    everything of the programme for its managers, their own studios' threads for a host."""
    open_reports = Report.objects.filter(post=OuterRef("pk"), resolved_at__isnull=True)
    posts = Post.objects.filter(thread__programme=programme).filter(
        Q(state=Post.State.HELD) | (Exists(open_reports) & ~Q(state=Post.State.HIDDEN))
    )
    if not manages(user, programme):
        posts = posts.filter(thread__studio_id__in=hosted_studio_ids(user, programme))
    return posts.select_related("thread__studio").order_by("created_at", "pk")


def open_sessions(now=None) -> QuerySet[StudySession]:
    now = now or timezone.now()
    return StudySession.objects.filter(closed_at__isnull=True, opens_at__lte=now, closes_at__gt=now)


def sessions_due(now=None) -> QuerySet[StudySession]:
    """Sessions whose window has ended but whose participation is not yet counted."""
    now = now or timezone.now()
    return StudySession.objects.filter(closed_at__isnull=True, closes_at__lte=now).order_by(
        "closes_at", "pk"
    )
