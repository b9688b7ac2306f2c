"""Removing stored files that no row points to any more.

``atomic_with_files`` deletes what a failed upload wrote; a rollback further out (a caller's
transaction, a killed process) can still leave a file behind. The purge walks the folders of
every file field (the fixed part of its ``upload_to``) and deletes the files no row names,
once they are old enough that no upload can still be on its way to committing its row.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.apps import apps
from django.db import models
from django.utils import timezone

# Longer than any upload's transaction; younger files may belong to a row not yet committed.
GRACE = dt.timedelta(hours=1)


def _file_fields():
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                yield model, field


def _folder(model, field) -> str:
    """The fixed folder of a field's ``upload_to`` ("roster-imports/%Y/%m/" → "roster-imports");
    a callable ``upload_to`` reads the pattern from the model's ``upload_folder``."""
    upload_to = field.upload_to
    if callable(upload_to):
        upload_to = getattr(model, "upload_folder", None)
    if not isinstance(upload_to, str):
        return ""
    fixed = upload_to.split("%", 1)[0]
    return fixed.rsplit("/", 1)[0] if "/" in fixed else ""


def _walk(storage, folder: str):
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from _walk(storage, f"{folder}/{sub}")


def purge_orphan_files(*, grace: dt.timedelta = GRACE) -> list[str]:
    """Delete the files under the file fields' folders that no row names and that are older
    than ``grace``; return their names."""
    named: dict = defaultdict(set)
    folders: dict = defaultdict(set)
    for model, field in _file_fields():
        named[field.storage].update(
            model._default_manager.exclude(**{field.name: ""})
            .values_list(field.name, flat=True)
            .iterator()
        )
        folder = _folder(model, field)
        if folder:
            folders[field.storage].add(folder)
    cutoff = timezone.now() - grace
    deleted = []
    for storage, roots in folders.items():
        for root in sorted(roots):
            for name in _walk(storage, root):
                if name in named[storage] or storage.get_modified_time(name) > cutoff:
                    continue
                storage.delete(name)
                deleted.append(name)
    return deleted
