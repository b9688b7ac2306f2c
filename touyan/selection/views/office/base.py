"""What the office pages share: the call found among the calls the user manages (404 otherwise),
its rules and the tabs."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import TemplateView

from touyan.core.actors import Actor
from touyan.core.permissions import ObjectPermissionMixin, PermissionMixin
from touyan.programmes.rules import runs_programmes

from ...models import Call
from ...policy import call_spec
from ...presenters import stage_steps
from ...selectors import managed_calls


def ratio(candidates: int, places: int) -> str:
    """差额比例 as a bureau writes it: "1.5:1"."""
    if not places:
        return ""
    value = (Decimal(candidates) / Decimal(places)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return f"{value.normalize():f}:1"


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
