"""The district's documents and the call's lists as downloads: each made and audited in one
transaction (the export, and the full numbers when they left)."""

from __future__ import annotations

from typing import IO

from django.db import transaction
from django.utils.translation import gettext as _

from touyan.audit.services import record_export
from touyan.core.actors import Actor
from touyan.core.documents.listing import render_listing
from touyan.core.documents.listing_sheet import write_listing_workbook
from touyan.core.personal_data import Disclosure
from touyan.core.steps import require
from touyan.jobs.models import Job
from touyan.jobs.services import enqueue
from touyan.regions.models import Region

from ..documents import build
from ..documents.lists import call_listing, list_title
from ..models import Application, Call, DistrictBatch


def _batch(call: Call, district: Region) -> DistrictBatch:
    """The district's batch, or an unsaved one to ask the permission of: a download writes
    nothing but its audit."""
    found = DistrictBatch.objects.filter(call=call, district=district).first()
    return found or DistrictBatch(call=call, district=district)


@transaction.atomic
def export_district_summary(
    *, actor: Actor, call: Call, district: Region, disclosure: Disclosure, out: IO[bytes]
) -> int:
    """The district's 汇总表 written to ``out``; the number of candidates in it."""
    require(actor, "selection.download_batch", _batch(call, district))
    count = build.write_district_summary(out, call=call, district=district, disclosure=disclosure)
    record_export(
        actor=actor,
        what=_("%(district)s推荐人选汇总表") % {"district": district.name},
        count=count,
        unit=_("人"),
        disclosure=disclosure,
        target=call,
        scope_code=district.code,
    )
    return count


@transaction.atomic
def export_district_forms(
    *, actor: Actor, call: Call, district: Region, disclosure: Disclosure
) -> bytes | None:
    """The 推荐表 of the district's approved candidates as one PDF, or None when it has none."""
    require(actor, "selection.download_batch", _batch(call, district))
    forms = build.district_forms(call, district, disclosure=disclosure)
    if not forms:
        return None
    pdf = build.forms_pdf(forms)
    record_export(
        actor=actor,
        what=_("%(district)s推荐表") % {"district": district.name},
        count=len(forms),
        unit=_("份"),
        disclosure=disclosure,
        target=call,
        scope_code=district.code,
    )
    return pdf


@transaction.atomic
def prepare_district_forms(
    *, actor: Actor, call: Call, district: Region, disclosure: Disclosure
) -> Job:
    """Ask for the district's forms as one PDF, made by the task queue (a district's forms run
    to hundreds of pages); the job's file is the requester's to download. The export is
    audited when the job makes it (``export_district_forms``)."""
    require(actor, "selection.download_batch", _batch(call, district))
    return enqueue(
        actor=actor,
        kind="selection.district_forms",
        payload={
            "call": call.pk,
            "district": district.code,
            "full": disclosure.full,
            "source": actor.source,
            "ip_address": actor.ip_address,
        },
        scope_code=district.code,
    )


def latest_district_forms(*, user, call: Call, district: Region) -> Job | None:
    """The last forms PDF the user asked for of this district."""
    return (
        Job.objects.filter(
            kind="selection.district_forms",
            requested_by=user,
            payload__call=call.pk,
            payload__district=district.code,
        )
        .order_by("-created_at", "-pk")
        .first()
    )


@transaction.atomic
def export_application_form(
    *, actor: Actor, application: Application, disclosure: Disclosure
) -> bytes:
    """One candidate's 推荐表 as a PDF."""
    require(actor, "selection.download_form", application)
    pdf = build.forms_pdf([build.application_form(application, disclosure=disclosure)])
    record_export(
        actor=actor,
        what=_("推荐表 %(number)s") % {"number": application.number},
        count=1,
        unit=_("份"),
        disclosure=disclosure,
        target=application,
        scope_code=application.district_id,
    )
    return pdf


def _record_list(actor: Actor, call: Call, which: str, kind: str, count: int, disclosure) -> None:
    record_export(
        actor=actor,
        what=_("%(list)s（%(kind)s）") % {"list": list_title(call, which), "kind": kind},
        count=count,
        unit=_("人"),
        disclosure=disclosure,
        target=call,
        scope_code=call.programme.jurisdiction_id,
    )


@transaction.atomic
def export_call_list_sheet(
    *, actor: Actor, call: Call, which: str, disclosure: Disclosure, out: IO[bytes]
) -> int:
    """The decided (``"decided"``) or final (``"final"``) list as .xlsx written to ``out``; the
    number of people on it."""
    require(actor, "selection.manage_call", call)
    listing, count = call_listing(call, which, disclosure=disclosure)
    write_listing_workbook(out, listing)
    _record_list(actor, call, which, "xlsx", count, disclosure)
    return count


@transaction.atomic
def export_call_list_pdf(*, actor: Actor, call: Call, which: str, disclosure: Disclosure) -> bytes:
    """The decided or final list as a printable PDF."""
    require(actor, "selection.manage_call", call)
    listing, count = call_listing(call, which, disclosure=disclosure)
    with build.document_language():
        pdf = render_listing(listing)
    _record_list(actor, call, which, "PDF", count, disclosure)
    return pdf
