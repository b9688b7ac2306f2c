"""The host's pages (and the centre's, who may act for any studio): plan the rotation, move a
visit to another month, record it as held, its invitees and its report."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from touyan.core.actors import Actor
from touyan.core.forms import add_service_errors
from touyan.programmes.policy import calendar_of
from touyan.records.models import Activity

from ..forms import HoldForm, InviteeForm, MonthForm, ReportForm
from ..months import cycle_months, excluded_months
from ..presenters import changes_of
from ..selectors import rotation_of
from ..services import rotation, visits
from ..services.rotation import month_label
from .base import InviteeMixin, StudioMixin, VisitMixin


class PlanView(StudioMixin, TemplateView):
    """What planning will do, then the plan."""

    permission_required = "diagnosis.plan_rotation"
    template_name = "diagnosis/plan.html"

    def rotation_url(self) -> str:
        return reverse("diagnosis:rotation", args=[self.programme.slug, self.studio.pk])

    def get_context_data(self, **kwargs):
        existing = list(rotation_of(self.studio))
        return super().get_context_data(
            studio=self.studio,
            existing=len(existing),
            changes=changes_of(self.studio, existing),
            back_url=self.rotation_url(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        try:
            result = rotation.plan_rotation(actor=Actor.from_request(request), studio=self.studio)
        except ValidationError as error:
            return self.render_to_response(self.get_context_data(errors=error.messages))
        text = _("已排期：%(n)d 次诊断按月安排") % {"n": len(result.months)}
        if result.moved:
            text += _("；%(n)d 次指定的月份已无法保留，已另行安排") % {"n": len(result.moved)}
        messages.success(request, text)
        return redirect(self.rotation_url())


class MoveView(VisitMixin, TemplateView):
    permission_required = "diagnosis.plan_rotation"
    template_name = "diagnosis/form.html"

    def get_permission_object(self):
        return self.visit.studio

    def form(self, data=None) -> MonthForm:
        calendar = calendar_of(self.programme)
        avoided = excluded_months(calendar)
        this_month = timezone.localdate().replace(day=1)
        choices = [
            (
                month.isoformat(),
                month_label(month) + (f"（{avoided[month]}）" if month in avoided else ""),
            )
            for month in cycle_months(calendar)
            if month >= this_month
        ]
        return MonthForm(data, months=choices, initial={"month": self.visit.month.isoformat()})

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.form())
        return super().get_context_data(
            visit=self.visit,
            heading=_("调整诊断月份"),
            back_url=self.visit_url(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            visit = rotation.move_visit(
                actor=Actor.from_request(request),
                visit=self.visit,
                month=form.cleaned_data["month"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, _("已改为 %(month)s") % {"month": month_label(visit.month)})
        return redirect(reverse("diagnosis:rotation", args=[self.programme.slug, visit.studio_id]))


class HoldView(VisitMixin, TemplateView):
    permission_required = "diagnosis.report_visit"
    template_name = "diagnosis/form.html"

    def activities(self) -> list[tuple[int, str]]:
        found = Activity.objects.filter(
            programme=self.programme,
            organisers__studio=self.visit.studio,
            activity_type=self.diagnosis.activity_type,
            place_school=self.visit.school,
            diagnosis_visit__isnull=True,
        ).order_by("-date")
        return [(a.pk, f"{a.date:%Y-%m-%d} {a.title}") for a in found]

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", HoldForm(activities=self.activities()))
        return super().get_context_data(
            visit=self.visit,
            heading=_("登记诊断已举行"),
            back_url=self.visit_url(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = HoldForm(request.POST, activities=self.activities())
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        actor = Actor.from_request(request)
        data = form.cleaned_data
        try:
            if data.get("activity"):
                activity = Activity.objects.get(pk=data["activity"])
                visits.link_activity(actor=actor, visit=self.visit, activity=activity)
            else:
                visits.hold_visit(
                    actor=actor,
                    visit=self.visit,
                    date=data["date"],
                    title=data["title"],
                    description=data["description"],
                )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, _("已登记为已举行，请填写诊断报告"))
        return redirect(self.visit_url())


class InviteesView(VisitMixin, TemplateView):
    permission_required = "diagnosis.report_visit"
    template_name = "diagnosis/invitees.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", InviteeForm())
        return super().get_context_data(
            visit=self.visit,
            invitees=list(self.visit.invitees.all()),
            back_url=self.visit_url(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = InviteeForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            invitee = visits.add_invitee(
                actor=Actor.from_request(request), visit=self.visit, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, _("已添加：%(name)s") % {"name": invitee.name})
        return redirect(reverse("diagnosis:invitees", args=[self.programme.slug, self.visit.pk]))


class RemoveInviteeView(InviteeMixin, TemplateView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        invitee = self.invitee
        visits.remove_invitee(actor=Actor.from_request(request), invitee=invitee)
        messages.success(request, _("已移除：%(name)s") % {"name": invitee.name})
        return redirect(reverse("diagnosis:invitees", args=[self.programme.slug, invitee.visit_id]))


class ReportView(VisitMixin, TemplateView):
    permission_required = "diagnosis.report_visit"
    template_name = "diagnosis/report.html"

    def form(self, data=None) -> ReportForm:
        extras = [item for item in self.visit.items.all() if not item.code]
        return ReportForm(
            data,
            items=self.diagnosis.items,
            extras=extras,
            initial=ReportForm.initial_for(self.visit),
        )

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.form())
        return super().get_context_data(visit=self.visit, back_url=self.visit_url(), **kwargs)

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            visits.record_report(
                actor=Actor.from_request(request),
                visit=self.visit,
                entries=form.entries(),
                summary=form.cleaned_data.get("summary", ""),
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, _("诊断报告已保存"))
        return redirect(self.visit_url())
