"""What the public pages share: a published call, found by its number (404 otherwise)."""

from __future__ import annotations

from functools import cached_property

from django.shortcuts import get_object_or_404

from ...models import Call, Notice
from ...selectors import public_calls


class PublicCallMixin:
    @cached_property
    def call(self) -> Call:
        return get_object_or_404(public_calls().select_related("notice"), pk=self.kwargs["pk"])

    def notice(self) -> Notice | None:
        try:
            return self.call.notice
        except Notice.DoesNotExist:
            return None
