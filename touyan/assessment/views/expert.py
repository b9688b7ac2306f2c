"""The expert's pages: the cases assigned to them, and one case — the frozen dossier, the
members' survey in aggregate and the scoring form (HN-5.3). Read on a phone as often as not.

An expert sees only their own assignments (any other answers 404), and no personal numbers: the
dossier shows none and nothing here adds any."""

from __future__ import annotations

from functools import cached_property

import rules
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from touyan.accounts.roles import Role
from touyan.accounts.scopes import scope_of
from touyan.core.actors import Actor
from touyan.core.forms import add_service_errors
from touyan.core.pagination import paginate
from touyan.core.permissions import ObjectPermissionMixin, PermissionMixin

from .. import presenters
from ..forms.expert import DeclareConflictForm, ScoreForm
from ..models import Score
from ..rubric import rubric_of
from ..selectors import next_open_score, scores_of
from ..services import panel, scoring
from ..survey import aggregate

CASES_SHOWN = 50


class ExpertMixin(PermissionMixin):
    """Experts only: those in the pool, or anyone with an assignment."""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if (
            user.is_authenticated
            and not scope_of(user).has(Role.EXPERT)
            and not Score.objects.filter(expert=user).exists()
        ):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class MyCasesView(ExpertMixin, TemplateView):
    template_name = "assessment/expert/cases.html"

    def get_context_data(self, **kwargs):
        mine = (
            scores_of(self.request.user)
            # The list needs no dossier: leave the cases' largest columns in the database.
            .defer("case__dossier", "case__self_report", "case__round__rubric")
            .order_by(
                F("submitted_at").desc(nulls_first=True), "case__round_id", "assigned_at", "pk"
            )
        )
        totals = mine.aggregate(
            all=Count("pk"), submitted=Count("pk", filter=Q(submitted_at__isnull=False))
        )
        page, query = paginate(self.request, mine, CASES_SHOWN)
        user = self.request.user
        rows = [
            {"score": score, "open": rules.has_perm("assessment.score_now", user, score)}
            for score in page
        ]
        return super().get_context_data(page=page, query=query, rows=rows, totals=totals, **kwargs)


class ScoreView(ObjectPermissionMixin, TemplateView):
    permission_required = "assessment.score"
    template_name = "assessment/expert/case.html"

    def get_queryset(self):
        return scores_of(self.request.user).select_related("case__member__principal")

    @cached_property
    def score(self) -> Score:
        return self.get_object()

    @cached_property
    def open(self) -> bool:
        return rules.has_perm("assessment.score_now", self.request.user, self.score)

    def get_context_data(self, **kwargs):
        score = self.score
        case = score.case
        round_ = case.round
        rubric = rubric_of(round_)
        if self.open:
            kwargs.setdefault(
                "form", ScoreForm(rubric=rubric, initial=ScoreForm.initial_from(score))
            )
            if case.studio_id and not case.member_id:
                kwargs.setdefault("conflict_form", DeclareConflictForm())
        form = kwargs.get("form")
        levels = {row["code"]: row for row in presenters.rubric_rows(round_)}
        return super().get_context_data(
            score=score,
            case=case,
            round=round_,
            rubric=rubric,
            rows=[(levels[c.code], points, remark) for c, points, remark in form.rows()]
            if form
            else [],
            mine=presenters.score_rows(round_, score),
            survey=aggregate(case) if case.studio_id and not case.member_id else None,
            pass_mark=scoring.pass_mark(rubric),
            open=self.open,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not self.open:
            messages.info(request, _("这份评分已不能修改"))
            return redirect(request.path)
        action = request.POST.get("action", "")
        if action == "conflict":
            return self.declare_conflict()
        score = self.score
        form = ScoreForm(request.POST, rubric=rubric_of(score.case.round))
        if form.is_valid():
            write = scoring.submit_score if action == "submit" else scoring.save_score
            try:
                write(
                    actor=Actor.from_request(request),
                    score=score,
                    points=form.points(),
                    remarks=form.remarks(),
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if action == "submit":
                    return self.on_to_next(score)
                messages.success(request, _("草稿已保存，尚未提交"))
                return redirect(request.path)
        return self.render_to_response(self.get_context_data(form=form))

    def on_to_next(self, score: Score):
        """After a score is handed in, the next case waiting opens; the list when none is."""
        following = next_open_score(self.request.user, after=score)
        if following is None:
            messages.success(self.request, _("评分已提交，您的评分任务已全部完成"))
            return redirect("assessment:expert_cases")
        messages.success(self.request, _("评分已提交，以下是下一个待评审的考核对象"))
        return redirect("assessment:expert_score", pk=following.pk)

    def declare_conflict(self):
        form = DeclareConflictForm(self.request.POST)
        case = self.score.case
        if form.is_valid() and case.studio_id:
            try:
                panel.declare_conflict(
                    actor=Actor.from_request(self.request),
                    round_=case.round,
                    expert=self.request.user,
                    studio=case.studio,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    self.request, _("已声明回避，这份评分已撤回，培训中心将另行安排专家")
                )
                return redirect("assessment:expert_cases")
        return self.render_to_response(self.get_context_data(conflict_form=form))
