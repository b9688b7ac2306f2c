"""A post's moderation in one table: a post held for its watched words is approved or hidden;
a shown post may be hidden; a hidden one shown again."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from touyan.core.transitions import Stamp, Workflow, step

from .models import Post

S = Post.State


def _scope(post: Post) -> str:
    thread = post.thread
    return thread.studio.region_id if thread.studio_id else thread.programme.jurisdiction_id


POST = Workflow(
    Post,
    field="state",
    steps={
        "approve": step(S.HELD, to=S.VISIBLE),
        "hide": step(S.VISIBLE, S.HELD, to=S.HIDDEN),
        "restore": step(S.HIDDEN, to=S.VISIBLE),
    },
    stamp=Stamp(who="moderator_name", when="moderated_at", states=frozenset({S.HIDDEN})),
    already=_("帖子已是“%(status)s”（%(who)s，%(when)s），本次操作未重复执行"),
    current=_("帖子当前为“%(status)s”，本次操作未执行"),
    related=("thread__programme",),
    scope=_scope,
)
