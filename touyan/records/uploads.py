"""Files people attach to the record: activity materials and photos, deliverables sent as a file.

What a file is is read from its first bytes, never from its name or the browser's word: a
renamed executable is refused whatever it is called. Stored names are generated; the name the
person gave is kept for display only.
"""

from __future__ import annotations

import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor

from .models import Activity, ActivityFile
from .services import activity_scope, create_activity, delete_activity

MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class FileType:
    extension: str
    content_type: str
    is_image: bool


JPEG = FileType("jpg", "image/jpeg", True)
PNG = FileType("png", "image/png", True)
PDF = FileType("pdf", "application/pdf", False)
DOCX = FileType(
    "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", False
)
XLSX = FileType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", False)
IMAGES = (JPEG, PNG)
DOCUMENTS = (PDF, DOCX, XLSX)
BY_EXTENSION = {t.extension: t for t in (*IMAGES, *DOCUMENTS)}


def sniff(uploaded) -> FileType | None:
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        return _office_type(uploaded)
    return None


def _office_type(uploaded) -> FileType | None:
    try:
        with zipfile.ZipFile(uploaded) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return None
    finally:
        uploaded.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def check_upload(uploaded, allowed: Iterable[FileType]) -> FileType:
    """The type of ``uploaded`` if it is one of ``allowed`` and not too large; otherwise a
    ValidationError that names the file."""
    allowed = tuple(allowed)
    if uploaded.size > MAX_BYTES:
        raise ValidationError(
            _("“%(name)s”超过 %(limit)d MB，请压缩后再上传")
            % {"name": uploaded.name, "limit": MAX_BYTES // 2**20}
        )
    kind = sniff(uploaded)
    if kind not in allowed:
        raise ValidationError(
            _("“%(name)s”不是允许的文件类型（%(types)s）")
            % {"name": uploaded.name, "types": "、".join(t.extension for t in allowed)}
        )
    return kind


def stored_name(file_type: FileType) -> str:
    return f"{uuid.uuid4().hex}.{file_type.extension}"


def type_of_stored(name: str) -> FileType | None:
    return BY_EXTENSION.get(name.rsplit(".", 1)[-1].lower())


@transaction.atomic
def attach_activity_files(
    *, actor: Actor, activity: Activity, files: Iterable
) -> list[ActivityFile]:
    """Attach checked files to an activity: images as photos, documents as materials."""
    attached = []
    for uploaded in files:
        file_type = check_upload(uploaded, (*IMAGES, *DOCUMENTS))
        original = uploaded.name[:255]
        uploaded.name = stored_name(file_type)
        attached.append(
            ActivityFile.objects.create(
                activity=activity,
                kind=ActivityFile.Kind.PHOTO if file_type.is_image else ActivityFile.Kind.MATERIAL,
                file=uploaded,
                name=original,
            )
        )
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
    record(
        actor=actor,
        verb=Verb.UPDATE,
        target=activity,
        scope_code=activity_scope(activity),
        changes={"files": [activity_file.name, None]},
        note=_("删除活动资料"),
    )
    _delete_stored_on_commit([activity_file.file.name])
    activity_file.delete()


@transaction.atomic
def delete_activity_with_files(*, actor: Actor, activity: Activity) -> None:
    """Delete an activity and, once that is committed, the files kept for it."""
    names = [f.file.name for f in activity.files.all() if f.file]
    delete_activity(actor=actor, activity=activity)
    _delete_stored_on_commit(names)


def _delete_stored_on_commit(names: list[str]) -> None:
    if not names:
        return
    storage = ActivityFile._meta.get_field("file").storage
    transaction.on_commit(lambda: [storage.delete(name) for name in names])


@transaction.atomic
def create_activity_with_files(*, actor: Actor, files: Iterable = (), **fields) -> Activity:
    """An activity and the files that came with its form, written together or not at all."""
    activity = create_activity(actor=actor, **fields)
    attach_activity_files(actor=actor, activity=activity, files=files)
    return activity
