"""Upload → preview → confirm exactly once, or discard; purge what was never confirmed.

Uploads are named by kind and id (``registry.kind_of``), so that ``confirm`` runs on the task
queue (``imports.confirm``, ``touyan/jobs/tasks.py``) when an upload has more rows than
``IMPORT_QUEUE_ROWS``: ``confirm_later`` asks for it, ``confirm_job`` finds it. A file the reader cannot use (``SpreadsheetRefused``) and an ``apply`` that refuses
(the importer's ``refusals``) both come out as ``ImportRefused``, with the message to show.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor
from touyan.core.orphans import purge_orphan_files
from touyan.core.spreadsheets import SpreadsheetRefused
from touyan.core.steps import require
from touyan.core.uploads import XLSX, atomic_with_files, save_file, shorten, stored_name
from touyan.jobs.models import Job
from touyan.jobs.services import enqueue

from .importers import importer_of, kinds, model_of
from .models import StoredUpload
from .progress import LiveProgress

STATUSES = ("create", "update", "unchanged", "rejected")


class ImportRefused(Exception):
    """The file cannot be read, or its rows cannot be written as asked; nothing was written."""


class ImportAlreadyFinished(Exception):
    pass


def upload(*, actor: Actor, kind: str, uploaded_file, **context) -> StoredUpload:
    """Keep the file with its dry run. The file is stored only with its row: nothing is left
    on disk when either fails."""
    importer = importer_of(kind)
    require(actor, importer.permission, importer.permission_object(**context))
    try:
        plan = importer.plan(importer.read(uploaded_file, actor, **context), actor, **context)
    except SpreadsheetRefused as exc:
        raise ImportRefused(str(exc)) from exc
    uploaded_file.seek(0)
    with atomic_with_files():
        stored = model_of(kind)(
            original_name=uploaded_file.name[:255],
            uploaded_by=actor.user,
            report=plan.report(),
            **importer.fields(**context),
        )
        save_file(stored.file, File(uploaded_file, name=stored_name(XLSX)))
        stored.save()
    return stored


def preview(stored: StoredUpload, *, show: str | None) -> dict:
    """The stored dry run, for display: ``report``, the rows of one status (``show``, the
    rejected ones first when there are any) and how many of them the report left out. Empty
    once the upload is confirmed or discarded."""
    report = stored.report
    if stored.status != StoredUpload.Status.PREVIEWED or not report:
        return {}
    counts = report["counts"]
    if show not in STATUSES:
        show = "rejected" if counts["rejected"] and show is None else "create"
    rows = report["rows"][show]
    return {
        "report": report,
        "show": show,
        "rows": rows,
        "hidden": max(counts[show] - len(rows), 0),
    }


def confirm(
    *, actor: Actor, kind: str, pk: int, skip_invalid: bool, job: Job | None = None
) -> dict:
    """Apply an upload exactly once; a second confirmation raises ImportAlreadyFinished.

    The file is read and its rows checked first, outside any transaction (the longest part of a
    large import). Then, in one transaction under the upload's lock, the rows are matched
    against the database as it is at this moment (as its uploader sees it) and written: all of
    them, or nothing. With ``job``, the writing reports "已导入 n / N 行" where other connections
    see it at once (``progress.LiveProgress``)."""
    importer = importer_of(kind)
    stored = model_of(kind).objects.get(pk=pk)
    _refuse_finished(stored)
    require(
        actor,
        importer.permission,
        importer.permission_object(**importer.context(stored, lock=False)),
    )
    if job is not None:
        job.progress(0, _rows(stored), _("正在读取并校验文件"))
    checked = _read(importer, stored)
    live = LiveProgress(job) if job is not None else None
    try:
        with transaction.atomic():
            return _write(importer, kind, pk, actor, checked, skip_invalid, live)
    finally:
        if live is not None:
            live.close()


def _rows(stored: StoredUpload) -> int:
    return sum(stored.report.get("counts", {}).values())


def _refuse_finished(stored: StoredUpload) -> None:
    if stored.status != StoredUpload.Status.PREVIEWED:
        raise ImportAlreadyFinished(
            _("此文件已处理过（%(status)s），没有重复导入")
            % {"status": stored.get_status_display()}
        )


def _read(importer, stored: StoredUpload):
    """The file's rows, checked on their own; ``None`` when the file went meanwhile (another
    confirmation finished it: the lock says so next)."""
    context = importer.context(stored, lock=False)
    try:
        with stored.file.open("rb") as handle:
            return importer.read(handle, Actor(user=stored.uploaded_by), **context)
    except SpreadsheetRefused as exc:
        raise ImportRefused(str(exc)) from exc
    except (FileNotFoundError, ValueError):
        return None


def _write(importer, kind, pk, actor, checked, skip_invalid, live) -> dict:
    locked = model_of(kind).objects.select_for_update().get(pk=pk)
    _refuse_finished(locked)
    context = importer.context(locked, lock=True)
    require(actor, importer.permission, importer.permission_object(**context))
    uploader = Actor(user=locked.uploaded_by)
    if live is not None:
        live(0, 0, _("正在核对数据库中的现有记录"))
    try:
        if checked is None:
            with locked.file.open("rb") as handle:
                checked = importer.read(handle, uploader, **context)
        plan = importer.plan(checked, uploader, **context)
        progress = None
        if live is not None:

            def progress(done: int, total: int) -> None:
                live(
                    done,
                    total,
                    _("已导入 %(done)d / %(total)d 行") % {"done": done, "total": total},
                )

        result = importer.apply(
            plan,
            actor,
            skip_invalid=skip_invalid,
            note=locked.original_name,
            progress=progress,
            **context,
        )
    except (SpreadsheetRefused, *importer.refusals) as exc:
        raise ImportRefused(str(exc)) from exc
    record(
        actor=actor,
        verb=Verb.IMPORT,
        target=locked,
        scope_code=importer.audit_scope(locked),
        changes=result,
        note=locked.original_name,
    )
    # The skipped rows and their reasons stay with the upload, to be mended and sent again.
    result["rejected"] = shorten([importer.rejected_row(outcome) for outcome in plan.rejected])
    locked.status = StoredUpload.Status.COMMITTED
    locked.result = result
    locked.finished_at = timezone.now()
    locked.save(update_fields=["status", "result", "finished_at"])
    _forget_file_on_commit(locked)
    return result


def is_large(stored: StoredUpload) -> bool:
    """Confirmed by a job rather than in the request: more rows than ``IMPORT_QUEUE_ROWS``."""
    return _rows(stored) > settings.IMPORT_QUEUE_ROWS


def confirm_job(*, kind: str, pk: int) -> Job | None:
    """The latest job asked to confirm this upload."""
    return Job.objects.filter(kind="imports.confirm", payload__kind=kind, payload__pk=pk).first()


def confirm_later(*, actor: Actor, kind: str, pk: int, skip_invalid: bool) -> Job:
    """Ask the queue to ``confirm``; while a job for this upload is unfinished, that job."""
    stored = model_of(kind).objects.get(pk=pk)
    importer = importer_of(kind)
    require(
        actor,
        importer.permission,
        importer.permission_object(**importer.context(stored, lock=False)),
    )
    waiting = confirm_job(kind=kind, pk=pk)
    if waiting is not None and not waiting.finished:
        return waiting
    return enqueue(
        actor=actor,
        kind="imports.confirm",
        payload={
            "kind": kind,
            "pk": pk,
            "skip_invalid": skip_invalid,
            "source": actor.source,
            "ip_address": actor.ip_address,
        },
        scope_code=importer.audit_scope(stored),
    )


@transaction.atomic
def discard(*, actor: Actor, kind: str, pk: int) -> None:
    locked = model_of(kind).objects.select_for_update().get(pk=pk)
    if locked.status != StoredUpload.Status.PREVIEWED:
        return
    locked.status = StoredUpload.Status.DISCARDED
    locked.finished_at = timezone.now()
    locked.save(update_fields=["status", "finished_at"])
    record(
        actor=actor,
        verb=Verb.DISCARD,
        target=locked,
        scope_code=importer_of(kind).audit_scope(locked),
        note=locked.original_name,
    )
    _forget_file_on_commit(locked)


def purge(*, older_than: dt.timedelta) -> dict[str, int]:
    """Discard the uploads of every import left waiting for confirmation longer than
    ``older_than``; returns how many per kind."""
    cutoff = timezone.now() - older_than
    counts = {}
    for kind in kinds():
        stale = model_of(kind).objects.filter(
            status=StoredUpload.Status.PREVIEWED, uploaded_at__lt=cutoff
        )
        pks = list(stale.values_list("pk", flat=True))
        for pk in pks:
            discard(actor=Actor.system(), kind=kind, pk=pk)
        counts[kind] = len(pks)
    return counts


def purge_abandoned(*, older_than: dt.timedelta) -> dict:
    """The daily purge (the command and the scheduled job): uploads never confirmed discarded,
    then whatever an interrupted upload left with no row naming it. Running it twice is
    harmless: it only removes what is already abandoned."""
    counts = purge(older_than=older_than)
    return {"discarded": counts, "orphans": len(purge_orphan_files())}


def _forget_file_on_commit(stored: StoredUpload) -> None:
    """Once imported or discarded, only the counts are kept; the file goes after the commit."""
    name = stored.file.name
    storage = stored.file.storage
    type(stored).objects.filter(pk=stored.pk).update(file="")
    if name:
        transaction.on_commit(lambda: storage.delete(name))
