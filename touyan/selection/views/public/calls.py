"""Pages anyone may read without signing in: the calls (HZ-4.1.1) and the notice with its
objection form (HZ-4.1.3)."""

from __future__ import annotations

import datetime as dt
import math
from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from touyan.core import throttles
from touyan.core.actors import Actor
from touyan.core.addresses import throttle_group
from touyan.core.pagination import paginate
from touyan.policies import schema
from touyan.programmes.forms import add_service_errors
from touyan.studios.selectors import public_studios

from ..forms.applicant import ObjectionForm
from ..models import Application, Call, Notice
from ..policy import call_spec
from ..selectors import own_applications, public_calls
from ..services.decisions import lodge_objection

S = Application.Status
# Objections one address may lodge, across all notices: five at once, then one more every
# twelve minutes (five an hour) — enough for a real person, and counted atomically.
OBJECTION_RATE = throttles.Rate(burst=5, interval=12 * 60)


def stage_words(call: Call, now: dt.datetime) -> str:
    if call.stage == Call.Stage.OPEN:
        if now < call.opens_at:
            return _("未开始")
        return _("报名中") if now < call.closes_at else _("已截止")
    return {
        Call.Stage.DRAFT: _("未发布"),
        Call.Stage.REVIEW: _("评审中"),
        Call.Stage.DECISION: _("审定中"),
        Call.Stage.NOTICE: _("公示中"),
        Call.Stage.FINAL: _("名单已确定"),
    }[call.stage]


def stage_tone(call: Call, now: dt.datetime) -> str:
    """The badge colour: running while applications are accepted or the notice is up."""
    if call.accepts_applications(now) or call.stage == Call.Stage.NOTICE:
        return "running"
    if call.stage == Call.Stage.OPEN and now < call.opens_at:
        return "planned"
    return "closed"


