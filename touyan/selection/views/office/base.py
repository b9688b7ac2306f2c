"""What the office pages share: the call found among the calls the user manages (404 otherwise),
its rules, the tabs, and how a service's refusal is shown."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from touyan.core.actors import Actor
from touyan.core.permissions import ObjectPermissionMixin, PermissionMixin
from touyan.programmes.rules import runs_programmes

from ..models import Call
from ..policy import call_spec
from ..selectors import managed_calls
from ..services.common import AlreadyDone


def report(request, error: ValidationError, prefix: str = "") -> None:
    """A refusal as a message: a step already taken is news, anything else is an error."""
    show = messages.info if isinstance(error, AlreadyDone) else messages.error
    for message in error.messages:
        show(request, f"{prefix}{message}")


def ratio(candidates: int, places: int) -> str:
    """差额比例 as a bureau writes it: "1.5:1"."""
    if not places:
        return ""
    value = (Decimal(candidates) / Decimal(places)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return f"{value.normalize():f}:1"


def form_errors(request, form, prefix: str = "") -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            text = (
                f"{label}：{error}" if label and not form.fields[field].widget.is_hidden else error
            )
            messages.error(request, f"{prefix}{text}")


class OfficeMixin(PermissionMixin):
    """Pages for whoever runs programmes: the list of calls and a new call."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not runs_programmes(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class CallMixin(ObjectPermissionMixin):
    permission_required = "selection.manage_call"
    tab = ""

    def get_queryset(self):
        return managed_calls(self.request.user).select_related(
            "programme__policy_version", "programme__jurisdiction", "cohort"
        )

    @cached_property
    def call(self) -> Call:
        return self.get_object()

    @cached_property
    def spec(self):
        return call_spec(self.call)

    @property
    def actor(self) -> Actor:
        return Actor.from_request(self.request)

    def get_context_data(self, **kwargs):
        call = self.call
        kwargs.setdefault("call", call)
        kwargs.setdefault("spec", self.spec)
        kwargs.setdefault("tab", self.tab)
        kwargs.setdefault("has_experts", self.spec.experts_per_application > 0)
        kwargs.setdefault("stages", stage_steps(call, self.spec))
        return super().get_context_data(**kwargs)

    def back(self, anchor: str = ""):
        response = redirect(self.request.path + self._page_query())
        if anchor:
            response["Location"] += f"#{anchor}"
        return response

    def _page_query(self) -> str:
        page = self.request.GET.get("page", "")
        return f"?page={page}" if page.isdigit() else ""


class CallPage(CallMixin, TemplateView):
    pass


def stage_steps(call: Call, spec) -> list[dict]:
    """The stages in order, each marked done, current or to come, named as steps (the stage
    names say where a call stands, not what was done); the expert review is left out when the
    call has none, and a member call has the allocation instead of a decision and a notice."""
    steps = {
        Call.Stage.DRAFT: _("起草"),
        Call.Stage.OPEN: _("申报与推荐"),
        Call.Stage.REVIEW: _("专家评审"),
        Call.Stage.DECISION: _("差额审定"),
        Call.Stage.NOTICE: _("公示"),
        Call.Stage.FINAL: _("确定名单"),
    }
    if spec.experts_per_application == 0:
        del steps[Call.Stage.REVIEW]
    if spec.purpose == "members":
        # Placed by the allocation: no one-by-one decision and no notice.
        steps[Call.Stage.DECISION] = _("成员分配")
        del steps[Call.Stage.NOTICE]
    order = list(steps)
    position = order.index(call.stage) if call.stage in order else 0
    return [
        {
            "label": steps[stage],
            "state": "done" if i < position else "current" if i == position else "todo",
        }
        for i, stage in enumerate(order)
    ]
