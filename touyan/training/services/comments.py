"""Threaded comments on a trainee's plan, deliverables and research projects (HZ-3.3.4,
HZ-3.3.2): mentors, the centre and the research institute write, the trainee answers; each
comment tells the others in the thread and the trainee."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor
from touyan.core.steps import display_name, require
from touyan.notifications.services import notify
from touyan.records.models import Deliverable, ResearchProject

from ..models import Comment, DevelopmentPlan
from ..subjects import trainee_of

TARGET_FIELDS = {DevelopmentPlan: "plan", Deliverable: "deliverable", ResearchProject: "project"}


def thread_of(target):
    field = TARGET_FIELDS[type(target)]
    return Comment.objects.filter(**{field: target}).select_related("author")


@transaction.atomic
def add_comment(
    *, actor: Actor, target, body: str, parent: Comment | None = None, url: str = ""
) -> Comment:
    """``target`` is a plan, a deliverable or a research project; ``parent`` a comment on the
    same target that this one answers; ``url`` the page the notification leads to."""
    require(actor, "training.comment", target)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("请填写意见")})
    field = TARGET_FIELDS.get(type(target))
    if field is None:
        raise ValidationError(_("这类记录不能评论"))
    if parent is not None:
        if getattr(parent, f"{field}_id") != target.pk:
            raise ValidationError({"parent": _("回复的意见不在这条记录下")})
        # One level of threads: an answer to an answer joins the first comment's thread.
        parent = parent.parent or parent
    comment = Comment.objects.create(
        **{field: target},
        parent=parent,
        author=actor.user,
        author_name=display_name(actor),
        body=body,
    )
    trainee = trainee_of(target)
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=comment,
        scope_code=trainee.principal.school.region_id if trainee else "",
        changes={field: [None, str(target)]},
    )
    _tell(actor, target, comment, trainee, url)
    return comment


def _tell(actor: Actor, target, comment: Comment, trainee, url: str) -> None:
    readers = set()
    if trainee is not None and trainee.principal.user_id:
        readers.add(trainee.principal.user)
    if comment.parent is not None:
        readers.add(comment.parent.author)
        readers.update(reply.author for reply in comment.parent.replies.select_related("author"))
    readers.discard(actor.user)
    readers.discard(None)
    if readers:
        notify(
            users=readers,
            title=_("%(name)s 对“%(target)s”提出了意见")
            % {"name": comment.author_name, "target": str(target)[:40]},
            body=comment.body[:200],
            url=url,
        )
