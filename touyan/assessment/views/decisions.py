"""The authority's pages: a round's decisions (one row per case: the proposal, the score, the
spread and the moderation flag, a grade and its reasons), publication with a confirmation; and
a published result, for the centre, the studio's host and its members."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from touyan.core.actors import Actor
from touyan.core.permissions import ObjectPermissionMixin

from ..models import Case, ReviewRequest, Round
from ..rubric import grade_name, rubric_of
from ..services.decisions import accept_proposals, decide_case, publish_round
from ..states import ROUND

CASE_RELATED = ("studio__host", "member__principal__school", "trainee__principal__school")


def subject_label(case: Case) -> str:
    if case.member_id:
        return case.member.principal.name
    if case.trainee_id:
        return case.trainee.principal.name
    return case.studio.name


def _messages_of(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]


class RoundMixin(ObjectPermissionMixin):
    permission_required = "assessment.decide_round"

    def get_queryset(self):
        return Round.objects.select_related("programme")

    @property
    def round(self) -> Round:
        return self.get_object()


class DecisionsView(RoundMixin, TemplateView):
    template_name = "assessment/decisions/round.html"

    def get_context_data(self, failed=None, **kwargs):
        round_ = self.round
        rubric = rubric_of(round_)
        grades = [(g.code, grade_name(rubric, g.code)) for g in rubric.grades]
        names = dict(grades)
        cases = round_.cases.select_related(*CASE_RELATED).order_by("pk")
        failed = failed or {}
        rows = []
        for case in cases:
            entered = failed.get(case.pk, {})
            rows.append(
                {
                    "case": case,
                    "label": subject_label(case),
                    "proposed": names.get(case.proposed_grade, ""),
                    "grade": names.get(case.grade, ""),
                    "chosen": entered.get("grade", case.grade or case.proposed_grade),
                    "reason": entered.get("reason", case.reason),
                    "errors": entered.get("errors", []),
                }
            )
        open_ = ROUND.allows(round_, "decide")
        acceptable = sum(
            1
            for row in rows
            if row["case"].status == Case.Status.SCORED
            and not row["case"].needs_moderation
            and row["case"].proposed_grade
        )
        return super().get_context_data(
            round=round_,
            rows=rows,
            grades=grades,
            open=open_,
            acceptable=acceptable,
            undecided=sum(1 for row in rows if row["case"].status != Case.Status.DECIDED),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not ROUND.allows(self.round, "decide"):
            # A page left open past publication: its forms are gone, so say why here.
            messages.error(request, ROUND.refusal_message(self.round, "decide"))
            return redirect(request.path)
        actor = Actor.from_request(request)
        if request.POST.get("action") == "accept":
            try:
                decided = accept_proposals(
                    actor=actor, round_=self.round, reason=request.POST.get("reason", "")
                )
            except ValidationError as error:
                return self.render_to_response(
                    self.get_context_data(
                        accept_errors=_messages_of(error),
                        accept_reason=request.POST.get("reason", ""),
                    )
                )
            messages.success(request, _("已按建议等次审定 %(n)d 个考核对象") % {"n": len(decided)})
            return redirect(request.path)
        case = self.round.cases.filter(pk=request.POST.get("case") or 0).first()
        if case is None:
            messages.error(request, _("没有这一考核对象"))
            return redirect(request.path)
        grade, reason = request.POST.get("grade", ""), request.POST.get("reason", "")
        try:
            decide_case(actor=actor, case=case, grade=grade, reason=reason)
        except ValidationError as error:
            failed = {case.pk: {"grade": grade, "reason": reason, "errors": _messages_of(error)}}
            return self.render_to_response(self.get_context_data(failed=failed))
        messages.success(request, _("已审定：%(name)s") % {"name": subject_label(case)})
        return redirect(f"{request.path}#case-{case.pk}")


class PublishView(RoundMixin, TemplateView):
    template_name = "assessment/decisions/publish.html"

    def get_context_data(self, **kwargs):
        round_ = self.round
        rubric = rubric_of(round_)
        counts = dict(
            round_.cases.filter(status=Case.Status.DECIDED)
            .values_list("grade")
            .annotate(n=Count("pk"))
            .order_by()
        )
        return super().get_context_data(
            round=round_,
            open=ROUND.allows(round_, "publish"),
            summary=[(grade_name(rubric, g.code), counts.get(g.code, 0)) for g in rubric.grades],
            undecided=round_.cases.exclude(status=Case.Status.DECIDED).count(),
            review_days=rubric.review_days,
            today=timezone.localdate(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        try:
            publish_round(actor=Actor.from_request(request), round_=self.round)
        except ValidationError as error:
            return self.render_to_response(self.get_context_data(errors=_messages_of(error)))
        messages.success(request, _("考核结果已公布"))
        return redirect("assessment:decisions", self.round.pk)


class ResultView(ObjectPermissionMixin, TemplateView):
    """One published result: the grade, the reasons, the consequence and the review (复核)."""

    permission_required = "assessment.view_result"
    template_name = "assessment/decisions/result.html"

    def get_queryset(self):
        return Case.objects.select_related("round__programme", *CASE_RELATED)

    def get_context_data(self, **kwargs):
        case = self.get_object()
        round_ = case.round
        rubric = rubric_of(round_)
        user = self.request.user
        review = ReviewRequest.objects.filter(case=case).first()
        published = round_.stage == Round.Stage.PUBLISHED
        return super().get_context_data(
            case=case,
            round=round_,
            label=subject_label(case),
            published=published,
            grade=grade_name(rubric, case.grade) if case.grade else "",
            review=review,
            original=grade_name(rubric, review.original_grade) if review else "",
            may_request=review is None
            and user.has_perm("assessment.request_review", case)
            and round_.review_closes_on is not None
            and timezone.localdate() <= round_.review_closes_on,
            manages=user.has_perm("assessment.manage_reviews", case),
            **kwargs,
        )
