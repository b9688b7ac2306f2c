"""Removal cases (HZ-3.4.1) and replacements (递补): the centre's list per programme and its
opening form; the case page, read by the centre (with the decision form), the trainee (with the
answer form) and the district officer (read only); the replacement page of a cohort and the
public notice of a replacement."""

from __future__ import annotations

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from touyan.core.actors import Actor
from touyan.core.forms import add_service_errors
from touyan.core.permissions import ObjectPermissionMixin, PermissionMixin
from touyan.programmes.selectors import cohorts_visible_to, trainees_visible_to
from touyan.programmes.views.base import ProgrammeMixin
from touyan.records.models import Activity

from ..forms.removal import AnswerForm, DecisionForm, OpenCaseForm, ReplacementForm, WithdrawForm
from ..models import RemovalCase, Replacement
from ..selectors.removal import removal_cases_visible_to
from ..services import removal as services
from ..services import replacement as replacements
from ..states import REMOVAL

S = RemovalCase.State


class RemovalListView(ProgrammeMixin, TemplateView):
    permission_required = "training.manage_removals"
    template_name = "training/removal/list.html"

    def get_context_data(self, **kwargs):
        cases = (
            removal_cases_visible_to(self.request.user)
            .filter(trainee__cohort__programme=self.programme)
            .order_by("state", "answer_by", "pk")
        )
        trainees = (
            trainees_visible_to(self.request.user, self.programme)
            .filter(status="active")
            .exclude(removal_cases__state__in=[S.OPEN, S.ANSWERED])
            .select_related("principal")
            .order_by("cohort__number", "principal__name")
        )
        return super().get_context_data(
            cases=cases, trainees=trainees, today=timezone.localdate(), **kwargs
        )


class VisibleCasesView(PermissionMixin, TemplateView):
    """The cases a person may read: a district officer's trainees', a trainee's own, every
    case of the programmes the centre runs."""

    template_name = "training/removal/visible.html"

    def get_context_data(self, **kwargs):
        cases = removal_cases_visible_to(self.request.user).order_by("-opened_at", "pk")[:200]
        return super().get_context_data(cases=cases, **kwargs)


class OpenCaseView(ProgrammeMixin, FormView):
    """The centre opens a case by hand on grounds 3–4 with its reason."""

    permission_required = "training.manage_removals"
    template_name = "training/removal/open.html"
    form_class = OpenCaseForm

    @cached_property
    def trainee(self):
        return get_object_or_404(
            trainees_visible_to(self.request.user, self.programme).select_related("principal"),
            pk=self.kwargs["trainee"],
        )

    def form_valid(self, form):
        try:
            case = services.open_case(
                actor=Actor.from_request(self.request), trainee=self.trainee, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("已立案，已通知本人及所在区县"))
        return redirect("training:removal_case", case.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(trainee=self.trainee, **kwargs)


def evidence_of(case: RemovalCase) -> list[dict]:
    """What the case was opened on, in words: each rule's figures and the sessions missed."""
    activity_ids = {
        int(key.split(":")[1])
        for facts in case.basis.values()
        for key in facts.get("evidence", [])
        if key.startswith("attendance:") and key.split(":")[1].isdigit()
    }
    titles = dict(Activity.objects.filter(pk__in=activity_ids).values_list("pk", "title"))
    rows = []
    for rule_id, facts in case.basis.items():
        items = []
        for key in facts.get("evidence", []):
            kind, ident, day = (key.split(":") + ["", ""])[:3]
            if kind == "attendance" and ident.isdigit():
                items.append(f"{day} {titles.get(int(ident), '')}".strip())
        rows.append(
            {
                "rule": rule_id,
                "count": facts.get("count"),
                "required": facts.get("required"),
                "items": items,
            }
        )
    return rows


class CaseMixin(ObjectPermissionMixin):
    permission_required = "training.view_removal"

    def get_queryset(self):
        return removal_cases_visible_to(self.request.user)

    @property
    def case(self) -> RemovalCase:
        return self.get_object()


class CaseView(CaseMixin, TemplateView):
    template_name = "training/removal/case.html"

    def get_context_data(self, **kwargs):
        case, user = self.case, self.request.user
        today = timezone.localdate()
        may_decide = user.has_perm("training.decide_removal", case) and REMOVAL.allows(
            case, "decide"
        )
        may_answer = (
            user.has_perm("training.answer_removal", case)
            and REMOVAL.allows(case, "answer")
            and today <= case.answer_by
        )
        replacement = (
            Replacement.objects.filter(removal=case)
            .select_related("application__principal", "trainee")
            .first()
        )
        return super().get_context_data(
            case=case,
            trainee=case.trainee,
            programme=case.trainee.cohort.programme,
            evidence=evidence_of(case),
            manages=user.has_perm("training.decide_removal", case),
            decision_form=DecisionForm() if may_decide else None,
            decision_waits=may_decide and case.state == S.OPEN and today <= case.answer_by,
            answer_form=AnswerForm() if may_answer else None,
            replacement=replacement,
            **kwargs,
        )


class CaseActionView(CaseMixin, FormView):
    """A POST from the case page; a refused form is shown again on the case page."""

    template_name = "training/removal/case.html"

    def get(self, request, *args, **kwargs):
        return redirect("training:removal_case", self.case.pk)

    def act(self, actor: Actor, form) -> None:
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.act(Actor.from_request(self.request), form)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.done)
        return redirect("training:removal_case", self.case.pk)

    def get_context_data(self, **kwargs):
        case = self.case
        return super().get_context_data(
            case=case,
            trainee=case.trainee,
            programme=case.trainee.cohort.programme,
            evidence=evidence_of(case),
            manages=self.request.user.has_perm("training.decide_removal", case),
            **{self.form_name: kwargs.pop("form")},
            **kwargs,
        )


