"""A run's allocation list as a download, .xlsx or PDF: made and audited in one transaction,
for whoever may see the run (the centre deciding the call)."""

from __future__ import annotations

from typing import IO

from django.db import transaction
from django.utils.translation import gettext as _

from touyan.audit.services import record_export
from touyan.core.actors import Actor
from touyan.core.documents.listing import render_listing
from touyan.core.documents.listing_sheet import write_listing_workbook
from touyan.core.steps import require

from .documents import document_language, run_listing
from .models import Run

PERMISSION = "selection.decide"


def _what(run: Run, kind: str) -> str:
    return _("分配方案 #%(n)d 成员名单（%(kind)s）") % {"n": run.number, "kind": kind}


@transaction.atomic
def export_run_sheet(*, actor: Actor, run: Run, out: IO[bytes]) -> int:
    """The list as .xlsx written to ``out``; the number of people on it."""
    require(actor, PERMISSION, run.call)
    listing, count = run_listing(run)
    write_listing_workbook(out, listing)
    record_export(
        actor=actor,
        what=_what(run, "xlsx"),
        count=count,
        unit=_("人"),
        target=run,
        scope_code=run.call.programme.jurisdiction_id,
    )
    return count


@transaction.atomic
def export_run_pdf(*, actor: Actor, run: Run) -> bytes:
    """The list as a printable PDF."""
    require(actor, PERMISSION, run.call)
    listing, count = run_listing(run)
    with document_language():
        pdf = render_listing(listing)
    record_export(
        actor=actor,
        what=_what(run, "PDF"),
        count=count,
        unit=_("人"),
        target=run,
        scope_code=run.call.programme.jurisdiction_id,
    )
    return pdf
