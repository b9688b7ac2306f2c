"""The web flow of a roster import: upload (dry run), then confirm once."""

import datetime as dt

from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.accounts.scopes import scope_of
from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor
from touyan.core.uploads import XLSX, atomic_with_files, save_file, shorten, stored_name
from touyan.people.models import RosterImport

from .importer import RosterPlan, apply_plan, plan_import


class ImportAlreadyFinished(Exception):
    pass


def upload_roster(*, actor: Actor, uploaded_file) -> tuple[RosterImport, RosterPlan]:
    """Keep the file and return its dry-run plan. Raises RosterFileError for unreadable files;
    the file is stored only with its row (nothing is left on disk when either fails)."""
    plan = plan_import(uploaded_file, scope=scope_of(actor.user))
    uploaded_file.seek(0)
    with atomic_with_files():
        roster_import = RosterImport(
            original_name=uploaded_file.name[:255],
            uploaded_by=actor.user,
            report=plan.report(),
        )
        save_file(roster_import.file, File(uploaded_file, name=stored_name(XLSX)))
        roster_import.save()
    return roster_import, plan


def _replan(roster_import: RosterImport) -> RosterPlan:
    with roster_import.file.open("rb") as handle:
        return plan_import(handle, scope=scope_of(roster_import.uploaded_by))


@transaction.atomic
def confirm_roster_import(*, actor: Actor, roster_import: RosterImport, skip_invalid: bool) -> dict:
    """Apply an uploaded roster exactly once; a second confirmation raises ImportAlreadyFinished.

    The file is planned again here, so that what is written matches the registry as it is now.
    """
    locked = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
    if locked.status != RosterImport.Status.PREVIEWED:
        raise ImportAlreadyFinished(
            _("此文件已处理过（%(status)s），没有重复导入")
            % {"status": locked.get_status_display()}
        )
    plan = _replan(locked)
    result = apply_plan(plan, actor=actor, skip_invalid=skip_invalid, note=locked.original_name)
    record(actor=actor, verb=Verb.IMPORT, target=locked, changes=result, note=locked.original_name)
    # The skipped rows and their reasons stay with the upload, so they can be mended and sent again.
    result["rejected"] = shorten(
        [
            {"row": o.row, "name": o.name, "id_masked": o.id_masked, "messages": o.messages}
            for o in plan.rejected
        ]
    )
    locked.status = RosterImport.Status.COMMITTED
    locked.result = result
    locked.finished_at = timezone.now()
    locked.save(update_fields=["status", "result", "finished_at"])
    _forget_file_on_commit(locked)
    return result


@transaction.atomic
def discard_roster_import(*, actor: Actor, roster_import: RosterImport) -> None:
    locked = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
    if locked.status == RosterImport.Status.PREVIEWED:
        locked.status = RosterImport.Status.DISCARDED
        locked.finished_at = timezone.now()
        locked.save(update_fields=["status", "finished_at"])
        record(actor=actor, verb=Verb.DISCARD, target=locked, note=locked.original_name)
        _forget_file_on_commit(locked)


def purge_stale_uploads(*, older_than: dt.timedelta) -> int:
    """Discard uploads left waiting for confirmation; returns how many were discarded."""
    cutoff = timezone.now() - older_than
    stale = RosterImport.objects.filter(
        status=RosterImport.Status.PREVIEWED, uploaded_at__lt=cutoff
    )
    count = 0
    for roster_import in stale:
        discard_roster_import(actor=Actor.system(), roster_import=roster_import)
        count += 1
    return count


def _forget_file_on_commit(roster_import: RosterImport) -> None:
    """The sheet holds ID numbers in clear: once it has been imported or discarded, only the
    counts are kept. The file goes only after the transaction commits."""
    name = roster_import.file.name
    storage = roster_import.file.storage
    RosterImport.objects.filter(pk=roster_import.pk).update(file="")
    transaction.on_commit(lambda: storage.delete(name))
