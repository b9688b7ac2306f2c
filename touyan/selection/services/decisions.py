"""The authority's decision, the public notice (公示) with its objections, and the final list
that creates the programme's participants."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor
from touyan.core.steps import display_name, require
from touyan.holidays.workdays import nth_working_day
from touyan.programmes import services as programmes
from touyan.programmes.models import Studio

from ..models import Application, Call, Notice, Objection
from ..policy import call_spec
from ..states import APPLICATION, CALL, OBJECTION
from .common import tell

S = Application.Status


def notice_ends_on(call: Call, starts_on: dt.date) -> dt.date:
    """The last day of the call's notice starting on ``starts_on``: the policy's number of
    working days on the Chinese calendar (holidays and make-up days counted). Refuses with
    ``YearUnknown`` when the period would run into a year whose arrangement is not entered."""
    return nth_working_day(starts_on, max(call_spec(call).notice_working_days, 1))


def check_notice_start(starts_on: dt.date, today: dt.date) -> None:
    if starts_on < today:
        raise ValidationError(
            {"starts_on": _("公示不能早于发布之日（%(today)s）开始") % {"today": today.isoformat()}}
        )


@transaction.atomic
def decide(*, actor: Actor, application: Application, selected: bool, reason: str) -> Application:
    application = APPLICATION.lock(application)
    call = CALL.lock(application.call)
    require(actor, "selection.decide", call)
    require(actor, "selection.decide_application", application)
    CALL.check(call, "decide")
    _not_members(call)
    if not reason.strip():
        raise ValidationError({"reason": _("请写明审定理由")})
    from ..selectors import forwarded

    if not forwarded(call).filter(pk=application.pk).exists():
        raise ValidationError(_("该申报未经审核报送，不在审定范围内"))
    if selected and APPLICATION.allows(application, "select"):
        taken = call.applications.filter(status=S.SELECTED).count()
        if taken >= call.places:
            raise ValidationError(
                _("已拟入选 %(taken)d 人，名额 %(places)d 人已满")
                % {
                    "taken": taken,
                    "places": call.places,
                }
            )
    return APPLICATION.move(
        actor=actor,
        obj=application,
        action="select" if selected else "decline",
        fields={
            "decided_by": actor.user,
            "decided_at": timezone.now(),
            "decision_reason": reason.strip(),
        },
        note=reason.strip(),
    )


def _not_members(call: Call) -> None:
    if call.purpose == "members":
        raise ValidationError(_("成员申报由分配确定名单：请在“成员分配”中运行并发布分配结果"))


@transaction.atomic
def publish_notice(
    *,
    actor: Actor,
    call: Call,
    text: str = "",
    contact: str = "",
    starts_on: dt.date | None = None,
    today: dt.date | None = None,
) -> Notice:
    """Publish the decided list. The notice starts on the day of publication or later; its
    end is computed, never typed."""
    call = CALL.lock(call)
    require(actor, "selection.decide", call)
    CALL.check(call, "publish_notice")
    _not_members(call)
    from ..selectors import forwarded

    undecided = forwarded(call).filter(status=S.ENDORSED).count()
    if undecided:
        raise ValidationError(
            _("还有 %(count)d 名人选未审定，请全部审定后再公示") % {"count": undecided}
        )
    selected = call.applications.filter(status=S.SELECTED).count()
    if not selected:
        raise ValidationError(_("没有拟入选人选，无可公示"))
    if selected > call.places:
        raise ValidationError(_("拟入选人数超过名额"))
    today = today or timezone.localdate()
    starts_on = starts_on or today
    check_notice_start(starts_on, today)
    ends_on = notice_ends_on(call, starts_on)
    notice = Notice.objects.create(
        call=call,
        published_by=actor.user,
        starts_on=starts_on,
        ends_on=ends_on,
        text=text.strip(),
        contact=contact.strip(),
    )
    CALL.move(actor=actor, obj=call, action="publish_notice")
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=notice,
        scope_code=call.programme.jurisdiction_id,
        changes={"ends_on": [None, notice.ends_on.isoformat()], "selected": [None, selected]},
    )
    applicants = [
        a.principal.user
        for a in call.applications.filter(status__in=[S.SELECTED, S.NOT_SELECTED]).select_related(
            "principal__user"
        )
    ]
    tell(
        applicants,
        _("“%(call)s”审定结果已公示") % {"call": call.title},
        _("公示期至 %(date)s") % {"date": notice.ends_on.isoformat()},
        reverse("selection:public_notice", args=[call.pk]),
    )
    return notice


@transaction.atomic
def lodge_objection(
    *,
    actor: Actor,
    notice: Notice,
    name: str,
    contact: str,
    text: str,
    application: Application | None = None,
    today: dt.date | None = None,
) -> Objection:
    """Anyone may object during the notice period, with their name and a way to reach them."""
    today = today or timezone.localdate()
    if not notice.is_open(today):
        raise ValidationError(
            _("公示期为 %(start)s 至 %(end)s，当前不在公示期内")
            % {"start": notice.starts_on.isoformat(), "end": notice.ends_on.isoformat()}
        )
    problems = {}
    if not name.strip():
        problems["name"] = _("请填写姓名")
    if not contact.strip():
        problems["contact"] = _("请留下联系方式，以便反馈处理结果")
    if len(text.strip()) < 10:
        problems["text"] = _("请具体写明反映的问题（不少于 10 个字）")
    if (
        application is not None
        and not Application.objects.filter(
            pk=application.pk, call_id=notice.call_id, status=S.SELECTED
        ).exists()
    ):
        problems["application"] = _("所选人选不在公示名单中")
    if problems:
        raise ValidationError(problems)
    objection = Objection.objects.create(
        notice=notice,
        application=application,
        name=name.strip()[:64],
        contact=contact.strip()[:100],
        text=text.strip(),
    )
    call = notice.call
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=objection,
        scope_code=call.programme.jurisdiction_id,
        note=str(application) if application else "",
    )
    from ..selectors import call_managers

    tell(
        call_managers(call),
        _("公示收到异议：%(call)s") % {"call": call.title},
        "",
        reverse("selection:objections", args=[call.pk]),
    )
    return objection


@transaction.atomic
def handle_objection(
    *, actor: Actor, objection: Objection, upheld: bool, handling: str
) -> Objection:
    objection = OBJECTION.lock(objection)
    call = objection.notice.call
    require(actor, "selection.handle_objection", objection)
    CALL.check(call, "handle_objection")
    action = "uphold" if upheld else "dismiss"
    OBJECTION.check(objection, action)
    if not handling.strip():
        raise ValidationError({"handling": _("请写明核查与处理情况")})
    if upheld and objection.application is None:
        raise ValidationError(_("异议未指向具体人选，不能据此取消入选；请记录为不成立并说明"))
    return OBJECTION.move(
        actor=actor,
        obj=objection,
        action=action,
        fields={
            "handling": handling.strip(),
            "handled_by": actor.user,
            "handled_at": timezone.now(),
        },
        note=handling.strip(),
    )


@transaction.atomic
def finalise(*, actor: Actor, call: Call, today: dt.date | None = None) -> list[Application]:
    """Close the notice: upheld objections strike their candidates, the rest are confirmed and
    become the programme's trainees or studio hosts."""
    call = CALL.lock(call)
    require(actor, "selection.decide", call)
    CALL.check(call, "finalise")
    notice = call.notice
    today = today or timezone.localdate()
    if today <= notice.ends_on:
        raise ValidationError(
            _("公示期至 %(date)s，期满后才能确定名单") % {"date": notice.ends_on.isoformat()}
        )
    if notice.objections.filter(status=Objection.Status.PENDING).exists():
        raise ValidationError(_("还有未处理的异议"))
    _not_members(call)
    struck = set(
        notice.objections.filter(status=Objection.Status.UPHELD).values_list(
            "application_id", flat=True
        )
    )
    confirmed = []
    selected = call.applications.filter(status=S.SELECTED).select_related(
        "principal__school", "principal__user"
    )
    for application in selected.order_by("pk"):
        application = APPLICATION.lock(application)
        if application.pk in struck:
            APPLICATION.move(actor=actor, obj=application, action="strike", note=_("公示异议成立"))
            continue
        APPLICATION.move(actor=actor, obj=application, action="confirm")
        _enrol(actor, call, application, today)
        confirmed.append(application)
    notice.finalised_at = timezone.now()
    notice.save(update_fields=["finalised_at"])
    CALL.move(
        actor=actor,
        obj=call,
        action="finalise",
        note=_("正式入选 %(count)d 人，%(by)s 确认")
        % {"count": len(confirmed), "by": display_name(actor)},
    )
    for application in confirmed:
        tell(
            [application.principal.user],
            _("您已正式入选“%(call)s”") % {"call": call.title},
            "",
            reverse("selection:application", args=[application.pk]),
        )
    return confirmed


def _enrol(actor: Actor, call: Call, application: Application, today: dt.date) -> None:
    if call.purpose == "trainees":
        programmes.add_trainee(
            actor=actor, cohort=call.cohort, principal=application.principal, joined_on=today
        )
    elif call.purpose == "hosts":
        # A host chosen again keeps the studio they already run in this programme.
        hosting = Studio.objects.filter(programme=call.programme, host=application.principal)
        if not hosting.exists():
            programmes.create_studio(
                actor=actor, programme=call.programme, host=application.principal
            )
