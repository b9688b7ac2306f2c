"""Files people attach to the record: activity materials and photos, deliverables sent as a file.

Every check is ``touyan.core.uploads``'s: what a file is is read from its first bytes, photos are
re-encoded, active PDFs refused. Stored names are generated; the name the person gave is kept
for display only.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor
from touyan.core.uploads import (
    DOCUMENTS,
    IMAGES,
    atomic_with_files,
    delete_on_commit,
    prepare_upload,
    save_file,
)

from .models import Activity, ActivityFile
from .services import activity_scope, create_activity, delete_activity, may_change


def attach_activity_files(
    *, actor: Actor, activity: Activity, files: Iterable
) -> list[ActivityFile]:
    """Attach checked files to an activity: images as photos (re-encoded), documents as
    materials. The files are stored with their rows, or not at all."""
    may_change(actor, activity)
    with atomic_with_files():
        return _attach(actor=actor, activity=activity, files=files)


def _attach(*, actor: Actor, activity: Activity, files: Iterable) -> list[ActivityFile]:
    attached = []
    for uploaded in files:
        file_type, content = prepare_upload(uploaded, (*IMAGES, *DOCUMENTS), kind="activity")
        activity_file = ActivityFile(
            activity=activity,
            kind=ActivityFile.Kind.PHOTO if file_type.is_image else ActivityFile.Kind.MATERIAL,
            name=uploaded.name[:255],
        )
        save_file(activity_file.file, content)
        activity_file.save()
        attached.append(activity_file)
    if attached:
        record(
            actor=actor,
            verb=Verb.UPDATE,
            target=activity,
            scope_code=activity_scope(activity),
            changes={"files": [None, "、".join(f.name for f in attached)]},
            note=_("上传活动资料"),
        )
    return attached


@transaction.atomic
def remove_activity_file(*, actor: Actor, activity_file: ActivityFile) -> None:
    activity = activity_file.activity
    may_change(actor, activity)
    record(
        actor=actor,
        verb=Verb.UPDATE,
        target=activity,
        scope_code=activity_scope(activity),
        changes={"files": [activity_file.name, None]},
        note=_("删除活动资料"),
    )
    delete_on_commit(activity_file.file)
    activity_file.delete()


@transaction.atomic
def delete_activity_with_files(*, actor: Actor, activity: Activity) -> None:
    """Delete an activity and, once that is committed, the files kept for it."""
    stored = [f.file for f in activity.files.all() if f.file]
    delete_activity(actor=actor, activity=activity)
    delete_on_commit(*stored)


def create_activity_with_files(*, actor: Actor, files: Iterable = (), **fields) -> Activity:
    """An activity and the files that came with its form, written together or not at all."""
    with atomic_with_files():
        activity = create_activity(actor=actor, **fields)
        attach_activity_files(actor=actor, activity=activity, files=files)
    return activity
