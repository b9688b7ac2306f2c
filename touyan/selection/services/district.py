"""The first review: the district approves (the digital stamp), returns or rejects; ranks its
approved candidates; and sends the batch to the city. Calls without a district stage have this
review done by the centre, and nothing is batched."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor
from touyan.core.steps import display_name, require
from touyan.regions.models import Region

from ..models import Application, Call, DistrictBatch
from ..offices import office_name
from ..states import APPLICATION, BATCH, CALL
from .common import tell

DECISIONS = {"endorse", "return", "reject"}


def batch_for(call: Call, district: Region | str) -> DistrictBatch:
    code = district if isinstance(district, str) else district.code
    batch, _created = DistrictBatch.objects.get_or_create(call=call, district_id=code)
    return batch


def _lock_batch(call: Call, district_code: str) -> DistrictBatch:
    return BATCH.lock(batch_for(call, district_code))


@transaction.atomic
def review_application(
    *, actor: Actor, application: Application, decision: str, note: str = ""
) -> Application:
    if decision not in DECISIONS:
        raise ValidationError(_("审核结论不正确"))
    note = note.strip()
    if decision in ("return", "reject") and not note:
        raise ValidationError({"note": _("退回或不通过须写明理由")})
    application = APPLICATION.lock(application)
    require(actor, "selection.review_application", application)
    call = application.call
    CALL.check(call, "first_review")
    if call.district_review:
        BATCH.check(_lock_batch(call, application.district_id), "work")
        office = office_name(application.district)
    else:
        office = office_name(call.programme.jurisdiction)
    application = APPLICATION.move(
        actor=actor,
        obj=application,
        action=decision,
        fields={
            "reviewed_by": actor.user,
            "reviewer_name": display_name(actor),
            "reviewed_at": timezone.now(),
            "review_office": office,
            "review_note": note or _official(gettext_noop("同意推荐")),
            "district_rank": None,
        },
        note=note,
    )
    _tell_applicant(application, decision, note)
    return application


def _official(text: str) -> str:
    """Words that go on the record (and on the forms sent up) in the official language."""
    with translation.override(settings.LANGUAGE_CODE):
        return _(text)


def _tell_applicant(application: Application, decision: str, note: str) -> None:
    titles = {
        "endorse": _("您的申报已通过%(office)s审核"),
        "return": _("您的申报被%(office)s退回修改"),
        "reject": _("您的申报未通过%(office)s审核"),
    }
    tell(
        [application.principal.user],
        titles[decision] % {"office": application.review_office},
        note,
        reverse("selection:application", args=[application.pk]),
    )


@transaction.atomic
def rank_candidates(
    *, actor: Actor, call: Call, district: Region, order: list[int]
) -> list[Application]:
    """Rank the district's approved candidates: ``order`` lists every one of them, best first."""
    call = Call.objects.select_related("programme").get(pk=call.pk)
    batch = _lock_batch(call, district.code)
    require(actor, "selection.submit_batch", batch)
    CALL.check(call, "first_review")
    BATCH.check(batch, "work")
    endorsed = {
        a.pk: a
        for a in Application.objects.select_for_update().filter(
            call=call, district=district, status=Application.Status.ENDORSED
        )
    }
    if len(order) != len(set(order)) or set(order) != set(endorsed):
        raise ValidationError(_("排序须包含本区县每一位审核通过的人选，且每人一次"))
    Application.objects.filter(pk__in=endorsed).update(district_rank=None)
    for rank, pk in enumerate(order, start=1):
        endorsed[pk].district_rank = rank
    Application.objects.bulk_update(endorsed.values(), ["district_rank"])
    record(
        actor=actor,
        verb=Verb.UPDATE,
        target=batch,
        scope_code=district.code,
        changes={"district_rank": [None, [endorsed[pk].number for pk in order]]},
    )
    return [endorsed[pk] for pk in order]


@transaction.atomic
def submit_batch(*, actor: Actor, call: Call, district: Region) -> DistrictBatch:
    """Send the district's ranked candidates to the city. Done once; a repeat is refused."""
    call = Call.objects.select_related("programme").get(pk=call.pk)
    batch = _lock_batch(call, district.code)
    require(actor, "selection.submit_batch", batch)
    CALL.check(call, "first_review")
    BATCH.check(batch, "submit")
    if call.district_deadline and timezone.now() > call.district_deadline:
        raise ValidationError(_("区县报送已截止"))
    mine = Application.objects.filter(call=call, district=district)
    pending = mine.filter(status=Application.Status.SUBMITTED).count()
    if pending:
        raise ValidationError(_("还有 %(count)d 份申报未审核，请审核后再报送") % {"count": pending})
    endorsed = mine.filter(status=Application.Status.ENDORSED)
    count = endorsed.count()
    if not count:
        raise ValidationError(_("没有审核通过的人选，无需报送"))
    if endorsed.filter(district_rank__isnull=True).exists():
        raise ValidationError(_("请先为全部审核通过的人选排序"))
    batch = BATCH.move(
        actor=actor,
        obj=batch,
        action="submit",
        fields={
            "submitted_at": timezone.now(),
            "submitted_by": actor.user,
            "submitter_name": display_name(actor),
            "office": office_name(district),
            "candidates": count,
        },
        note=_("报送 %(count)d 人") % {"count": count},
    )
    from ..selectors import call_managers

    tell(
        call_managers(call),
        _("%(office)s已报送 %(count)d 名人选") % {"office": batch.office, "count": count},
        "",
        reverse("selection:batches", args=[call.pk]),
    )
    return batch
