"""Deliverables: plans, logs, reports and papers, with their counted length."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from touyan.programmes.policy import spec_of
from touyan.records import services
from touyan.records.models import Deliverable
from touyan.records.selectors import deliverables_visible_to

from ..context import actor_of, programme_of
from ..pagination import Pages, Presented
from ..permissions import owner_named, refusals
from ..schemas.common import PROGRAMME_SLUG, READ_ERRORS, WRITE_ERRORS
from ..schemas.deliverables import DeliverableFilters, DeliverableIn, DeliverableOut

router = Router(tags=["成果"])


def deliverable_out(deliverable: Deliverable, spec) -> dict:
    kind = spec.deliverable_kind(deliverable.kind)
    studio, author = deliverable.studio, deliverable.principal
    return {
        "id": deliverable.pk,
        "kind": deliverable.kind,
        "kind_name": kind.name if kind else "",
        "title": deliverable.title,
        "studio": {"id": studio.pk, "name": studio.name} if studio else None,
        "author": {"principal_id": author.pk, "name": author.name} if author else None,
        "submitted_on": deliverable.submitted_on,
        "char_count": deliverable.char_count,
        "count_status": count_status(deliverable),
        "has_file": bool(deliverable.file),
        "created_at": deliverable.created_at,
    }


def count_status(deliverable: Deliverable) -> str:
    if deliverable.count_pending:
        return "pending"
    return "verified" if deliverable.count_verified_at else "counted"


@router.get(
    "/programmes/{slug}/deliverables",
    response={200: list[DeliverableOut], **READ_ERRORS},
    summary="项目中我可见的成果（不含正文；分页）",
)
@paginate(Pages)
def list_deliverables(request, filters: Query[DeliverableFilters], slug: str = PROGRAMME_SLUG):
    programme = programme_of(request, slug)
    deliverables = deliverables_visible_to(request.auth, programme)
    if filters.kind:
        deliverables = deliverables.filter(kind=filters.kind)
    if filters.studio is not None:
        deliverables = deliverables.filter(studio_id=filters.studio)
    if filters.principal is not None:
        deliverables = deliverables.filter(principal_id=filters.principal)
    spec = spec_of(programme)
    return Presented(deliverables.defer("body"), lambda item: deliverable_out(item, spec))


@router.post(
    "/programmes/{slug}/deliverables",
    response={201: DeliverableOut, **WRITE_ERRORS},
    summary="提交一份成果（正文为 JSON 字符串；返回统计的字数）",
)
def submit_deliverable(request, payload: DeliverableIn, slug: str = PROGRAMME_SLUG):
    programme = programme_of(request, slug)
    if "submitted_on" in payload.model_fields_set:
        raise ValidationError({"submitted_on": _("提交日期由服务器记录，不能填写")})
    owner = owner_named(programme, payload.studio_id, payload.principal_id)
    with refusals():
        deliverable = services.submit_deliverable(
            actor=actor_of(request),
            programme=programme,
            kind=payload.kind,
            title=payload.title,
            studio=owner.studio,
            principal=owner.principal,
            body=payload.body,
        )
    return Status(201, deliverable_out(deliverable, spec_of(programme)))
