"""Selection's background work: the district's forms as one PDF, and its retention rule (who
lodged an objection is kept only while it is being handled)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Length
from django.utils.translation import gettext as _

from touyan.core import registry, retention
from touyan.core.actors import Actor
from touyan.core.personal_data import for_export
from touyan.jobs.files import keep_file
from touyan.jobs.kinds import job
from touyan.regions.models import Region

from .models import Call, Objection
from .services.exports import export_district_forms


@job("selection.district_forms")
def district_forms(
    job, call: int, district: str, full: bool, source: str, ip_address: str | None
) -> dict:
    actor = Actor(user=job.requested_by, source=source, ip_address=ip_address)
    call_row = Call.objects.get(pk=call)
    region = Region.objects.get(code=district)
    job.progress(0, 1, _("正在生成推荐表"))
    pdf = export_district_forms(
        actor=actor,
        call=call_row,
        district=region,
        disclosure=for_export(viewer=job.requested_by, full=full),
    )
    if pdf is None:
        return {"message": _("本区县还没有审核通过的人选，没有推荐表可下载")}
    name = _("推荐表-%(call)d-%(district)s.pdf") % {"call": call, "district": region.name}
    return keep_file(job, pdf, name=name, content_type="application/pdf")


def forget_objectors(now):
    """An objector's name and contact are blanked once their notice was finalised longer ago
    than the period; what they objected to, and how it was decided, stay."""
    before = retention.cutoff("objectors", now)
    with transaction.atomic():
        # The fields are encrypted (no lookups): whether one still holds something is read
        # from the stored value's length.
        still_named = (
            Objection.objects.filter(notice__finalised_at__lt=before)
            .annotate(name_length=Length("name"), contact_length=Length("contact"))
            .filter(Q(name_length__gt=0) | Q(contact_length__gt=0))
            .values_list("pk", flat=True)
        )
        count = Objection.objects.filter(pk__in=list(still_named)).update(name="", contact="")
        return [retention.purged("objectors", count, before=before)]


registry.RETENTION.add(forget_objectors, weight=60)
