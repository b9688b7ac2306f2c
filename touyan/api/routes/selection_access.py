"""Finding a call, an application, a district or a review for the caller, and turning the
selection services' refusals into answers: the same selectors and rules as the pages, anything
out of reach a 404, a step already taken a 409."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from ninja.errors import HttpError

from touyan.core.transitions import AlreadyDone
from touyan.regions.models import Region
from touyan.selection import selectors
from touyan.selection.models import Application, Call, Review
from touyan.selection.rules import follows_district, is_applicant, manages_call

from ..context import NotFound


@contextmanager
def refusals() -> Iterator[None]:
    try:
        yield
    except AlreadyDone as done:
        raise HttpError(409, " ".join(done.messages)) from None
    except PermissionDenied:
        raise NotFound(_("您无权进行这一操作")) from None


def calls_for(user) -> QuerySet[Call]:
    """The calls a signed-in user may read: every published call, and the drafts they manage."""
    visible = Q(pk__in=selectors.calls_visible_to(user).values("pk")) | ~Q(stage=Call.Stage.DRAFT)
    return Call.objects.filter(visible).select_related("programme", "cohort")


def call_of(request, call_id: int) -> Call:
    call = calls_for(request.auth).filter(pk=call_id).first()
    if call is None:
        raise NotFound(_("没有找到遴选通知 %(id)s，或您无权查看") % {"id": call_id})
    return call


def managed_call_of(request, call_id: int, permission: str, refusal: str) -> Call:
    call = call_of(request, call_id)
    if not request.auth.has_perm(permission, call):
        raise NotFound(refusal)
    return call


def application_of(request, application_id: int) -> Application:
    application = (
        selectors.applications_visible_to(request.auth)
        .select_related("principal__school__region", "principal__user", "district")
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        raise NotFound(_("没有找到申报 %(id)s，或您无权查看") % {"id": application_id})
    return application


def require_perm(user, permission: str, obj, refusal: str) -> None:
    if not user.has_perm(permission, obj):
        raise NotFound(refusal)


def district_of(request, call: Call, code: str) -> Region:
    """A district the caller reviews for, in a call that has a district stage."""
    if not call.district_review:
        raise NotFound(_("这次遴选没有区县审核环节"))
    region = Region.objects.filter(code=code).first()
    if region is None or not follows_district(request.auth, code):
        raise NotFound(_("您不负责地区 %(code)s 的审核") % {"code": code})
    return region


def review_of(request, review_id: int) -> Review:
    review = (
        selectors.reviews_of(request.auth)
        .select_related("application__call__programme")
        .filter(pk=review_id)
        .first()
    )
    if review is None:
        raise NotFound(_("没有找到评审任务 %(id)s，或它没有分配给您") % {"id": review_id})
    return review


def standing(user, application: Application) -> str:
    """How the caller stands towards an application; decides what of it they are shown."""
    call = application.call
    if manages_call(user, call):
        return "office"
    if call.district_review and follows_district(user, application.district_id):
        return "district"
    if is_applicant(user, application):
        return "applicant"
    return "expert"
