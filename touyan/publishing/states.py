"""A post's workflow in one table (HN-4.1.6).

A member submits their post to the host; the host approves it (and their own posts) — to the
centre when the policy has it review, else straight onto the site; the centre publishes what
the host approved or returns it; the host returns a member's post; the centre takes a
published post down, with its reason. Editing a returned post keeps it returned until it is
sent again."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from touyan.core.transitions import Stamp, Workflow, step

from .models import Post

S = Post.Status

# Where the writer may still change the text: before anyone decided on it, or once returned.
EDITABLE = frozenset({S.DRAFT, S.RETURNED})
# Where the host may act on it: their own draft, or a member's post sent to them.
HOST_ACTS = (S.DRAFT, S.RETURNED, S.SUBMITTED)

POST = Workflow(
    Post,
    steps={
        "edit": step(S.DRAFT, S.RETURNED, S.SUBMITTED),
        "submit": step(
            S.DRAFT, S.RETURNED, to=S.SUBMITTED, refused={S.SUBMITTED: _("已提交，等待主持人审核")}
        ),
        # The host approves: to the centre where it reviews, else published at once.
        "send": step(*HOST_ACTS, to=S.APPROVED),
        "publish": step(*HOST_ACTS, to=S.PUBLISHED),
        "return": step(S.SUBMITTED, S.APPROVED, to=S.RETURNED),
        # The centre.
        "accept": step(S.APPROVED, to=S.PUBLISHED),
        "take_down": step(S.PUBLISHED, to=S.TAKEN_DOWN),
    },
    stamp=Stamp(
        who="decider_name",
        when="decided_at",
        states=frozenset({S.APPROVED, S.PUBLISHED, S.RETURNED, S.TAKEN_DOWN}),
    ),
    already=_("文章已是“%(status)s”（%(who)s，%(when)s），本次操作未重复执行"),
    current=_("文章当前为“%(status)s”，本次操作未执行"),
    related=("studio__programme",),
    scope=lambda post: post.studio.region_id,
)
