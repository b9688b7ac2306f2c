"""Review requests (复核): the host's request on their studio's result; the centre's list and
review page (forming the different panel; the authority's decision there); the review
expert's scoring form."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from touyan.accounts.models import User
from touyan.core.actors import Actor
from touyan.core.permissions import ObjectPermissionMixin, PermissionMixin
from touyan.programmes.inbox import managed

from ..models import Case, ReviewRequest, Score
from ..rubric import grade_name, rubric_of
from ..services.reviews import (
    assign_reviewer,
    decide_review,
    request_review,
    review_candidates,
    submit_review_score,
    unassign_reviewer,
)
from .decisions import CASE_RELATED, subject_label


def _messages_of(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]


class RequestReviewView(ObjectPermissionMixin, TemplateView):
    """The host asks for a review of the studio's published grade."""

    permission_required = "assessment.request_review"
    template_name = "assessment/reviews/request.html"

    def get_queryset(self):
        return Case.objects.select_related("round__programme", *CASE_RELATED)

    def get_context_data(self, **kwargs):
        case = self.get_object()
        round_ = case.round
        review = ReviewRequest.objects.filter(case=case).first()
        closes = round_.review_closes_on
        return super().get_context_data(
            case=case,
            round=round_,
            label=subject_label(case),
            grade=grade_name(rubric_of(round_), case.grade),
            review=review,
            open=review is None and closes is not None and timezone.localdate() <= closes,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        case = self.get_object()
        reason = request.POST.get("reason", "")
        try:
            request_review(actor=Actor.from_request(request), case=case, reason=reason)
        except ValidationError as error:
            return self.render_to_response(
                self.get_context_data(errors=_messages_of(error), reason=reason)
            )
        messages.success(request, _("复核申请已提交，结果将另行通知"))
        return redirect("assessment:result", case.pk)


class ReviewListView(PermissionMixin, TemplateView):
    """The review requests of the programmes the user manages, the pending first."""

    template_name = "assessment/reviews/list.html"

    def get_context_data(self, **kwargs):
        condition = managed(self.request.user, "case__round__programme")
        if condition is None:
            raise Http404
        reviews = (
            ReviewRequest.objects.filter(condition)
            .select_related("case__round", "case__studio")
            .order_by("status", "-requested_at", "pk")[:200]
        )
        return super().get_context_data(reviews=reviews, **kwargs)


class ReviewView(ObjectPermissionMixin, TemplateView):
    """One review request for the centre: the first panel's totals, the review panel and its
    scores; the authority's decision once the review panel has scored."""

    permission_required = "assessment.manage_reviews"
    template_name = "assessment/reviews/review.html"

    def get_queryset(self):
        return ReviewRequest.objects.select_related(
            "case__round__programme", "case__studio__host__school"
        )

    def get_permission_object(self):
        return self.get_object().case

    def get_context_data(self, **kwargs):
        review = self.get_object()
        case = review.case
        rubric = rubric_of(case.round)
        scores = list(case.scores.select_related("expert").order_by("for_review", "pk"))
        reviewers = [s for s in scores if s.for_review]
        user = self.request.user
        pending = review.status == ReviewRequest.Status.REQUESTED
        return super().get_context_data(
            review=review,
            case=case,
            label=subject_label(case),
            original=grade_name(rubric, review.original_grade),
            grade=grade_name(rubric, case.grade),
            first_panel=[s for s in scores if not s.for_review],
            reviewers=reviewers,
            experts=review_candidates(case, {s.expert_id for s in scores}) if pending else [],
            grades=[(g.code, grade_name(rubric, g.code)) for g in rubric.grades],
            pending=pending,
            may_decide=pending
            and user.has_perm("assessment.decide_review", case)
            and bool(reviewers)
            and all(s.submitted_at for s in reviewers),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        review = self.get_object()
        actor = Actor.from_request(request)
        action = request.POST.get("action")
        try:
            if action == "assign":
                expert = User.objects.filter(pk=request.POST.get("expert") or 0).first()
                if expert is None:
                    raise ValidationError(_("请选择复核专家"))
                assign_reviewer(actor=actor, review=review, expert=expert)
                messages.success(request, _("已安排复核专家"))
            elif action == "unassign":
                score = review.case.scores.filter(
                    for_review=True, pk=request.POST.get("score") or 0
                ).first()
                if score is None:
                    raise ValidationError(_("没有这位复核专家"))
                unassign_reviewer(actor=actor, score=score)
                messages.success(request, _("已撤回复核专家"))
            elif action == "decide":
                decide_review(
                    actor=actor,
                    review=review,
                    upheld=request.POST.get("outcome") == "upheld",
                    grade=request.POST.get("grade", ""),
                    decision=request.POST.get("decision", ""),
                )
                messages.success(request, _("复核决定已作出"))
            else:
                raise ValidationError(_("操作不正确"))
        except ValidationError as error:
            return self.render_to_response(
                self.get_context_data(errors=_messages_of(error), entered=request.POST)
            )
        return redirect(request.path)


class ReviewScoreView(ObjectPermissionMixin, TemplateView):
    """A review expert scores the case's frozen dossier on the round's rubric."""

    permission_required = "assessment.score_review"
    template_name = "assessment/reviews/score.html"

    def get_queryset(self):
        return Score.objects.filter(expert=self.request.user, for_review=True).select_related(
            "case__round__programme", "case__studio", "case__review_request"
        )

    def get_context_data(self, **kwargs):
        score = self.get_object()
        case = score.case
        rubric = rubric_of(case.round)
        entered = kwargs.pop("entered", None)
        criteria = [
            {
                "criterion": c,
                "value": (entered or {}).get(f"points-{c.code}", score.points.get(c.code, "")),
                "remark": (entered or {}).get(f"remark-{c.code}", score.remarks.get(c.code, "")),
            }
            for c in rubric.rubric
        ]
        return super().get_context_data(
            score=score,
            case=case,
            review=case.review_request,
            label=subject_label(case),
            criteria=criteria,
            comment=(entered or {}).get("comment", score.comment),
            open=score.submitted_at is None
            and case.review_request.status == ReviewRequest.Status.REQUESTED,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        score = self.get_object()
        rubric = rubric_of(score.case.round)
        try:
            submit_review_score(
                actor=Actor.from_request(request),
                score=score,
                points={c.code: request.POST.get(f"points-{c.code}") for c in rubric.rubric},
                remarks={c.code: request.POST.get(f"remark-{c.code}", "") for c in rubric.rubric},
                comment=request.POST.get("comment", ""),
            )
        except ValidationError as error:
            return self.render_to_response(
                self.get_context_data(errors=_messages_of(error), entered=request.POST)
            )
        messages.success(request, _("复核评分已提交"))
        return redirect(request.path)
