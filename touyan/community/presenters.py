"""How a thread's posts read to one person: a held post only to its author and moderators; a
hidden one as 已隐藏 to others, with its reason to its author and moderators."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .models import Post, Thread


@dataclass
class Shown:
    post: Post
    body: str | None  # None: its text is not shown to this reader
    label: str = ""  # 待审核, 已隐藏: why, for whom may read it
    may_report: bool = False
    may_moderate: bool = False
    replies: list = field(default_factory=list)


def present(user, thread: Thread, *, moderator: bool, reads: bool = True) -> list[Shown]:
    """The thread's posts as top-level entries, each with its replies, in time order."""
    posts = list(thread.posts.all())
    by_pk: dict[int, Shown] = {}
    top: list[Shown] = []
    for post in posts:
        shown = _shown(user, post, moderator=moderator)
        if shown is None:
            continue
        shown.may_report = reads and shown.body is not None and post.author_id != user.pk
        shown.may_report = shown.may_report and post.state == Post.State.VISIBLE
        shown.may_moderate = moderator
        by_pk[post.pk] = shown
        if post.parent_id and post.parent_id in by_pk:
            by_pk[post.parent_id].replies.append(shown)
        elif not post.parent_id:
            top.append(shown)
    return top


def _shown(user, post: Post, *, moderator: bool) -> Shown | None:
    own = post.author_id is not None and post.author_id == user.pk
    if post.state == Post.State.VISIBLE:
        return Shown(post, post.body)
    if post.state == Post.State.HELD:
        if not (own or moderator):
            return None
        label = _("待主持人审核（含关注词：%(words)s），审核通过前仅您和管理者可见") % {
            "words": post.held_for
        }
        return Shown(post, post.body, label)
    if own or moderator:
        label = _("已隐藏（%(who)s）：%(reason)s") % {
            "who": post.moderator_name,
            "reason": post.hidden_reason,
        }
        return Shown(post, post.body, label)
    return Shown(post, None, _("已隐藏"))


def thread_title(user, thread: Thread, opening: Post | None, *, moderator: bool) -> str:
    if (
        opening is not None
        and opening.state == Post.State.HIDDEN
        and not moderator
        and opening.author_id != user.pk
    ):
        return _("已隐藏")
    return thread.title
