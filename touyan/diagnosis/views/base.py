"""What the rotation's pages share: the programme (404 when its policy keeps no rotation), the
studio whose rotation is shown and the visit, each found in the user's scope."""

from __future__ import annotations

from functools import cached_property

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from touyan.core.permissions import PermissionMixin
from touyan.programmes.models import Programme

from ..models import Invitee, ReportItem
from ..selectors import diagnosis_of, rotations_visible_to, visits_visible_to


class ProgrammeMixin(PermissionMixin):
    @cached_property
    def programme(self) -> Programme:
        programme = get_object_or_404(
            Programme.objects.select_related("jurisdiction", "policy_version"),
            slug=self.kwargs["slug"],
        )
        if diagnosis_of(programme) is None:
            raise Http404
        return programme

    @cached_property
    def diagnosis(self):
        return diagnosis_of(self.programme)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("programme", self.programme)
        return super().get_context_data(**kwargs)


class StudioMixin(ProgrammeMixin):
    permission_required = "diagnosis.view_rotation"

    @cached_property
    def studio(self):
        return get_object_or_404(
            rotations_visible_to(self.request.user, self.programme), pk=self.kwargs["pk"]
        )

    def get_permission_object(self):
        return self.studio


class VisitMixin(ProgrammeMixin):
    permission_required = "diagnosis.view_visit"

    @cached_property
    def visit(self):
        return get_object_or_404(
            visits_visible_to(self.request.user, self.programme), pk=self.kwargs["pk"]
        )

    def get_permission_object(self):
        return self.visit

    def visit_url(self, visit=None) -> str:
        return reverse("diagnosis:visit", args=[self.programme.slug, (visit or self.visit).pk])


class InviteeMixin(ProgrammeMixin):
    permission_required = "diagnosis.report_visit"

    @cached_property
    def invitee(self) -> Invitee:
        visits = visits_visible_to(self.request.user, self.programme)
        return get_object_or_404(
            Invitee.objects.select_related("visit__studio"),
            pk=self.kwargs["pk"],
            visit__in=visits.values("pk"),
        )

    def get_permission_object(self):
        return self.invitee.visit


class ItemMixin(ProgrammeMixin):
    permission_required = "diagnosis.follow_up"

    @cached_property
    def item(self) -> ReportItem:
        visits = visits_visible_to(self.request.user, self.programme)
        return get_object_or_404(
            ReportItem.objects.select_related("visit__studio", "visit__member", "visit__school"),
            pk=self.kwargs["pk"],
            visit__in=visits.values("pk"),
        )

    def get_permission_object(self):
        return self.item.visit
