"""Selection's background jobs: the district's forms as one PDF."""

from __future__ import annotations

from django.utils.translation import gettext as _

from touyan.core.actors import Actor
from touyan.core.personal_data import for_export
from touyan.jobs.files import keep_file
from touyan.jobs.kinds import job
from touyan.regions.models import Region

from .models import Call
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
