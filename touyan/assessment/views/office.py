"""The centre's pages: the rounds of the programmes it manages, opening a round from the policy,
a round with its cases and stage moves, its expert panel with the assignments, and one case
with the experts' scores and moderation."""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from touyan.accounts.models import User
from touyan.core.actors import Actor
from touyan.core.feedback import form_errors, report
from touyan.core.forms import add_service_errors
from touyan.core.pagination import paginate
from touyan.core.permissions import ObjectPermissionMixin, PermissionMixin
from touyan.people.models import School
from touyan.policies.names import shown
from touyan.programmes.access import access_of
from touyan.programmes.models import Programme, Studio
from touyan.programmes.policy import spec_of
from touyan.programmes.rules import runs_programmes
from touyan.programmes.selectors import programmes_visible_to
from touyan.regions import codes
from touyan.selection.selectors import experts_for

from .. import presenters
from ..forms.office import (
    AssignForm,
    ConflictForm,
    KindForm,
    ModerateForm,
    OpenRoundForm,
    PanelAddForm,
    ReconsiderForm,
    UnassignForm,
)
from ..models import Assessor, Case, Panel, Round, Score
from ..rubric import rubric_of
from ..selectors import managed_cases, rounds_managed_by
from ..services import moderation, panel, stages
from ..services.rounds import open_round, periods_for
from ..survey import aggregate

ROUNDS_SHOWN = 30
CASES_SHOWN = 50


