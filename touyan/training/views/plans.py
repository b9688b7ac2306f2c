"""The personal development plan's pages: the plan (versions, what changed, milestones and
their progress, the mentors' thread), editing the open version, the centre's decision, and the
centre's list of plans waiting for approval."""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from touyan.core.actors import Actor
from touyan.core.forms import add_service_errors
from touyan.core.permissions import PermissionMixin
from touyan.programmes.models import Programme, Trainee

from ..forms.mentors import CommentForm
from ..forms.plans import DecisionForm, MilestoneFormSet, PlanForm, ProgressForm, milestones_from
from ..models import DevelopmentPlan, MilestoneProgress, PlanVersion
from ..services import plans as services
from ..services.comments import add_comment, thread_of


class PlanMixin(PermissionMixin):
    """The trainee (``pk``) and their plan, created empty on first sight only by a write."""

    permission_required = "training.view_plan"

    @cached_property
    def trainee(self) -> Trainee:
        return get_object_or_404(
            Trainee.objects.select_related("cohort__programme", "principal__school"),
            pk=self.kwargs["pk"],
        )

    @cached_property
    def plan(self) -> DevelopmentPlan:
        found = (
            DevelopmentPlan.objects.filter(trainee=self.trainee).select_related("approved").first()
        )
        # An unsaved plan answers the permission question the same way (it is about the
        # trainee); pages that need rows create them through the services.
        return found or DevelopmentPlan(trainee=self.trainee)

    def get_permission_object(self):
        return self.plan

    def back(self):
        return redirect("training:plan", pk=self.trainee.pk)


class PlanView(PlanMixin, TemplateView):
    template_name = "training/plans/plan.html"

    def get_context_data(self, **kwargs):
        user, plan = self.request.user, self.plan
        versions = []
        if plan.pk:
            versions = list(
                plan.versions.select_related("decided_by")
                .prefetch_related("milestones")
                .order_by("number")
            )
        changes = []
        for before, after in zip([None, *versions], versions, strict=False):
            changes.append((after, services.compare(before, after)))
        latest = versions[-1] if versions else None
        approved = plan.approved if plan.pk else None
        progress = defaultdict(list)
        if approved is not None:
            for row in MilestoneProgress.objects.filter(plan=plan).select_related("noted_by"):
                progress[row.milestone_key].append(row)
        milestones = []
        if approved is not None:
            for milestone in approved.milestones.all():
                milestone.progress = progress.get(milestone.key, [])
                milestones.append(milestone)
        goals = []
        if latest is not None:
            goals = [
                (services.DIMENSION_NAMES.get(g["dimension"], g["dimension"]), g["text"])
                for g in latest.goals
            ]
        may_write = user.has_perm("training.write_plan", plan)
        may_decide = user.has_perm("training.decide_plan", plan)
        return super().get_context_data(
            trainee=self.trainee,
            programme=self.trainee.cohort.programme,
            plan=plan,
            versions=list(reversed(changes)),
            latest=latest,
            goals=goals,
            approved=approved,
            milestones=milestones,
            thread=list(thread_of(plan)) if plan.pk else [],
            comment_form=CommentForm(),
            decision_form=DecisionForm(),
            progress_form=ProgressForm(),
            may_write=may_write,
            may_edit=may_write and (latest is None or services.PLAN.allows(latest, "edit")),
            may_revise=may_write
            and latest is not None
            and latest.state in (PlanVersion.State.APPROVED, PlanVersion.State.SUPERSEDED),
            may_submit=may_write and latest is not None and services.PLAN.allows(latest, "submit"),
            may_decide=may_decide
            and latest is not None
            and latest.state == PlanVersion.State.SUBMITTED,
            may_comment=plan.pk and user.has_perm("training.comment", plan),
            may_note=approved is not None and user.has_perm("training.note_progress", plan),
            **kwargs,
        )


