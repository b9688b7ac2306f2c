"""The office's calls: the list, a new call, and a call's dashboard with its next step."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from touyan.core.actors import Actor
from touyan.core.feedback import report
from touyan.core.forms import add_service_errors
from touyan.core.pagination import paginate
from touyan.programmes.access import access_of
from touyan.programmes.selectors import programmes_visible_to

from ...forms.office import CallEditForm, CallForm
from ...models import Application, Call, DistrictBatch, Notice, Review
from ...selectors import forwarded, managed_calls
from ...services import calls
from .base import CallPage, OfficeMixin, ratio
from .lists import lists_context

S = Application.Status


class CallListView(OfficeMixin, TemplateView):
    template_name = "selection/office/calls.html"

    def get_context_data(self, **kwargs):
        listed = (
            managed_calls(self.request.user)
            .annotate(applied=Count("applications", filter=~Q(applications__status=S.DRAFT)))
            .order_by("-opens_at", "-pk")
        )
        page, query = paginate(self.request, listed)
        return super().get_context_data(page=page, query=query, **kwargs)


def managed_programmes(user) -> list:
    access = access_of(user)
    return [p for p in programmes_visible_to(user).order_by("name") if access.manages(p)]


class CallCreateView(OfficeMixin, TemplateView):
    template_name = "selection/office/call_form.html"

    def get(self, request, *args, **kwargs):
        programmes = managed_programmes(request.user)
        chosen = request.GET.get("programme", "")
        initial = {"programme": int(chosen)} if chosen.isdigit() else {}
        if len(programmes) == 1:
            initial["programme"] = programmes[0].pk
        form = CallForm(initial=initial, programmes=programmes)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = CallForm(request.POST, programmes=managed_programmes(request.user))
        if form.is_valid():
            try:
                call = calls.create_call(actor=Actor.from_request(request), **form.call_fields())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("已创建遴选通知（未发布）"))
                return redirect("selection:call", pk=call.pk)
        return self.render_to_response(self.get_context_data(form=form))


class CallView(CallPage):
    template_name = "selection/office/call.html"
    tab = "call"
    ACTIONS = {
        "publish": calls.publish_call,
        "start_review": calls.start_review,
        "close_review": calls.close_review,
    }

    def get_context_data(self, **kwargs):
        call = self.call
        by_status = dict(
            Application.objects.filter(call=call)
            .values_list("status")
            .annotate(n=Count("pk"))
            .order_by()
        )
        sent = forwarded(call).count()
        reviews = Review.objects.filter(application__call=call).aggregate(
            assigned=Count("pk"), open=Count("pk", filter=Q(submitted_at__isnull=True))
        )
        batches = None
        if call.district_review:
            # Every district with a submitted application counts, batch or not.
            batches = {
                "total": Application.objects.filter(call=call)
                .exclude(status=S.DRAFT)
                .values("district_id")
                .distinct()
                .count(),
                "submitted": DistrictBatch.objects.filter(
                    call=call, status=DistrictBatch.Status.SUBMITTED
                ).count(),
            }
        kwargs.setdefault("edit_form", self._edit_form())
        kwargs.update(lists_context(call))
        return super().get_context_data(
            statuses=[
                (S(status).label, by_status[status])
                for status in S.values
                if status in by_status and status != S.DRAFT
            ],
            applied=sum(n for status, n in by_status.items() if status != S.DRAFT),
            forwarded=sent,
            selected=by_status.get(S.SELECTED, 0) + by_status.get(S.CONFIRMED, 0),
            ratio=ratio(sent, call.places),
            reviews=reviews,
            batches=batches,
            notice=Notice.objects.filter(call=call).first(),
            step=self.next_step(reviews),
            **kwargs,
        )

    def _edit_form(self, data=None):
        if self.call.stage not in (Call.Stage.DRAFT, Call.Stage.OPEN):
            return None
        return CallEditForm(data, call=self.call)

    def next_step(self, reviews) -> dict | None:
        call, now = self.call, timezone.now()
        if call.stage == Call.Stage.DRAFT:
            return {
                "action": "publish",
                "label": _("发布"),
                "hint": _("发布后通知出现在公开的遴选页，申报于开始时间开放。"),
                "ready": True,
            }
        if call.stage == Call.Stage.OPEN:
            label = _("开始专家评审") if self.spec.experts_per_application else _("截止并进入审定")
            ready = now >= call.closes_at
            hint = (
                _("申报截止后才能进行下一步；截止时间 %(at)s。")
                % {"at": timezone.localtime(call.closes_at).strftime("%Y-%m-%d %H:%M")}
                if not ready
                else ""
            )
            if ready and call.district_deadline and now < call.district_deadline:
                hint = _(
                    "区县报送截止时间为 %(at)s；此前须全部区县已报送、全部申报已审核才能开始。"
                ) % {"at": timezone.localtime(call.district_deadline).strftime("%Y-%m-%d %H:%M")}
            return {"action": "start_review", "label": label, "hint": hint, "ready": ready}
        if call.stage == Call.Stage.REVIEW:
            hint = ""
            if reviews["open"]:
                hint = _("还有 %(count)d 份评审未提交。") % {"count": reviews["open"]}
            elif not reviews["assigned"]:
                hint = _("尚未分配评审。")
            return {
                "action": "close_review",
                "label": _("结束评审"),
                "hint": hint,
                "ready": bool(reviews["assigned"]) and not reviews["open"],
            }
        return None

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action", "")
        if action == "update":
            return self.update()
        if action not in self.ACTIONS:
            return self.back()
        try:
            call = self.ACTIONS[action](actor=self.actor, call=self.call)
        except ValidationError as error:
            report(request, error)
        else:
            messages.success(request, self.done(action, call))
        return self.back()

    @staticmethod
    def done(action: str, call: Call) -> str:
        if action == "publish":
            return _("已发布，申报将于开始时间开放")
        if action == "close_review" or call.stage == Call.Stage.DECISION:
            return _("已进入审定阶段")
        return _("申报已截止，进入专家评审")

    def update(self):
        form = self._edit_form(self.request.POST)
        if form is None:
            messages.error(self.request, _("当前阶段不能再修改通知"))
            return self.back()
        if form.is_valid():
            try:
                calls.update_call(actor=self.actor, call=self.call, **form.values())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(self.request, _("已保存"))
                return self.back()
        self.call.refresh_from_db()
        return self.render_to_response(self.get_context_data(edit_form=form, editing=True))