class AnswerView(CaseActionView):
    permission_required = "training.answer_removal"
    form_class = AnswerForm
    form_name = "answer_form"
    done = _("申辩意见已提交")

    def act(self, actor, form):
        services.answer_case(actor=actor, case=self.case, answer=form.cleaned_data["answer"])


class DecideView(CaseActionView):
    permission_required = "training.decide_removal"
    form_class = DecisionForm
    form_name = "decision_form"
    done = _("决定已作出，已通知本人及所在区县")

    def act(self, actor, form):
        services.decide_case(actor=actor, case=self.case, **form.cleaned_data)


class ReplacementView(ProgrammeMixin, FormView):
    """The cohort's places, the removals not yet filled and the next candidates of the call's
    ranking; the centre picks one with its reason."""

    permission_required = "training.manage_removals"
    template_name = "training/removal/replacement.html"

    @cached_property
    def cohort(self):
        return get_object_or_404(
            cohorts_visible_to(self.request.user, self.programme), number=self.kwargs["number"]
        )

    def next_candidates(self):
        """The next ten of the ranking, in its order."""
        ranked = replacements.candidates(self.cohort)
        return ranked.filter(pk__in=list(ranked.values_list("pk", flat=True)[:10]))

    def get_form(self, form_class=None):
        return ReplacementForm(
            **self.get_form_kwargs(),
            removals=replacements.open_removals(self.cohort),
            candidates=self.next_candidates(),
        )

    def form_valid(self, form):
        try:
            replacements.replace(
                actor=Actor.from_request(self.request),
                removal=form.cleaned_data["removal"],
                application=form.cleaned_data["application"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("递补决定已记录"))
        return redirect("training:replacement", self.programme.slug, self.cohort.number)

    def get_context_data(self, **kwargs):
        cohort = self.cohort
        return super().get_context_data(
            cohort=cohort,
            call=replacements.ranking_call(cohort),
            capacity=replacements.capacity(cohort),
            places_used=replacements.places_used(cohort),
            places_free=replacements.free_places(cohort),
            replacements=Replacement.objects.filter(cohort=cohort).select_related(
                "application__principal__school", "removal__trainee__principal", "trainee"
            ),
            withdraw_form=WithdrawForm(),
            **kwargs,
        )


class WithdrawView(ProgrammeMixin, FormView):
    permission_required = "training.manage_removals"
    form_class = WithdrawForm
    template_name = "training/removal/withdraw.html"

    @cached_property
    def replacement(self):
        return get_object_or_404(
            Replacement.objects.filter(cohort__programme=self.programme, trainee__isnull=True),
            pk=self.kwargs["pk"],
        )

    def form_valid(self, form):
        replacement = self.replacement
        cohort = replacement.cohort
        try:
            replacements.withdraw(
                actor=Actor.from_request(self.request),
                replacement=replacement,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("递补决定已撤回"))
        return redirect("training:replacement", self.programme.slug, cohort.number)

    def get_context_data(self, **kwargs):
        return super().get_context_data(replacement=self.replacement, **kwargs)


class ReplacementNoticeView(TemplateView):
    """The public notice (公示) of a replacement while it runs and after: name, school, cohort,
    the period. No personal data beyond what a selection notice shows."""

    template_name = "training/removal/notice.html"

    def get_context_data(self, **kwargs):
        replacement = (
            Replacement.objects.filter(notice_ends_on__isnull=False)
            .select_related(
                "cohort__programme", "application__principal__school", "application__call"
            )
            .filter(pk=self.kwargs["pk"])
            .first()
        )
        if replacement is None:
            raise Http404
        return super().get_context_data(
            replacement=replacement,
            starts_on=timezone.localdate(replacement.decided_at),
            call_url=reverse("selection:public_call", args=[replacement.application.call_id]),
            **kwargs,
        )
