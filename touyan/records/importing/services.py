"""The web flow of a record import: upload (dry run), then confirm once, or discard."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor
from touyan.core.uploads import XLSX, atomic_with_files, save_file, shorten, stored_name
from touyan.programmes.models import Programme
from touyan.records.models import RecordImport

from .plan import RecordPlan
from .planning import plan_import
from .writing import apply_plan


class ImportAlreadyFinished(Exception):
    pass


def upload_records(
    *, actor: Actor, programme: Programme, uploaded_file
) -> tuple[RecordImport, RecordPlan]:
    """Keep the file and return its dry-run plan. Raises RecordFileError for unreadable files;
    the file is stored only with its row (nothing is left on disk when either fails)."""
    plan = plan_import(uploaded_file, programme=programme, user=actor.user)
    uploaded_file.seek(0)
    with atomic_with_files():
        record_import = RecordImport(
            programme=programme,
            original_name=uploaded_file.name[:255],
            uploaded_by=actor.user,
            report=plan.report(),
        )
        save_file(record_import.file, File(uploaded_file, name=stored_name(XLSX)))
        record_import.save()
    return record_import, plan


@transaction.atomic
def confirm_record_import(*, actor: Actor, record_import: RecordImport, skip_invalid: bool) -> dict:
    """Apply an uploaded workbook exactly once; a second confirmation raises
    ImportAlreadyFinished. The file is planned again here, against the record as it is now;
    imports into one programme wait for each other (a row lock on the programme), so that two
    of them cannot both create the same activity."""
    locked = RecordImport.objects.select_for_update().get(pk=record_import.pk)
    if locked.status != RecordImport.Status.PREVIEWED:
        raise ImportAlreadyFinished(
            _("此文件已处理过（%(status)s），没有重复导入")
            % {"status": locked.get_status_display()}
        )
    programme = (
        Programme.objects.select_for_update()
        .select_related("policy_version")
        .get(pk=locked.programme_id)
    )
    with locked.file.open("rb") as handle:
        plan = plan_import(handle, programme=programme, user=locked.uploaded_by)
    result = apply_plan(plan, actor=actor, skip_invalid=skip_invalid)
    record(
        actor=actor,
        verb=Verb.IMPORT,
        target=locked,
        scope_code=programme.jurisdiction_id,
        changes=result,
        note=locked.original_name,
    )
    # The skipped rows and their reasons stay with the upload, to be mended and sent again.
    result["rejected"] = shorten(
        [
            {"sheet": o.sheet, "row": o.row, "label": o.label, "messages": o.messages}
            for o in plan.rejected
        ]
    )
    locked.status = RecordImport.Status.COMMITTED
    locked.result = result
    locked.finished_at = timezone.now()
    locked.save(update_fields=["status", "result", "finished_at"])
    _forget_file_on_commit(locked)
    return result


@transaction.atomic
def discard_record_import(*, actor: Actor, record_import: RecordImport) -> None:
    locked = RecordImport.objects.select_for_update().get(pk=record_import.pk)
    if locked.status == RecordImport.Status.PREVIEWED:
        locked.status = RecordImport.Status.DISCARDED
        locked.finished_at = timezone.now()
        locked.save(update_fields=["status", "finished_at"])
        record(
            actor=actor,
            verb=Verb.DISCARD,
            target=locked,
            scope_code=locked.programme.jurisdiction_id,
            note=locked.original_name,
        )
        _forget_file_on_commit(locked)


def purge_stale_uploads(*, older_than: dt.timedelta) -> int:
    """Discard uploads left waiting for confirmation; returns how many were discarded."""
    cutoff = timezone.now() - older_than
    stale = RecordImport.objects.filter(
        status=RecordImport.Status.PREVIEWED, uploaded_at__lt=cutoff
    )
    count = 0
    for record_import in stale:
        discard_record_import(actor=Actor.system(), record_import=record_import)
        count += 1
    return count


def _forget_file_on_commit(record_import: RecordImport) -> None:
    """The sheets name people: once imported or discarded, only the counts are kept. The file
    goes only after the transaction commits."""
    name = record_import.file.name
    storage = record_import.file.storage
    RecordImport.objects.filter(pk=record_import.pk).update(file="")
    if name:
        transaction.on_commit(lambda: storage.delete(name))
