"""What the allocation pages share: the member call or the run found among those the user sees
(404 otherwise), the permission to decide on the call, the call's tabs."""

from __future__ import annotations

from functools import cached_property

from django.shortcuts import redirect

from touyan.core.actors import Actor
from touyan.core.permissions import ObjectPermissionMixin
from touyan.selection.models import Call
from touyan.selection.policy import call_spec
from touyan.selection.presenters import stage_steps

from ..models import Run
from ..selectors import member_calls_visible_to, runs_visible_to

PERMISSION = "selection.decide"


def head(call: Call) -> dict:
    """The context of the selection office header (title, stages, tabs)."""
    spec = call_spec(call)
    return {
        "call": call,
        "spec": spec,
        "tab": "allocation",
        "has_experts": spec.experts_per_application > 0,
        "stages": stage_steps(call, spec),
    }


class AllocationMixin(ObjectPermissionMixin):
    permission_required = PERMISSION

    @property
    def actor(self) -> Actor:
        return Actor.from_request(self.request)


class CallMixin(AllocationMixin):
    """Pages on a member call (``pk`` is the call's)."""

    def get_queryset(self):
        return member_calls_visible_to(self.request.user).select_related(
            "programme__policy_version"
        )

    @cached_property
    def call(self) -> Call:
        return self.get_object()


class RunMixin(AllocationMixin):
    """Pages on one run (``pk`` is the run's); the permission is asked of its call."""

    def get_queryset(self):
        return runs_visible_to(self.request.user)

    def get_permission_object(self):
        return self.get_object().call

    @cached_property
    def run(self) -> Run:
        return self.get_object()

    def back(self, anchor: str = "", query: str = ""):
        response = redirect("allocation:run", self.run.pk)
        if query:
            response["Location"] += f"?{query}"
        if anchor:
            response["Location"] += f"#{anchor}"
        return response
