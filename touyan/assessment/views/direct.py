"""The grading page of a round without experts: a host grades their members (HN-4.2.4), the
centre grades a cohort's trainees (HZ-3.4.3), one row each with the period's evidence; the
centre follows a member round's progress there and publishes it."""

from __future__ import annotations

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from touyan.core.actors import Actor
from touyan.core.permissions import ObjectPermissionMixin

from ..forms.direct import row_forms
from ..models import Case, Round, Subjects
from ..rubric import grade_name, rubric_of
from ..selectors import cases_graded_by, evidence_for, rounds_graded_by
from ..services.direct import grade_cases, lowest_grade, publish_direct_round
from ..states import ROUND


class RoundMixin(ObjectPermissionMixin):
    permission_required = "assessment.view_grading"

    def get_queryset(self):
        return rounds_graded_by(self.request.user)


class GradeView(RoundMixin, TemplateView):
    template_name = "assessment/direct/grade.html"

    @cached_property
    def round(self) -> Round:
        return self.get_object()

    @cached_property
    def cases(self) -> list[Case]:
        return list(cases_graded_by(self.request.user, self.round))

    @cached_property
    def editable(self) -> bool:
        user = self.request.user
        return ROUND.allows(self.round, "grade_directly") and user.has_perm(
            "assessment.grade_round", self.round
        )

    def get_context_data(self, forms=None, **kwargs):
        round_ = self.round
        rubric = rubric_of(round_)
        cases = self.cases
        forms = forms or row_forms(cases, rubric.grades)
        evidence = evidence_for(round_, cases)
        failing = lowest_grade(rubric)
        rows = [
            {
                "case": case,
                "form": form,
                "subject": _subject(case),
                "evidence": evidence[case.pk],
                "grade": grade_name(rubric, case.grade) if case.grade else "",
                "failing": round_.subjects == Subjects.TRAINEES and case.grade == failing,
            }
            for case, form in zip(cases, forms, strict=True)
        ]
        decided = sum(1 for case in cases if case.status == Case.Status.DECIDED)
        user = self.request.user
        return super().get_context_data(
            round=round_,
            rows=rows,
            editable=self.editable,
            trainees=round_.subjects == Subjects.TRAINEES,
            decided=decided,
            total=len(cases),
            failing_name=grade_name(rubric, failing),
            may_publish=ROUND.allows(round_, "publish_directly")
            and user.has_perm("assessment.publish_directly", round_),
            may_export=user.has_perm("assessment.export_round", round_),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not self.editable:
            messages.info(request, _("本轮次的等次已不能修改"))
            return redirect(request.path)
        rubric = rubric_of(self.round)
        forms = row_forms(self.cases, rubric.grades, request.POST)
        by_pk = {case.pk: form for case, form in zip(self.cases, forms, strict=True)}
        grades = {}
        for pk, form in by_pk.items():
            if form.is_valid() and form.cleaned_data["grade"]:
                grades[pk] = (form.cleaned_data["grade"], form.cleaned_data["comment"])
        if all(form.is_valid() for form in forms) and grades:
            try:
                graded = grade_cases(
                    actor=Actor.from_request(request), round_=self.round, grades=grades
                )
            except ValidationError as error:
                for pk, problems in error.message_dict.items():
                    for problem in problems:
                        by_pk[int(pk)].add_error(None, problem)
            else:
                messages.success(request, _("已保存 %(n)d 人的等次") % {"n": len(graded)})
                return redirect(request.path)
        elif not grades and all(form.is_valid() for form in forms):
            messages.info(request, _("没有选择任何等次"))
            return redirect(request.path)
        messages.error(
            request, _("有 %(n)d 行未能保存，请按提示修改后再保存") % {"n": _errors(forms)}
        )
        return self.render_to_response(self.get_context_data(forms=forms))


def _errors(forms) -> int:
    return sum(1 for form in forms if form.errors)


def _subject(case: Case) -> dict:
    person = case.member.principal if case.member_id else case.trainee.principal
    return {"name": person.name, "school": person.school.name, "district": person.school.region}


class PublishView(RoundMixin, View):
    permission_required = "assessment.publish_directly"

    def post(self, request, *args, **kwargs):
        round_ = self.get_object()
        try:
            publish_direct_round(actor=Actor.from_request(request), round_=round_)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("考核结果已公布"))
        return redirect("assessment:grade", pk=round_.pk)