class PlanEditView(PlanMixin, TemplateView):
    permission_required = "training.write_plan"
    template_name = "training/plans/plan_form.html"

    def version(self, actor) -> PlanVersion:
        return services.start_plan(actor=actor, trainee=self.trainee)

    def get(self, request, *args, **kwargs):
        plan = self.plan
        latest = plan.versions.order_by("-number").first() if plan.pk else None
        if latest is not None and latest.state == PlanVersion.State.SUBMITTED:
            messages.info(request, _("规划已提交，等待培训中心批准，暂不能修改"))
            return self.back()
        # The open version, else the approved one a new version will start from.
        if latest is not None and services.PLAN.allows(latest, "edit"):
            source = latest
        else:
            source = plan.approved if plan.pk else None
        form = PlanForm(initial=PlanForm.initial_for(source) if source else None)
        initial = (
            [
                {"key": m.key, "title": m.title, "due_on": m.due_on, "expected": m.expected}
                for m in source.milestones.all()
            ]
            if source
            else []
        )
        formset = MilestoneFormSet(initial=initial, prefix="m")
        return self.render_to_response(self.get_context_data(form=form, formset=formset))

    def post(self, request, *args, **kwargs):
        form = PlanForm(request.POST)
        formset = MilestoneFormSet(request.POST, prefix="m")
        if form.is_valid() and formset.is_valid():
            actor = Actor.from_request(request)
            try:
                version = self.version(actor)
                services.save_draft(
                    actor=actor,
                    version=version,
                    goals=form.goals(),
                    actions=form.cleaned_data["actions"],
                    expected_results=form.cleaned_data["expected_results"],
                    milestones=milestones_from(formset),
                )
                if "submit" in request.POST:
                    services.submit_plan(actor=actor, version=version)
                    messages.success(request, _("规划已提交，导师将提出意见，培训中心审批"))
                else:
                    messages.success(request, _("草稿已保存"))
                return self.back()
            except ValidationError as error:
                add_service_errors(form, error)
        return self.render_to_response(self.get_context_data(form=form, formset=formset))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            trainee=self.trainee, programme=self.trainee.cohort.programme, **kwargs
        )


class PlanActionView(PlanMixin, View):
    """The POST-only steps on the plan: submit, revise, approve, return, comment, progress."""

    action = ""

    @property
    def permission_required(self):
        return {
            "submit": "training.write_plan",
            "revise": "training.write_plan",
            "approve": "training.decide_plan",
            "return": "training.decide_plan",
            "comment": "training.comment",
            "progress": "training.note_progress",
        }[self.action]

    def post(self, request, *args, **kwargs):
        actor = Actor.from_request(request)
        plan = self.plan
        latest = plan.versions.order_by("-number").first() if plan.pk else None
        try:
            match self.action:
                case "revise":
                    services.start_plan(actor=actor, trainee=self.trainee)
                    return redirect("training:plan_edit", pk=self.trainee.pk)
                case "submit":
                    if latest is None:
                        raise ValidationError(_("还没有规划草稿"))
                    services.submit_plan(actor=actor, version=latest)
                    messages.success(request, _("规划已提交"))
                case "approve" | "return":
                    form = DecisionForm(request.POST)
                    note = form.data.get("note", "")
                    if latest is None:
                        raise ValidationError(_("还没有规划"))
                    if self.action == "approve":
                        services.approve_plan(actor=actor, version=latest, note=note)
                        messages.success(request, _("规划已批准"))
                    else:
                        services.return_plan(actor=actor, version=latest, note=note)
                        messages.success(request, _("规划已退回修改"))
                case "comment":
                    if not plan.pk:
                        raise ValidationError(_("还没有规划"))
                    form = CommentForm(request.POST)
                    if not form.is_valid():
                        raise ValidationError(_("请填写意见"))
                    parent = None
                    if form.cleaned_data.get("parent"):
                        parent = thread_of(plan).filter(pk=form.cleaned_data["parent"]).first()
                    add_comment(
                        actor=actor,
                        target=plan,
                        body=form.cleaned_data["body"],
                        parent=parent,
                        url=services.plan_url(plan),
                    )
                    messages.success(request, _("意见已发表"))
                case "progress":
                    form = ProgressForm(request.POST)
                    if not form.is_valid() or not plan.pk:
                        raise ValidationError(_("请选择进展情况"))
                    services.note_progress(
                        actor=actor,
                        plan=plan,
                        milestone_key=form.cleaned_data["milestone"],
                        status=form.cleaned_data["status"],
                        note=form.cleaned_data["note"],
                    )
                    messages.success(request, _("进展已记录"))
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        return self.back()


class PlansWaitingView(PermissionMixin, TemplateView):
    """The centre: the plans of a programme submitted and waiting for its decision."""

    permission_required = "programmes.manage_programme"
    template_name = "training/plans/waiting.html"

    @cached_property
    def programme(self) -> Programme:
        return get_object_or_404(Programme, pk=self.kwargs["programme"])

    def get_permission_object(self):
        return self.programme

    def get_context_data(self, **kwargs):
        kwargs.pop("programme", None)  # the URL's id; the page shows the object
        versions = (
            PlanVersion.objects.filter(
                plan__trainee__cohort__programme=self.programme,
                state=PlanVersion.State.SUBMITTED,
            )
            .select_related("plan__trainee__principal__school", "plan__trainee__cohort")
            .order_by("submitted_at", "pk")
        )
        return super().get_context_data(programme=self.programme, versions=versions, **kwargs)
