"""The city's overview of the districts' batches, and the expert panel with its assignments."""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from touyan.accounts.models import User
from touyan.core.feedback import form_errors, report
from touyan.core.pagination import paginate

from ...forms.office import (
    AssignForm,
    ConflictForm,
    PanelAddForm,
    UnassignForm,
    applicant_schools,
)
from ...models import Application, Panel, Review
from ...selectors import batch_districts, batch_rows, batch_totals, experts_for, forwarded
from ...services import reviews
from .base import CallPage

BATCH_ROWS = 100
CASE_ROWS = 50
SHORT_LISTED = 100


class BatchesView(CallPage):
    template_name = "selection/office/batches.html"
    tab = "batches"

    def get_context_data(self, **kwargs):
        districts = batch_districts(self.call)
        show = self.request.GET.get("show", "")
        page, query = paginate(self.request, districts.showing(show), BATCH_ROWS)
        page.object_list = batch_rows(self.call, list(page.object_list))
        return super().get_context_data(
            page=page,
            query=query,
            show=show,
            totals=batch_totals(self.call),
            sent=len(districts.sent),
            districts=len(districts.codes),
            **kwargs,
        )


class PanelView(CallPage):
    template_name = "selection/office/panel.html"
    tab = "panel"

    @cached_property
    def panel(self) -> list[Panel]:
        return list(self.call.panel.select_related("expert", "school").order_by("pk"))

    @cached_property
    def panel_experts(self):
        return User.objects.filter(pk__in=[p.expert_id for p in self.panel]).order_by("full_name")

    @cached_property
    def cases(self):
        return forwarded(self.call)

    def add_form(self, data=None) -> PanelAddForm:
        return PanelAddForm(
            data,
            experts=experts_for(self.call)
            .exclude(pk__in=[p.expert_id for p in self.panel])
            .order_by("full_name", "username"),
            schools=applicant_schools(self.cases),
        )

    def conflict_form(self, data=None) -> ConflictForm:
        return ConflictForm(data, experts=self.panel_experts, applications=self.cases)

    def get_context_data(self, **kwargs):
        call = self.call
        progress = {
            row["expert_id"]: row
            for row in Review.objects.filter(application__call=call)
            .values("expert_id")
            .annotate(
                assigned=Count("pk"), submitted=Count("pk", filter=Q(submitted_at__isnull=False))
            )
            .order_by()
        }
        members = [
            (member, progress.get(member.expert_id, {"assigned": 0, "submitted": 0}))
            for member in self.panel
        ]
        page, query = paginate(
            self.request,
            self.cases.select_related("principal__school", "district").order_by(
                "district_id", "district_rank", "pk"
            ),
            CASE_ROWS,
        )
        on_page = defaultdict(list)
        for review in Review.objects.filter(application__in=list(page)).select_related("expert"):
            on_page[review.application_id].append(review)
        kwargs.setdefault("add_form", self.add_form())
        kwargs.setdefault("conflict_form", self.conflict_form())
        return super().get_context_data(
            members=members,
            assigned=sum(p["assigned"] for _m, p in members),
            submitted=sum(p["submitted"] for _m, p in members),
            conflicts=call.conflicts.select_related("expert", "principal", "school").order_by(
                "declared_at"
            ),
            page=page,
            query=query,
            rows=[
                {
                    "application": application,
                    "reviews": on_page[application.pk],
                    "others": [
                        member
                        for member in self.panel
                        if member.expert_id not in {r.expert_id for r in on_page[application.pk]}
                    ],
                }
                for application in page
            ],
            wanted=self.spec.experts_per_application,
            assigning=call.stage == call.Stage.REVIEW,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action", "")
        handler = {
            "add_expert": self.add_expert,
            "conflict": self.record_conflict,
            "auto": self.assign_automatically,
            "assign": self.assign,
            "unassign": self.unassign,
        }.get(action)
        if handler is None:
            return self.back()
        return handler()

    def add_expert(self):
        form = self.add_form(self.request.POST)
        if form.is_valid():
            try:
                panel = reviews.add_to_panel(actor=self.actor, call=self.call, **form.cleaned_data)
            except ValidationError as error:
                report(self.request, error)
            else:
                messages.success(
                    self.request, _("已将 %(name)s 加入评审专家组") % {"name": panel.expert}
                )
                return self.back("panel")
        return self.render_to_response(self.get_context_data(add_form=form))

    def record_conflict(self):
        form = self.conflict_form(self.request.POST)
        if form.is_valid():
            data = form.cleaned_data
            application = data["number"]
            target = (
                {"school": application.principal.school}
                if data["whole_school"]
                else {"principal": application.principal}
            )
            try:
                reviews.declare_conflict(
                    actor=self.actor,
                    call=self.call,
                    expert=data["expert"],
                    reason=data["reason"],
                    **target,
                )
            except ValidationError as error:
                report(self.request, error)
            else:
                messages.success(
                    self.request,
                    _("已登记 %(expert)s 的回避；涉及的未提交评审已撤回")
                    % {"expert": data["expert"]},
                )
                return self.back("conflicts")
        return self.render_to_response(self.get_context_data(conflict_form=form))

    def assign_automatically(self):
        call = self.call
        before = Review.objects.filter(application__call=call).count()
        try:
            result = reviews.assign_automatically(actor=self.actor, call=call)
        except ValidationError as error:
            report(self.request, error)
            return self.back()
        added = Review.objects.filter(application__call=call).count() - before
        loads = list(result.load.values())
        short_ids = list(result.short)[:SHORT_LISTED]
        named = Application.objects.filter(pk__in=short_ids).select_related("principal__school")
        named = {a.pk: a for a in named}
        outcome = {
            "added": added,
            "lowest": min(loads, default=0),
            "highest": max(loads, default=0),
            "short": [(named[pk], result.short[pk]) for pk in short_ids if pk in named],
            "short_total": len(result.short),
        }
        return self.render_to_response(self.get_context_data(outcome=outcome))

    def assign(self):
        form = AssignForm(self.request.POST, applications=self.cases, experts=self.panel_experts)
        if not form.is_valid():
            form_errors(self.request, form)
            return self.back()
        application = form.cleaned_data["application"]
        expert = form.cleaned_data["expert"]
        prefix = f"{application.number}："
        try:
            reviews.assign_expert(actor=self.actor, application=application, expert=expert)
        except ValidationError as error:
            report(self.request, error, prefix)
        else:
            messages.success(self.request, prefix + _("已指定 %(name)s 评审") % {"name": expert})
        return self.back(f"a{application.pk}")

    def unassign(self):
        form = UnassignForm(self.request.POST, call=self.call)
        if not form.is_valid():
            form_errors(self.request, form)
            return self.back()
        review = form.cleaned_data["review"]
        try:
            reviews.unassign(actor=self.actor, review=review)
        except ValidationError as error:
            report(self.request, error)
        else:
            messages.success(
                self.request, _("已撤回 %(name)s 的这份评审") % {"name": review.expert}
            )
        return self.back(f"a{review.application_id}")