def local(moment: dt.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def opening_line(call: Call, now: dt.datetime) -> str:
    """Why the call takes no application now, or an empty string when it does."""
    if call.accepts_applications(now):
        return ""
    if call.stage == Call.Stage.OPEN and now < call.opens_at:
        return _("申报尚未开始，开始时间为 %(at)s") % {"at": local(call.opens_at)}
    return _("申报已于 %(at)s 截止，不再接受申报") % {"at": local(call.closes_at)}


def condition_check(condition) -> str:
    """How a condition is checked, in the applicant's words."""
    if isinstance(condition, schema.TitleCondition) and condition.otherwise:
        return _("依据校长名册核验；未达要求的，可陈述“%(otherwise)s”，交专家评议") % {
            "otherwise": condition.otherwise
        }
    if isinstance(condition, schema.Declaration):
        return _("须本人书面陈述并承诺")
    if isinstance(condition, schema.Judgement):
        return _("由专家依据陈述与证明材料评议")
    return _("依据校长名册核验")


def procedure(call: Call, spec: schema.SelectionCall) -> list[tuple[str, str]]:
    steps = [
        (
            _("个人申报"),
            _("%(start)s 至 %(end)s，个人自荐或单位推荐，在网上填写并上传材料")
            % {"start": local(call.opens_at), "end": local(call.closes_at)},
        )
    ]
    if spec.district_review:
        text = _("所在区县教育局审核、盖章，按推荐顺序报送")
        if call.district_deadline:
            text += _("（%(at)s 前）") % {"at": local(call.district_deadline)}
        steps.append((_("区县审核推荐"), text))
    else:
        steps.append((_("资格审核"), _("项目主管部门审核申报材料")))
    if spec.experts_per_application:
        text = _("每份申报由 %(count)d 位专家按评分标准评分") % {
            "count": spec.experts_per_application
        }
        if call.anonymised:
            text += _("，评审时隐去申报人姓名和学校")
        steps.append((_("专家评审"), text))
    decision = _("在 %(places)d 个名额内审定拟入选人选") % {"places": call.places}
    if spec.competitive:
        decision = _("差额遴选，") + decision
    steps.append((_("审定"), decision))
    steps.append(
        (
            _("公示"),
            _("公示 %(days)d 个工作日，期间可实名反映问题") % {"days": spec.notice_working_days},
        )
    )
    steps.append((_("确定名单"), _("公示期满，确定正式入选名单")))
    return steps


class CallListView(TemplateView):
    template_name = "selection/public/call_list.html"

    def get_context_data(self, **kwargs):
        page, query = paginate(self.request, public_calls().order_by("-opens_at", "-pk"))
        now = timezone.now()
        rows = [(call, stage_words(call, now), stage_tone(call, now)) for call in page]
        return super().get_context_data(page=page, query=query, rows=rows, **kwargs)


class PublicCallMixin:
    @cached_property
    def call(self) -> Call:
        return get_object_or_404(public_calls().select_related("notice"), pk=self.kwargs["pk"])

    def notice(self) -> Notice | None:
        try:
            return self.call.notice
        except Notice.DoesNotExist:
            return None


class CallView(PublicCallMixin, TemplateView):
    template_name = "selection/public/call_detail.html"

    def get_context_data(self, **kwargs):
        call, user, now = self.call, self.request.user, timezone.now()
        spec = call_spec(call)
        mine = None
        if user.is_authenticated:
            mine = own_applications(user).filter(call=call).first()
        return super().get_context_data(
            call=call,
            spec=spec,
            stage=stage_words(call, now),
            tone=stage_tone(call, now),
            conditions=[(c, condition_check(c)) for c in spec.conditions],
            steps=procedure(call, spec),
            accepting=call.accepts_applications(now),
            closed_line=opening_line(call, now),
            may_apply=user.is_authenticated and user.has_perm("selection.apply"),
            mine=mine,
            notice=self.notice(),
            studios=public_studios(call.programme) if call.purpose == "members" else (),
            **kwargs,
        )


class NoticeView(PublicCallMixin, TemplateView):
    """The list under notice (or, once final, the confirmed list) with names, schools and posts
    only, and the objection form during the notice period."""

    template_name = "selection/public/notice.html"

    def dispatch(self, request, *args, **kwargs):
        if self.notice() is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def final(self) -> bool:
        return self.call.stage == Call.Stage.FINAL

    @cached_property
    def candidates(self) -> list[dict]:
        status = S.CONFIRMED if self.final else S.SELECTED
        listed = (
            Application.objects.filter(call=self.call, status=status)
            .order_by("district_id", "pk")
            .values_list("pk", "profile")
        )
        return [
            {
                "pk": pk,
                "name": profile.get("name", ""),
                "school": profile.get("school", ""),
                "position": profile.get("position", ""),
            }
            for pk, profile in listed
        ]

    def form(self, data=None) -> ObjectionForm:
        return ObjectionForm(data, candidates=self.candidates, prefix="objection")

    def get_context_data(self, **kwargs):
        notice = self.notice()
        today = timezone.localdate()
        is_open = not self.final and notice.is_open(today)
        if is_open:
            kwargs.setdefault("form", self.form())
        return super().get_context_data(
            call=self.call,
            notice=notice,
            final=self.final,
            candidates=self.candidates,
            is_open=is_open,
            not_yet=today < notice.starts_on,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        actor = Actor.from_request(request)
        if wait := throttles.take(f"objection:{throttle_group(actor.ip_address)}", OBJECTION_RATE):
            form.add_error(None, too_many_objections(self.notice(), wait))
            response = self.render_to_response(self.get_context_data(form=form), status=429)
            response["Retry-After"] = str(wait)
            return response
        chosen = form.cleaned_data["application"]
        try:
            lodge_objection(
                actor=actor,
                notice=self.notice(),
                name=form.cleaned_data["name"],
                contact=form.cleaned_data["contact"],
                text=form.cleaned_data["text"],
                application=self.call.applications.filter(pk=chosen).first() if chosen else None,
            )
        except ValidationError as error:
            # Refused (the period is over, …): not counted against the address.
            throttles.give_back(f"objection:{throttle_group(actor.ip_address)}", OBJECTION_RATE)
            add_service_errors(form, error)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(
            request, _("已收到您反映的情况。我们将核查处理，并通过您留下的联系方式反馈结果。")
        )
        return redirect("selection:public_notice", pk=self.call.pk)


def too_many_objections(notice: Notice, wait: int) -> str:
    """The refusal when the address's bucket is full: when to try again, and the notice's own
    offline channel, which no limit applies to."""
    minutes = max(1, math.ceil(wait / 60))
    if notice.contact:
        return _(
            "提交过于频繁：本网络地址近期已提交多次反映，请 %(minutes)d 分钟后再试。"
            "您也可以通过公示公布的受理方式直接反映：%(contact)s。您填写的内容已保留。"
        ) % {"minutes": minutes, "contact": notice.contact}
    return _(
        "提交过于频繁：本网络地址近期已提交多次反映，请 %(minutes)d 分钟后再试，"
        "或直接联系发布公示的部门。您填写的内容已保留。"
    ) % {"minutes": minutes}
