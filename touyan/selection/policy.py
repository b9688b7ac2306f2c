"""The rules a call follows: the policy's ``[[selection]]`` entry, frozen on the call."""

from __future__ import annotations

from touyan.policies.schema import SelectionCall

from .models import Call


def call_spec(call: Call) -> SelectionCall:
    cached = getattr(call, "_spec", None)
    if cached is None:
        cached = call._spec = SelectionCall.model_validate(call.spec)
    return cached
