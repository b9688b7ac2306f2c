"""Expert scoring, and the office's competitive decision on the forwarded candidates."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router
from ninja.pagination import paginate

from touyan.selection.selectors import forwarded, ranking, reviews_of
from touyan.selection.services import decisions, reviews

from ..context import actor_of
from ..pagination import Pages, Presented
from ..schemas.common import READ_ERRORS
from ..schemas.selection import (
    ApplicationDetail,
    ApplicationId,
    CallId,
    DecisionIn,
    RankingRowOut,
    ReviewDetail,
    ReviewId,
    ReviewIn,
    ReviewRowOut,
)
from . import selection_present as present
from .selection import CHANGE_ERRORS
from .selection_access import (
    application_of,
    managed_call_of,
    refusals,
    require_perm,
    review_of,
)

router = Router(tags=["遴选：专家评审与审定"])


class Ranked(Presented):
    """Each row with its place in the whole ranking, not only in its page."""

    def __getitem__(self, page: slice) -> list:
        start = page.start or 0
        return [
            self.present(start + index, item)
            for index, item in enumerate(self.queryset[page], start=1)
        ]


@router.get(
    "/reviews",
    response={200: list[ReviewRowOut], **READ_ERRORS},
    summary="分配给我的评审任务，未提交的在前（分页）",
)
@paginate(Pages)
def list_my_reviews(request):
    return Presented(reviews_of(request.auth), present.review_row)


@router.get(
    "/reviews/{review_id}",
    response={200: ReviewDetail, **READ_ERRORS},
    summary="一项评审任务：评分细则、我的评分，以及所评审的申报",
)
def get_review(request, review_id: int = ReviewId):
    return present.review_detail(request.auth, review_of(request, review_id))


@router.post(
    "/reviews/{review_id}",
    response={200: ReviewDetail, **CHANGE_ERRORS},
    summary="提交评分：每个评分项的得分、评审意见、是否建议入选（只能提交一次）",
)
def submit_review(request, payload: ReviewIn, review_id: int = ReviewId):
    review = review_of(request, review_id)
    with refusals():
        reviews.submit_review(
            actor=actor_of(request),
            review=review,
            scores=payload.scores,
            comment=payload.comment,
            recommend=payload.recommend,
        )
    return present.review_detail(request.auth, review_of(request, review_id))


@router.get(
    "/calls/{call_id}/ranking",
    response={200: list[RankingRowOut], **READ_ERRORS},
    summary="差额审定：报送到市里的人选按专家平均分排名（组织遴选的单位；分页）",
)
@paginate(Pages)
def get_ranking(request, call_id: int = CallId):
    call = managed_call_of(request, call_id, "selection.decide", _("您无权查看这次遴选的排名"))
    rows = ranking(call).select_related("call", "principal__school__region")
    return Ranked(rows, present.ranking_row)


@router.post(
    "/applications/{application_id}/decision",
    response={200: ApplicationDetail, **CHANGE_ERRORS},
    summary="审定一名人选：拟入选或不入选，写明理由（不超过名额）",
)
def decide_application(request, payload: DecisionIn, application_id: int = ApplicationId):
    application = application_of(request, application_id)
    require_perm(request.auth, "selection.decide", application.call, _("您无权审定这份申报"))
    if not forwarded(application.call).filter(pk=application.pk).exists():
        raise ValidationError(_("这份申报没有审核通过并报送，不在审定名单中"))
    with refusals():
        decisions.decide(
            actor=actor_of(request),
            application=application,
            selected=payload.selected,
            reason=payload.reason,
        )
    return present.application_detail(request.auth, application_of(request, application_id))
