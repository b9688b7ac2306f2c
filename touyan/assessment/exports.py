"""A round's results as .xlsx and a case's assessment report as PDF: each made and audited in
one transaction, for whoever may have it (the centre and the authority: every round of their
programmes; a host, member or trainee: their own report once the round is published)."""

from __future__ import annotations

from typing import IO

from django.db import transaction
from django.utils.translation import gettext as _

from touyan.audit.services import record_export
from touyan.core.actors import Actor
from touyan.core.documents.listing import render_listing
from touyan.core.documents.listing_sheet import write_listing_workbook
from touyan.core.steps import require

from .documents import case_report, document_language, round_listing, subject_columns
from .models import Case, Round


@transaction.atomic
def export_round_sheet(*, actor: Actor, round_: Round, out: IO[bytes]) -> int:
    """The round's results written to ``out``; the number of cases listed."""
    require(actor, "assessment.export_round", round_)
    listing, count = round_listing(round_)
    write_listing_workbook(out, listing)
    record_export(
        actor=actor,
        what=_("%(round)s 考核结果（xlsx）") % {"round": round_.name},
        count=count,
        unit=_("条"),
        target=round_,
        scope_code=round_.programme.jurisdiction_id,
    )
    return count


@transaction.atomic
def export_case_report(*, actor: Actor, case: Case) -> bytes:
    """The case's assessment report as a printable PDF."""
    require(actor, "assessment.download_case_report", case)
    listing = case_report(case)
    with document_language():
        pdf = render_listing(listing)
    record_export(
        actor=actor,
        what=_("%(subject)s %(round)s 考核报告（PDF）")
        % {"subject": subject_columns(case)[0], "round": case.round.name},
        count=1,
        unit=_("份"),
        target=case,
        scope_code=case.round.programme.jurisdiction_id,
    )
    return pdf
