"""The published calls, for anyone without signing in (HZ-4.1.1)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from touyan.core.pagination import paginate
from touyan.core.public_pages import ForVisitors
from touyan.policies import schema
from touyan.policies.names import shown
from touyan.studios.selectors import choosable_studios

from ...models import Call
from ...policy import call_spec
from ...presenters import local, stage_words
from ...selectors import own_applications, public_calls
from .base import PublicCallMixin


def stage_tone(call: Call, now: dt.datetime) -> str:
    """The badge colour: running while applications are accepted or the notice is up."""
    if call.accepts_applications(now) or call.stage == Call.Stage.NOTICE:
        return "running"
    if call.stage == Call.Stage.OPEN and now < call.opens_at:
        return "planned"
    return "closed"


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
            "otherwise": shown(condition, "otherwise")
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


class CallListView(ForVisitors, TemplateView):
    template_name = "selection/public/call_list.html"
    query_parameters = ("page",)

    def get_context_data(self, **kwargs):
        page, query = paginate(self.request, public_calls().order_by("-opens_at", "-pk"))
        now = timezone.now()
        rows = [(call, stage_words(call, now), stage_tone(call, now)) for call in page]
        return super().get_context_data(page=page, query=query, rows=rows, **kwargs)


class CallView(ForVisitors, PublicCallMixin, TemplateView):
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
            studios=choosable_studios(call.programme) if call.purpose == "members" else (),
            **kwargs,
        )
