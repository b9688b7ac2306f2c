"""The list under notice, or once final the confirmed list, with the objection form during the
notice period (HZ-4.1.3); for anyone without signing in."""

from __future__ import annotations

import math
from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from touyan.core import throttles
from touyan.core.actors import Actor
from touyan.core.addresses import throttle_group
from touyan.core.forms import add_service_errors
from touyan.core.public_pages import ForVisitors

from ...forms.applicant import ObjectionForm
from ...models import Application, Call, Notice
from ...services.decisions import lodge_objection
from .base import PublicCallMixin

S = Application.Status
# Objections one address may lodge, across all notices: five at once, then one more every
# twelve minutes (five an hour) — enough for a real person, and counted atomically.
OBJECTION_RATE = throttles.Rate(burst=5, interval=12 * 60)


class NoticeView(ForVisitors, PublicCallMixin, TemplateView):
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
