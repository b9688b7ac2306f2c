"""Moderation: anyone who reads a post may report it; the studio's host (for their studio)
and the centre hide a post with a reason, show a held post, show a hidden one again, or find
nothing wrong in the reports. Every act is in the audit trail."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor
from touyan.core.steps import display_name, require
from touyan.core.text import too_long
from touyan.notifications.services import notify

from ..models import Post, Report
from ..states import POST
from .threads import scope_of, tell_of_reply, thread_url, touched


def _reason(reason: str, field: str, model) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写理由")})
    if problems := too_long(model, {field: reason}):
        raise ValidationError({"reason": problems[field]})
    return reason


@transaction.atomic
def report_post(*, actor: Actor, post: Post, reason: str) -> Report:
    require(actor, "community.report_post", post, _("您不能举报这个帖子"))
    reason = _reason(reason, "reason", Report)
    if actor.user is not None and post.author_id == actor.user.pk:
        raise ValidationError(_("不能举报自己的帖子"))
    if post.state == Post.State.HIDDEN:
        raise ValidationError(_("这个帖子已被隐藏，无需举报"))
    try:
        with transaction.atomic():
            report = Report.objects.create(
                post=post, reporter=actor.user, reporter_name=display_name(actor), reason=reason
            )
    except IntegrityError:
        raise ValidationError(_("您已举报过这个帖子，正在等待处理")) from None
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=post,
        scope_code=scope_of(post.thread),
        changes={"report": [None, reason]},
        note=_("举报"),
    )
    moderators = _moderators_of(post)
    moderators.discard(actor.user)
    notify(
        users=moderators,
        title=_("有帖子被举报：“%(title)s”") % {"title": post.thread.title},
        body=reason,
        url=_queue_url(post),
        email=False,
    )
    return report


def _queue_url(post: Post) -> str:
    from django.urls import reverse

    return reverse("community:moderation", args=[post.thread.programme.slug])


def _moderators_of(post: Post) -> set:
    """The studio host's account, for a studio's post (the centre reads its queue)."""
    studio = post.thread.studio
    if studio is None or studio.host.user_id is None:
        return set()
    return {studio.host.user}


def _resolve_reports(actor: Actor, post: Post, outcome: str) -> int:
    return Report.objects.filter(post=post, resolved_at__isnull=True).update(
        outcome=outcome, resolved_at=timezone.now(), resolved_by_name=display_name(actor)
    )


@transaction.atomic
def hide_post(*, actor: Actor, post: Post, reason: str) -> Post:
    """Hidden: others read 已隐藏 in its place; its author reads it with the reason."""
    require(actor, "community.moderate_post", post, _("您不能处理这个帖子"))
    reason = _reason(reason, "hidden_reason", Post)
    post = POST.lock(post)
    post = POST.move(
        actor=actor,
        obj=post,
        action="hide",
        fields={
            "hidden_reason": reason,
            "moderator_name": display_name(actor),
            "moderated_at": timezone.now(),
        },
        changes={"hidden_reason": ["", reason]},
        note=_("隐藏帖子"),
    )
    _resolve_reports(actor, post, Report.Outcome.HIDDEN)
    if post.author is not None and post.author != actor.user:
        notify(
            users=[post.author],
            title=_("您在“%(title)s”中的帖子已被隐藏") % {"title": post.thread.title},
            body=reason,
            url=thread_url(post.thread),
        )
    return post


@transaction.atomic
def approve_post(*, actor: Actor, post: Post) -> Post:
    """A post held for its watched words is shown after all."""
    require(actor, "community.moderate_post", post, _("您不能处理这个帖子"))
    post = POST.move(
        actor=actor,
        obj=POST.lock(post),
        action="approve",
        fields={"moderator_name": display_name(actor), "moderated_at": timezone.now()},
        note=_("审核通过"),
    )
    touched(post.thread, post.created_at)
    if not post.opening:
        tell_of_reply(actor, post.thread, post)
    return post


@transaction.atomic
def restore_post(*, actor: Actor, post: Post) -> Post:
    require(actor, "community.moderate_post", post, _("您不能处理这个帖子"))
    return POST.move(
        actor=actor,
        obj=POST.lock(post),
        action="restore",
        fields={"hidden_reason": "", "moderator_name": display_name(actor)},
        note=_("恢复显示"),
    )


@transaction.atomic
def dismiss_reports(*, actor: Actor, post: Post) -> int:
    """The reports of a post were looked at and nothing is wrong: the post stays."""
    require(actor, "community.moderate_post", post, _("您不能处理这个帖子"))
    count = _resolve_reports(actor, post, Report.Outcome.DISMISSED)
    if not count:
        raise ValidationError(_("这个帖子没有待处理的举报"))
    record(
        actor=actor,
        verb=Verb.UPDATE,
        target=post,
        scope_code=scope_of(post.thread),
        changes={"reports": [count, 0]},
        note=_("举报不成立"),
    )
    return count
