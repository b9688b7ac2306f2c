"""The first review: a district officer's list, the stamp (approve, return, reject), the
ranking of the approved candidates and the batch sent to the city; the city's overview."""

from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from touyan.selection.models import Application
from touyan.selection.selectors import batch_overview, district_applications
from touyan.selection.services import district

from ..context import actor_of
from ..pagination import Pages, Presented
from ..schemas.common import READ_ERRORS
from ..schemas.selection import (
    ApplicationDetail,
    ApplicationId,
    BatchOut,
    BatchRowOut,
    CallId,
    DistrictCode,
    DistrictRowOut,
    RankedOut,
    RankingIn,
    ReviewDecisionIn,
)
from . import selection_present as present
from .selection import CHANGE_ERRORS
from .selection_access import (
    application_of,
    call_of,
    district_of,
    managed_call_of,
    refusals,
    require_perm,
)

router = Router(tags=["遴选：区县审核与报送"])


class DistrictFilters(Schema):
    status: (
        Literal["submitted", "returned", "rejected", "endorsed", "selected", "not_selected"] | None
    ) = Field(None, description="只看这一状态的申报")


@router.get(
    "/calls/{call_id}/districts/{code}/applications",
    response={200: list[DistrictRowOut], **READ_ERRORS},
    summary="本区县的申报（不含草稿），按推荐排序、提交时间排列（分页）",
)
@paginate(Pages)
def list_district_applications(
    request, filters: Query[DistrictFilters], call_id: int = CallId, code: str = DistrictCode
):
    call = call_of(request, call_id)
    district_of(request, call, code)
    rows = district_applications(request.auth, call, code).select_related(
        "call", "principal__school__region"
    )
    if filters.status:
        rows = rows.filter(status=filters.status)
    return Presented(rows, present.district_row)


@router.post(
    "/applications/{application_id}/review",
    response={200: ApplicationDetail, **CHANGE_ERRORS},
    summary="审核一份申报：通过（盖章，记下审核人、时间和单位）、退回修改或不通过",
)
def review_application(request, payload: ReviewDecisionIn, application_id: int = ApplicationId):
    application = application_of(request, application_id)
    require_perm(
        request.auth,
        "selection.review_application",
        application,
        _("您无权审核这份申报"),
    )
    with refusals():
        district.review_application(
            actor=actor_of(request),
            application=application,
            decision=payload.decision,
            note=payload.note,
        )
    return present.application_detail(request.auth, application_of(request, application_id))


@router.put(
    "/calls/{call_id}/districts/{code}/ranking",
    response={200: list[RankedOut], **CHANGE_ERRORS},
    summary="为本区县审核通过的全部人选排序（列出每一位，从前到后）",
)
def rank_district(request, payload: RankingIn, call_id: int = CallId, code: str = DistrictCode):
    call = call_of(request, call_id)
    region = district_of(request, call, code)
    with refusals():
        district.rank_candidates(
            actor=actor_of(request), call=call, district=region, order=payload.order
        )
    ranked = (
        Application.objects.filter(pk__in=payload.order)
        .select_related("principal")
        .order_by("district_rank")
    )
    return [
        {
            "district_rank": application.district_rank,
            "id": application.pk,
            "number": application.number,
            "name": application.principal.name,
        }
        for application in ranked
    ]


@router.post(
    "/calls/{call_id}/districts/{code}/submit",
    response={200: BatchOut, **CHANGE_ERRORS},
    summary="向市教育局报送本区县排好序的人选（只能报送一次）",
)
def submit_district_batch(request, call_id: int = CallId, code: str = DistrictCode):
    call = call_of(request, call_id)
    region = district_of(request, call, code)
    with refusals():
        batch = district.submit_batch(actor=actor_of(request), call=call, district=region)
    return present.batch_out(batch)


@router.get(
    "/calls/{call_id}/batches",
    response={200: list[BatchRowOut], **READ_ERRORS},
    summary="各区县的审核与报送情况（组织遴选的单位；分页）",
)
@paginate(Pages)
def list_batches(request, call_id: int = CallId):
    call = managed_call_of(
        request, call_id, "selection.manage_call", _("您无权查看各区县的报送情况")
    )
    return [present.batch_row(row) for row in batch_overview(call)]
