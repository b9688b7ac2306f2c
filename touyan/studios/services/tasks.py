"""Tasks the host gives members (HN-4.2.2): the host assigns one to every serving member or to
those chosen, with a due date; each member hands in their part (text, a file or both); the
host accepts it or returns it with a comment, and a returned part is handed in again. A part
still to do after the due date is overdue (``selectors.overdue``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

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
from touyan.core.uploads import (
    DOCUMENTS,
    IMAGES,
    atomic_with_files,
    delete_on_commit,
    prepare_upload,
    save_file,
)
from touyan.notifications.services import notify
from touyan.programmes.models import Studio, StudioMember

from ..models import Assignment, Task
from ..selectors import serving_members
from ..states import ASSIGNMENT

# What a member may hand in as a file: a document or a photo, checked as every upload is.
TASK_FILES = (*DOCUMENTS, *IMAGES)


@transaction.atomic
def assign_task(
    *,
    actor: Actor,
    studio: Studio,
    title: str,
    due_on: dt.date,
    description: str = "",
    members: Iterable[StudioMember] | None = None,
    today: dt.date | None = None,
) -> Task:
    """Give a task to ``members`` of the studio, or to every serving member when None."""
    require(actor, "studios.assign_task", studio)
    today = today or timezone.localdate()
    title, description = title.strip(), description.strip()
    errors = too_long(Task, {"title": title, "description": description})
    if not title:
        errors["title"] = _("请填写任务名称")
    if due_on < today:
        errors["due_on"] = _("完成期限不能早于今天")
    serving = {member.pk: member for member in serving_members(studio)}
    if members is None:
        chosen = list(serving.values())
        if not chosen:
            errors["members"] = _("工作室目前没有在册成员，无法分配任务")
    else:
        chosen = list({member.pk: member for member in members}.values())
        strangers = [member for member in chosen if member.pk not in serving]
        if strangers:
            errors["members"] = _("%(names)s 不是本工作室的在册成员") % {
                "names": "、".join(member.principal.name for member in strangers)
            }
        elif not chosen:
            errors["members"] = _("请至少选择一名成员")
    if errors:
        raise ValidationError(errors)
    task = Task.objects.create(
        studio=studio,
        title=title,
        description=description,
        due_on=due_on,
        to_all=members is None,
        created_by=actor.user,
    )
    Assignment.objects.bulk_create(Assignment(task=task, member=member) for member in chosen)
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=task,
        scope_code=studio.region_id,
        changes={
            "title": [None, title],
            "due_on": [None, due_on.isoformat()],
            "members": [None, "、".join(serving[m.pk].principal.name for m in chosen)],
        },
    )
    notify(
        users=[serving[member.pk].principal.user for member in chosen],
        title=_("“%(studio)s”分配了任务：%(title)s（%(due)s 前完成）")
        % {"studio": studio.name, "title": title[:80], "due": due_on.isoformat()},
        url=reverse("studios:my_tasks"),
    )
    return task


def submit_task(*, actor: Actor, assignment: Assignment, text: str = "", file=None) -> Assignment:
    """The member hands in their part: a text, a file or both. A new file replaces the one
    handed in before (deleted once this is committed)."""
    require(actor, "studios.submit_task", assignment)
    text = text.strip()
    with atomic_with_files():
        assignment = ASSIGNMENT.lock(assignment)
        ASSIGNMENT.check(assignment, "submit")
        errors = too_long(Assignment, {"text": text})
        if not text and not file:
            errors["text"] = _("请填写完成情况或上传附件")
        if errors:
            raise ValidationError(errors)
        fields = {"text": text, "submitted_at": timezone.now()}
        changes = {"text": [assignment.text, text]}
        if file:
            _type, content = prepare_upload(file, TASK_FILES, kind="deliverable")
            delete_on_commit(assignment.file)
            save_file(assignment.file, content)
            fields["file_name"] = file.name[:255]
            changes["file"] = [assignment.file_name or None, fields["file_name"]]
        assignment = ASSIGNMENT.move(
            actor=actor, obj=assignment, action="submit", fields=fields, changes=changes
        )
        studio = assignment.task.studio
        notify(
            users=[getattr(studio.host, "user", None)],
            title=_("%(name)s 提交了任务“%(title)s”，请审阅")
            % {"name": assignment.member.principal.name, "title": assignment.task.title[:80]},
            url=reverse("studios:task", args=[assignment.task_id]),
        )
    return assignment


@transaction.atomic
def review_task(
    *, actor: Actor, assignment: Assignment, accept: bool, note: str = ""
) -> Assignment:
    """The host accepts a handed-in part, or returns it with a comment for the member to do
    again. A second click finds the decision already made."""
    require(actor, "studios.review_task", assignment)
    assignment = ASSIGNMENT.lock(assignment)
    action = "accept" if accept else "return"
    ASSIGNMENT.check(assignment, action)
    note = note.strip()
    errors = too_long(Assignment, {"review_note": note})
    if not accept and not note:
        errors["note"] = _("退回时请写明需要修改或补充的地方")
    if errors:
        raise ValidationError(errors)
    assignment = ASSIGNMENT.move(
        actor=actor,
        obj=assignment,
        action=action,
        fields={
            "reviewer_name": display_name(actor),
            "reviewed_at": timezone.now(),
            "review_note": note,
        },
        note=note,
    )
    title = assignment.task.title[:80]
    notify(
        users=[assignment.member.principal.user],
        title=(
            _("任务“%(title)s”已确认完成") % {"title": title}
            if accept
            else _("任务“%(title)s”被退回修改") % {"title": title}
        ),
        url=reverse("studios:my_task", args=[assignment.pk]),
    )
    return assignment