class OfficeMixin(PermissionMixin):
    """Whoever runs programmes; everyone else finds no such page."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not runs_programmes(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


def managed_programmes(user) -> list[Programme]:
    access = access_of(user)
    return [
        p for p in programmes_visible_to(user).order_by("-starts_on", "pk") if access.manages(p)
    ]


class RoundsView(OfficeMixin, TemplateView):
    template_name = "assessment/office/rounds.html"

    def get_context_data(self, **kwargs):
        rounds = (
            rounds_managed_by(self.request.user)
            .annotate(subjects_count=Count("cases", distinct=True))
            .order_by("-period_ends", "programme", "code", "pk")
        )
        page, query = paginate(self.request, rounds, ROUNDS_SHOWN)
        openable = [
            p for p in managed_programmes(self.request.user) if spec_of(p).assessment is not None
        ]
        return super().get_context_data(page=page, query=query, programmes=openable, **kwargs)


class OpenRoundView(OfficeMixin, TemplateView):
    template_name = "assessment/office/open.html"

    @cached_property
    def programme(self) -> Programme:
        for programme in managed_programmes(self.request.user):
            if programme.slug == self.kwargs["slug"]:
                return programme
        raise Http404

    @cached_property
    def assessment(self):
        assessment = spec_of(self.programme).assessment
        if assessment is None or not assessment.rounds:
            raise Http404
        return assessment

    def kind_form(self) -> KindForm:
        data = self.request.GET if "code" in self.request.GET else None
        return KindForm(
            data,
            rounds=self.assessment.rounds,
            cohorts=self.programme.cohorts.order_by("number"),
        )

    def chosen(self, kind: KindForm):
        """The round kind and cohort chosen in step one, or (None, None)."""
        if not kind.is_bound or not kind.is_valid():
            return None, None
        spec = self.assessment.round(kind.cleaned_data["code"])
        cohort = kind.cleaned_data.get("cohort")
        if spec.subjects == "trainees" and cohort is None:
            kind.add_error("cohort", _("培养人选的考核须指定培训班"))
            return None, None
        return spec, cohort if spec.subjects == "trainees" else None

    def open_form(self, spec, cohort, data=None) -> OpenRoundForm:
        periods = periods_for(self.programme, spec.code, cohort=cohort)
        return OpenRoundForm(data, periods=periods)

    def get_context_data(self, **kwargs):
        kind = kwargs.pop("kind", None) or self.kind_form()
        spec, cohort = self.chosen(kind)
        if spec is not None:
            kwargs.setdefault("form", self.open_form(spec, cohort))
        return super().get_context_data(
            programme=self.programme,
            kind=kind,
            spec=spec,
            spec_name=shown(spec) if spec else "",
            cohort=cohort,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        kind = self.kind_form()
        spec, cohort = self.chosen(kind)
        if spec is None:
            form_errors(request, kind)
            return redirect(request.path)
        form = self.open_form(spec, cohort, request.POST)
        if form.is_valid():
            try:
                round_ = open_round(
                    actor=Actor.from_request(request),
                    programme=self.programme,
                    code=spec.code,
                    cohort=cohort,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("已开启%(name)s") % {"name": round_.name})
                return redirect("assessment:round", pk=round_.pk)
        return self.render_to_response(self.get_context_data(kind=kind, form=form))


# One round -----------------------------------------------------------------------------------


class RoundMixin(ObjectPermissionMixin):
    permission_required = "assessment.manage_round"
    tab = ""

    def get_queryset(self):
        return rounds_managed_by(self.request.user).select_related(
            "programme__jurisdiction", "policy_version"
        )

    @cached_property
    def round(self) -> Round:
        return self.get_object()

    @property
    def actor(self) -> Actor:
        return Actor.from_request(self.request)

    def get_context_data(self, **kwargs):
        round_ = self.round
        kwargs.setdefault("round", round_)
        kwargs.setdefault("tab", self.tab)
        kwargs.setdefault("steps", presenters.stage_steps(round_))
        kwargs.setdefault("by_experts", round_.assessed_by == Assessor.EXPERTS)
        return super().get_context_data(**kwargs)

    def back(self, anchor: str = ""):
        page = self.request.GET.get("page", "")
        location = self.request.path + (f"?page={page}" if page.isdigit() else "")
        return redirect(location + (f"#{anchor}" if anchor else ""))


def scores_by_case(cases) -> dict[int, list[Score]]:
    found = defaultdict(list)
    for score in (
        Score.objects.filter(case__in=cases, for_review=False)
        .select_related("expert")
        .order_by("pk")
    ):
        found[score.case_id].append(score)
    return found


class RoundView(RoundMixin, TemplateView):
    template_name = "assessment/office/round.html"
    tab = "round"

    def get_context_data(self, **kwargs):
        round_ = self.round
        counts = round_.cases.aggregate(
            total=Count("pk"),
            **{status: Count("pk", filter=Q(status=status)) for status in Case.Status.values},
            flagged=Count("pk", filter=Q(needs_moderation=True)),
        )
        cases = round_.cases.select_related(
            "studio", "member__principal", "trainee__principal"
        ).order_by("pk")
        show = self.request.GET.get("show", "")
        if show == "flagged":
            cases = cases.filter(needs_moderation=True)
        page, query = paginate(self.request, cases, CASES_SHOWN)
        found = scores_by_case(list(page))
        rubric = rubric_of(round_)
        rows = [
            {
                "case": case,
                "scores": found[case.pk],
                "proposed": presenters.proposed_name(round_, case.proposed_grade),
            }
            for case in page
        ]
        return super().get_context_data(
            counts=counts,
            statuses=[(value, label, counts[value]) for value, label in Case.Status.choices],
            page=page,
            query=query,
            show=show,
            rows=rows,
            rubric=rubric,
            criteria=presenters.rubric_rows(round_),
            grades=presenters.grade_rows(round_),
            missing=panel.missing_experts(round_) if round_.stage == Round.Stage.PREPARING else 0,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        moves = {"start_scoring": stages.start_scoring, "close_scoring": stages.close_scoring}
        move = moves.get(request.POST.get("action", ""))
        if move is None:
            return self.back()
        try:
            round_ = move(actor=self.actor, round_=self.round)
        except ValidationError as error:
            report(request, error)
        else:
            messages.success(
                request, _("考核轮次已进入“%(stage)s”") % {"stage": round_.get_stage_display()}
            )
        return self.back()


class PanelView(RoundMixin, TemplateView):
    template_name = "assessment/office/panel.html"
    tab = "panel"

    def get(self, request, *args, **kwargs):
        if self.round.assessed_by != Assessor.EXPERTS:
            raise Http404
        return super().get(request, *args, **kwargs)

    @cached_property
    def members(self) -> list[Panel]:
        return list(
            self.round.panel.filter(for_review=False)
            .select_related("expert", "school")
            .order_by("pk")
        )

    @cached_property
    def panel_experts(self):
        return User.objects.filter(pk__in=[m.expert_id for m in self.members]).order_by(
            "full_name", "username"
        )

    @cached_property
    def studios(self):
        return Studio.objects.filter(
            pk__in=self.round.cases.filter(studio__isnull=False).values("studio_id")
        ).order_by("name")

    def add_form(self, data=None) -> PanelAddForm:
        return PanelAddForm(
            data,
            experts=experts_for(self.round)
            .exclude(pk__in=[m.expert_id for m in self.members])
            .order_by("full_name", "username"),
            schools=School.objects.filter(region__code__startswith=self._prefix()).order_by(
                "region_id", "name"
            ),
        )

    def _prefix(self) -> str:
        return codes.scope_prefix(self.round.programme.jurisdiction_id)

    def conflict_form(self, data=None) -> ConflictForm:
        return ConflictForm(data, experts=self.panel_experts, studios=self.studios)

    def get_context_data(self, **kwargs):
        round_ = self.round
        progress = {
            row["expert_id"]: row
            for row in Score.objects.filter(case__round=round_, for_review=False)
            .values("expert_id")
            .annotate(
                assigned=Count("pk"), submitted=Count("pk", filter=Q(submitted_at__isnull=False))
            )
            .order_by()
        }
        members = [
            (m, progress.get(m.expert_id, {"assigned": 0, "submitted": 0})) for m in self.members
        ]
        page, query = paginate(
            self.request,
            round_.cases.select_related("studio", "trainee__principal").order_by("pk"),
            CASES_SHOWN,
        )
        found = scores_by_case(list(page))
        rows = []
        for case in page:
            held = {s.expert_id for s in found[case.pk]}
            rows.append(
                {
                    "case": case,
                    "scores": found[case.pk],
                    "others": [m for m in self.members if m.expert_id not in held],
                    "open": case.status in panel.ASSIGNABLE,
                }
            )
        kwargs.setdefault("add_form", self.add_form())
        kwargs.setdefault("conflict_form", self.conflict_form())
        return super().get_context_data(
            members=members,
            assigned=sum(p["assigned"] for _m, p in members),
            submitted=sum(p["submitted"] for _m, p in members),
            conflicts=round_.conflicts.select_related("expert", "studio").order_by("declared_at"),
            page=page,
            query=query,
            rows=rows,
            wanted=rubric_of(round_).experts_per_subject,
            assigning=round_.stage in (Round.Stage.PREPARING, Round.Stage.SCORING),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        handler = {
            "add_expert": self.add_expert,
            "remove_expert": self.remove_expert,
            "conflict": self.record_conflict,
            "auto": self.assign_automatically,
            "assign": self.assign,
            "unassign": self.unassign,
        }.get(request.POST.get("action", ""))
        return handler() if handler else self.back()

    def add_expert(self):
        form = self.add_form(self.request.POST)
        if form.is_valid():
            try:
                member = panel.add_expert(actor=self.actor, round_=self.round, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    self.request, _("已将 %(name)s 加入专家组") % {"name": member.expert}
                )
                return self.back("panel")
        return self.render_to_response(self.get_context_data(add_form=form))

    def remove_expert(self):
        member = next(
            (m for m in self.members if str(m.pk) == self.request.POST.get("panel", "")), None
        )
        if member is None:
            return self.back("panel")
        try:
            panel.remove_expert(actor=self.actor, panel=member)
        except ValidationError as error:
            report(self.request, error)
        else:
            messages.success(self.request, _("已将 %(name)s 移出专家组") % {"name": member.expert})
        return self.back("panel")

    def record_conflict(self):
        form = self.conflict_form(self.request.POST)
        if form.is_valid():
            try:
                panel.declare_conflict(actor=self.actor, round_=self.round, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    self.request,
                    _("已登记 %(expert)s 的回避；涉及的未提交评分已撤回")
                    % {"expert": form.cleaned_data["expert"]},
                )
                return self.back("conflicts")
        return self.render_to_response(self.get_context_data(conflict_form=form))

    def assign_automatically(self):
        try:
            result = panel.assign_automatically(actor=self.actor, round_=self.round)
        except ValidationError as error:
            report(self.request, error)
            return self.back()
        loads = list(result.load.values())
        if result.short:
            messages.warning(
                self.request,
                _("%(count)d 个考核对象未配足专家，请增加专家或人工指定")
                % {"count": len(result.short)},
            )
        messages.success(
            self.request,
            _("已自动分配；每位专家现有 %(low)d～%(high)d 个考核对象")
            % {"low": min(loads, default=0), "high": max(loads, default=0)},
        )
        return self.back("cases")

    def assign(self):
        form = AssignForm(
            self.request.POST, cases=self.round.cases.all(), experts=self.panel_experts
        )
        if not form.is_valid():
            form_errors(self.request, form)
            return self.back("cases")
        case, expert = form.cleaned_data["case"], form.cleaned_data["expert"]
        prefix = f"{case}："
        try:
            panel.assign_expert(actor=self.actor, case=case, expert=expert)
        except ValidationError as error:
            report(self.request, error, prefix)
        else:
            messages.success(self.request, prefix + _("已指定 %(name)s 评审") % {"name": expert})
        return self.back(f"c{case.pk}")

    def unassign(self):
        scores = Score.objects.filter(case__round=self.round, for_review=False)
        form = UnassignForm(self.request.POST, scores=scores)
        if not form.is_valid():
            form_errors(self.request, form)
            return self.back("cases")
        score = form.cleaned_data["score"]
        try:
            panel.unassign(actor=self.actor, score=score)
        except ValidationError as error:
            report(self.request, error)
        else:
            messages.success(self.request, _("已撤回 %(name)s 的评分任务") % {"name": score.expert})
        return self.back(f"c{score.case_id}")


# One case ------------------------------------------------------------------------------------


class CaseView(ObjectPermissionMixin, TemplateView):
    template_name = "assessment/office/case.html"
    permission_required = "assessment.manage_case"

    def get_queryset(self):
        return managed_cases(self.request.user)

    @cached_property
    def case(self) -> Case:
        return self.get_object()

    @cached_property
    def scores(self) -> list[Score]:
        return list(
            self.case.scores.filter(for_review=False).select_related("expert").order_by("pk")
        )

    def moderating(self) -> bool:
        case = self.case
        return case.status == Case.Status.SCORED and case.round.stage in (
            Round.Stage.SCORING,
            Round.Stage.DECIDING,
        )

    def reconsider_scores(self):
        return self.case.scores.filter(for_review=False, submitted_at__isnull=False).select_related(
            "expert"
        )

    def get_context_data(self, **kwargs):
        case = self.case
        round_ = case.round
        rubric = rubric_of(round_)
        if self.moderating():
            kwargs.setdefault(
                "moderate_form",
                ModerateForm(rubric=rubric, initial={"grade": case.proposed_grade}),
            )
            if round_.stage == Round.Stage.SCORING:
                kwargs.setdefault(
                    "reconsider_form", ReconsiderForm(scores=self.reconsider_scores())
                )
        return super().get_context_data(
            case=case,
            round=round_,
            scores=[{"score": s, "rows": presenters.score_rows(round_, s)} for s in self.scores],
            proposed=presenters.proposed_name(round_, case.proposed_grade),
            survey=aggregate(case) if case.studio_id and not case.member_id else None,
            spread_limit=rubric.spread,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not self.moderating():
            messages.info(request, _("这个考核对象现在不能合议"))
            return redirect(request.path)
        actor = Actor.from_request(request)
        if request.POST.get("action") == "reconsider":
            form = ReconsiderForm(request.POST, scores=self.reconsider_scores())
            if form.is_valid():
                try:
                    moderation.ask_to_reconsider(actor=actor, **form.cleaned_data)
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(request, _("已请专家重新评分"))
                    return redirect(request.path)
            return self.render_to_response(self.get_context_data(reconsider_form=form))
        form = ModerateForm(request.POST, rubric=rubric_of(self.case.round))
        if form.is_valid():
            try:
                moderation.moderate(actor=actor, case=self.case, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("合议意见已记录"))
                return redirect(request.path)
        return self.render_to_response(self.get_context_data(moderate_form=form))
