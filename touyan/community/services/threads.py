"""Starting threads and replying. A post with a watched word is held for review unless its
author moderates the thread; the thread's author (and the author of the post replied to) is
told of a reply."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor
from touyan.core.steps import display_name, require
from touyan.core.text import too_long
from touyan.notifications.services import notify
from touyan.programmes.access import access_of
from touyan.programmes.models import Programme, Studio

from ..models import Post, Thread
from ..selectors import moderates
from ..words import watched_in


def thread_url(thread: Thread) -> str:
    session = getattr(thread, "session", None)
    if session is not None:
        return reverse("community:session", args=[thread.programme.slug, session.pk])
    return reverse("community:thread", args=[thread.programme.slug, thread.pk])


def scope_of(thread: Thread) -> str:
    return thread.studio.region_id if thread.studio_id else thread.programme.jurisdiction_id


def _clean(title: str | None, body: str) -> tuple[str, str]:
    body = (body or "").replace("\r\n", "\n").strip()
    title = (title or "").strip() if title is not None else None
    errors = {}
    if title is not None:
        if not title:
            errors["title"] = _("请填写标题")
        errors |= too_long(Thread, {"title": title})
    if not body:
        errors["body"] = _("请填写内容")
    errors |= too_long(Post, {"body": body})
    if errors:
        raise ValidationError(errors)
    return title, body


def new_post(
    actor: Actor, thread: Thread, body: str, *, words: list[str], now=None, **fields
) -> Post:
    """The post, held for review when it has watched words and its author does not moderate
    the thread. ``now``: when it was written (the demo's history; pages never give it)."""
    held = bool(words) and not (actor.user is not None and moderates(actor.user, thread))
    principal = access_of(actor.user).principal_id if actor.user is not None else None
    return Post.objects.create(
        thread=thread,
        author=actor.user,
        author_name=display_name(actor),
        principal_id=principal,
        body=body,
        state=Post.State.HELD if held else Post.State.VISIBLE,
        held_for="、".join(words) if held else "",
        created_at=now or timezone.now(),
        **fields,
    )


@transaction.atomic
def start_thread(
    *,
    actor: Actor,
    programme: Programme,
    studio: Studio | None = None,
    title: str,
    body: str,
    now=None,
) -> Thread:
    """A thread in ``studio``'s community, or on the programme's cross-studio board."""
    if studio is not None:
        require(actor, "community.post_in_studio", studio, _("您不能在这个工作室的社区发帖"))
        if studio.programme_id != programme.pk:
            raise ValidationError(_("工作室不属于本项目"))
    else:
        require(actor, "community.post_on_board", programme, _("您不能在这个项目的交流区发帖"))
    title, body = _clean(title, body)
    thread = Thread.objects.create(
        programme=programme,
        studio=studio,
        title=title,
        author=actor.user,
        author_name=display_name(actor),
        created_at=now or timezone.now(),
        last_post_at=now or timezone.now(),
    )
    post = new_post(actor, thread, body, words=watched_in(title, body), now=now, opening=True)
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=thread,
        scope_code=scope_of(thread),
        changes={"title": [None, title], "state": [None, post.state]},
    )
    return thread


@transaction.atomic
def reply(*, actor: Actor, thread: Thread, body: str, parent: Post | None = None, now=None) -> Post:
    """A reply to the thread, or to one of its posts (a reply to a reply goes under the post
    it answers: one level of nesting)."""
    require(actor, "community.reply", thread, _("您不能在这个主题下回复"))
    if parent is not None:
        if parent.thread_id != thread.pk:
            raise ValidationError({"parent": _("所回复的帖子不在这个主题中")})
        if parent.parent_id is not None:
            parent = parent.parent
        if parent.opening:
            parent = None
    _title, body = _clean(None, body)
    post = new_post(actor, thread, body, words=watched_in(body), now=now, parent=parent)
    if post.state == Post.State.VISIBLE:
        Thread.objects.filter(pk=thread.pk).update(last_post_at=post.created_at)
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=post,
        scope_code=scope_of(thread),
        changes={"thread": [None, thread.title], "state": [None, post.state]},
    )
    if post.state == Post.State.VISIBLE:
        tell_of_reply(actor, thread, post)
    return post


def tell_of_reply(actor: Actor, thread: Thread, post: Post) -> None:
    """The thread's author and the author of the post answered, not the one who wrote it."""
    readers = {thread.author}
    if post.parent_id is not None:
        readers.add(post.parent.author)
    readers.discard(actor.user)
    readers.discard(post.author)
    if readers:
        notify(
            users=readers,
            title=_("%(name)s 回复了“%(title)s”")
            % {"name": post.author_name, "title": thread.title},
            body=post.body[:200],
            url=thread_url(thread),
        )


def touched(thread: Thread, when=None) -> None:
    Thread.objects.filter(pk=thread.pk).update(last_post_at=when or timezone.now())
