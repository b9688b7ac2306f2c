"""The district's documents as downloads: each made and audited in one transaction (the
export, and the full numbers when they left)."""

from __future__ import annotations

from typing import IO

from django.db import transaction
from django.utils.translation import gettext as _

from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core import personal_data
from touyan.core.actors import Actor
from touyan.core.personal_data import Disclosure
from touyan.core.steps import require
from touyan.regions.models import Region

from ..documents import build
from ..models import Application, Call, DistrictBatch


def _audit(*, actor: Actor, disclosure: Disclosure, what: str, target, scope_code: str, note: str):
    personal_data.record_export(
        actor=actor, disclosure=disclosure, what=what, scope_code=scope_code
    )
    record(actor=actor, verb=Verb.EXPORT, target=target, scope_code=scope_code, note=note)


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
    _audit(
        actor=actor,
        disclosure=disclosure,
        what=_("%(district)s推荐人选汇总表") % {"district": district.name},
        target=call,
        scope_code=district.code,
        note=_("导出%(district)s推荐人选汇总表，%(count)d 人")
        % {"district": district.name, "count": count},
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
    _audit(
        actor=actor,
        disclosure=disclosure,
        what=_("%(district)s推荐表") % {"district": district.name},
        target=call,
        scope_code=district.code,
        note=_("导出%(district)s推荐表，%(count)d 份")
        % {"district": district.name, "count": len(forms)},
    )
    return pdf


@transaction.atomic
def export_application_form(
    *, actor: Actor, application: Application, disclosure: Disclosure
) -> bytes:
    """One candidate's 推荐表 as a PDF."""
    require(actor, "selection.download_form", application)
    pdf = build.forms_pdf([build.application_form(application, disclosure=disclosure)])
    _audit(
        actor=actor,
        disclosure=disclosure,
        what=_("推荐表 %(number)s") % {"number": application.number},
        target=application,
        scope_code=application.district_id,
        note=_("导出推荐表"),
    )
    return pdf
