"""What every compliance page shares: the programme (through the selector, so a programme the
user may not see answers 404 first), the as-of date, and the links a verdict's evidence
points to."""

from __future__ import annotations

import datetime as dt
from functools import cached_property

from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from touyan.core.permissions import PermissionMixin
from touyan.policies.names import english_chosen, shown
from touyan.programmes.policy import spec_of
from touyan.programmes.selectors import programme_for

from ..selectors import own_subject_ids


class BadDate(ValueError):
    pass


def parse_as_of(value: str | None) -> dt.date:
    """``?as_of=2026-05-01``; today when absent or empty."""
    if not value:
        return timezone.localdate()
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise BadDate(value) from None


class ComplianceMixin(PermissionMixin):
    """Pages of one programme's compliance. Subclasses implement ``respond(request)``."""

    @cached_property
    def programme(self):
        return programme_for(self.request.user, self.kwargs["slug"])

    @cached_property
    def spec(self):
        return spec_of(self.programme)

    def get_permission_object(self):
        return self.programme

    @cached_property
    def explicit_as_of(self) -> str:
        return (self.request.GET.get("as_of") or "").strip()

    def get(self, request, *args, **kwargs):
        try:
            self.as_of = parse_as_of(self.explicit_as_of)
        except BadDate:
            return render(
                request,
                "compliance/bad_date.html",
                {"programme": self.programme, "value": self.explicit_as_of},
                status=400,
            )
        return self.respond(request)

    def respond(self, request):
        raise NotImplementedError

    @property
    def as_of_query(self) -> str:
        """Carried by the links between compliance pages, so the date chosen stays."""
        return f"?as_of={self.as_of.isoformat()}" if self.explicit_as_of else ""

    def base_context(self) -> dict:
        version = self.programme.policy_version
        return {
            "programme": self.programme,
            "spec": self.spec,
            "as_of": self.as_of,
            "as_of_query": self.as_of_query,
            "today": timezone.localdate(),
            "policy_name": shown(self.spec.policy) if english_chosen() else version.policy.name,
            "policy_number": version.number,
            "policy_url": reverse("policies:version", args=[version.policy.slug, version.number])
            if self.request.user.has_perm("policies.view_policy", version)
            else "",
            "programme_url": optional_url("programmes:detail", self.programme.slug),
        }


class SubjectAccessMixin(ComplianceMixin):
    """The subject pages: for whoever follows the dashboard, and for the subject's own
    participants (the host and members of a studio, the trainee)."""

    def has_permission(self) -> bool:
        user = self.request.user
        if user.has_perm("compliance.view_dashboard", self.programme):
            return True
        return self.kwargs["subject_id"] in own_subject_ids(user, self.programme)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.request, self.args, self.kwargs = request, args, kwargs
            if not self.has_permission():
                raise Http404
        return super().dispatch(request, *args, **kwargs)


def optional_url(name: str, *args) -> str:
    """The URL of a page another part of the platform provides, or "" where there is none."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def evidence_url(kind: str, pk: int | None, programme) -> str:
    """The page of an activity or a deliverable, where the records app provides one."""
    name = {
        "activity": "records:activity",
        "attendance": "records:activity",
        "deliverable": "records:deliverable",
        "expense": "funding:expense",
        "post": "publishing:evidence",
    }.get(kind)
    if name is None or pk is None:
        return ""
    return optional_url(name, programme.slug, pk)
