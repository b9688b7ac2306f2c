"""Selection calls, and a principal's own applications: start, fill in, submit."""

from django.utils.translation import gettext as _
from ninja import Router
from ninja.pagination import paginate
from ninja.responses import Status

from touyan.people.models import Principal
from touyan.programmes.access import access_of
from touyan.selection.models import Application
from touyan.selection.selectors import own_applications
from touyan.selection.services import applications

from ..context import NotFound, actor_of
from ..pagination import Pages, Presented
from ..schemas.common import READ_ERRORS, WRITE_ERRORS, Message
from ..schemas.selection import (
    ApplicationDetail,
    ApplicationId,
    ApplicationIn,
    ApplicationOut,
    CallDetail,
    CallId,
    CallOut,
)
from . import selection_present as present
from .selection_access import application_of, call_of, calls_for, refusals, require_perm

router = Router(tags=["遴选：通知与申报"])

# A step already taken (an application submitted twice, an approval given by a colleague a
# moment ago) is 409 with what happened; everything else as in the other resources.
CHANGE_ERRORS = {**WRITE_ERRORS, 409: Message}


@router.get(
    "/calls",
    response={200: list[CallOut], **READ_ERRORS},
    summary="遴选通知：全部已发布的通知，以及我组织的未发布通知（分页）",
)
@paginate(Pages)
def list_calls(request):
    return Presented(calls_for(request.auth), present.call_out)


@router.get(
    "/calls/{call_id}",
    response={200: CallDetail, **READ_ERRORS},
    summary="一份遴选通知：申报条件、须交材料、评分细则、阶段、名额和时间",
)
def get_call(request, call_id: int = CallId):
    return present.call_detail(call_of(request, call_id))


@router.get(
    "/applications",
    response={200: list[ApplicationOut], **READ_ERRORS},
    summary="我本人的申报（分页）",
)
@paginate(Pages)
def list_my_applications(request):
    mine = own_applications(request.auth).order_by("-created_at", "-pk")
    return Presented(mine, present.application_out)


@router.post(
    "/calls/{call_id}/applications",
    response={200: ApplicationDetail, 201: ApplicationDetail, **CHANGE_ERRORS},
    summary="申报：以名册中的本人信息建立申报草稿（已有则返回已有的，状态码 200）",
)
def start_application(request, call_id: int = CallId):
    call = call_of(request, call_id)
    principal_id = access_of(request.auth).principal_id
    if principal_id is None:
        raise NotFound(_("您的账号没有关联校长名册中的记录，不能申报"))
    principal = Principal.objects.select_related("school").get(pk=principal_id)
    existed = Application.objects.filter(call=call, principal=principal).exists()
    with refusals():
        application = applications.start_application(
            actor=actor_of(request), call=call, principal=principal
        )
    detail = present.application_detail(request.auth, application_of(request, application.pk))
    return Status(200 if existed else 201, detail)


@router.get(
    "/applications/{application_id}",
    response={200: ApplicationDetail, **READ_ERRORS},
    summary="一份申报（申报人本人、所在区县、组织遴选的单位、分配到的专家可见；"
    "匿名评审时专家看不到姓名、学校和区县）",
)
def get_application(request, application_id: int = ApplicationId):
    return present.application_detail(request.auth, application_of(request, application_id))


def _own(request, application_id: int) -> Application:
    application = application_of(request, application_id)
    require_perm(
        request.auth,
        "selection.change_application",
        application,
        _("只有申报人本人才能修改或提交这份申报"),
    )
    return application


@router.put(
    "/applications/{application_id}",
    response={200: ApplicationDetail, **CHANGE_ERRORS},
    summary="保存申报草稿：各项条件的陈述、名册信息更正申请、推荐方式（整体替换）",
)
def save_application(request, payload: ApplicationIn, application_id: int = ApplicationId):
    application = _own(request, application_id)
    with refusals():
        applications.save_application(
            actor=actor_of(request),
            application=application,
            statements=payload.statements,
            corrections=payload.corrections,
            route=payload.route,
            recommending_unit=payload.recommending_unit,
        )
    return present.application_detail(request.auth, application_of(request, application_id))


@router.post(
    "/applications/{application_id}/submit",
    response={200: ApplicationDetail, **CHANGE_ERRORS},
    summary="提交申报：按名册核对申报条件，交区县（或培训中心）审核；提交后不能再改",
)
def submit_application(request, application_id: int = ApplicationId):
    application = _own(request, application_id)
    with refusals():
        applications.submit_application(actor=actor_of(request), application=application)
    return present.application_detail(request.auth, application_of(request, application_id))
