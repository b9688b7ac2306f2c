"""A member's pages: the surveys they are asked to answer (调查访谈, HN-5.3) and their own
published results as a member or a trainee (我的考核结果)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.generic import TemplateView

from touyan.core.actors import Actor
from touyan.core.forms import add_service_errors
from touyan.core.permissions import ObjectPermissionMixin, PermissionMixin
from touyan.programmes.access import access_of

from ..forms.survey import SurveyForm
from ..models import Case, SurveyInvitation
from ..rubric import grade_name, rubric_of
from ..selectors import member_results, survey_invitations_of, survey_is_open
from ..services.survey import answer_survey


class SurveyListView(PermissionMixin, TemplateView):
    permission_required = "assessment.view_surveys"
    template_name = "assessment/member/surveys.html"

    def get_context_data(self, **kwargs):
        invitations = list(survey_invitations_of(self.request.user))
        rows = [
            {"invitation": i, "case": i.case, "open": survey_is_open(i.case)} for i in invitations
        ]
        return super().get_context_data(rows=rows, **kwargs)


class SurveyCaseMixin(ObjectPermissionMixin):
    permission_required = "assessment.answer_survey"

    def get_queryset(self):
        principal = access_of(self.request.user).principal_id
        return Case.objects.filter(invitations__principal_id=principal).select_related(
            "round__programme", "studio"
        )


class SurveyView(SurveyCaseMixin, TemplateView):
    template_name = "assessment/member/survey.html"

    def answered(self) -> bool:
        return SurveyInvitation.objects.filter(
            case=self.get_object(),
            principal_id=access_of(self.request.user).principal_id,
            answered=True,
        ).exists()

    def get_context_data(self, **kwargs):
        case = self.get_object()
        answered = self.answered()
        is_open = survey_is_open(case) and not answered
        if is_open:
            kwargs.setdefault("form", SurveyForm(questions=rubric_of(case.round).survey))
        return super().get_context_data(
            case=case, round=case.round, answered=answered, open=is_open, **kwargs
        )

    def post(self, request, *args, **kwargs):
        case = self.get_object()
        form = SurveyForm(request.POST, questions=rubric_of(case.round).survey)
        if form.is_valid():
            try:
                answer_survey(actor=Actor.from_request(request), case=case, answers=form.answers())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("assessment:survey_thanks", pk=case.pk)
        if self.answered() or not survey_is_open(case):
            return redirect(request.path)
        return self.render_to_response(self.get_context_data(form=form))


class SurveyThanksView(SurveyCaseMixin, TemplateView):
    template_name = "assessment/member/thanks.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(case=self.get_object(), **kwargs)


class ResultsView(PermissionMixin, TemplateView):
    """The member's or trainee's own published grades."""

    permission_required = "assessment.view_own_results"
    template_name = "assessment/member/results.html"

    def get_context_data(self, **kwargs):
        principal = access_of(self.request.user).principal_id
        rows = []
        for case in member_results(principal):
            rows.append(
                {
                    "case": case,
                    "round": case.round,
                    "grade": grade_name(rubric_of(case.round), case.grade),
                }
            )
        return super().get_context_data(rows=rows, **kwargs)
