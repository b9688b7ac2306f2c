"""A cohort's page, adding trainees to it, and one trainee's page."""

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from touyan.core.actors import Actor
from touyan.core.forms import add_service_errors
from touyan.people.selectors import principals_visible_to
from touyan.records.forms import CreditForm, ProjectForm
from touyan.records.models import Attendance, CurriculumCredit
from touyan.records.presenters import label_deliverables
from touyan.records.selectors import (
    activities_visible_to,
    deliverables_visible_to,
    hours_by_topic,
    projects_visible_to,
)

from .. import services
from ..candidates import principals_matching
from ..forms import AddPrincipalForm, PrincipalSearchForm
from ..models import Trainee
from ..policy import calendar_of
from ..selectors import cohorts_visible_to, trainees_visible_to
from .base import ProgrammeMixin


class CohortDetailView(ProgrammeMixin, TemplateView):
    template_name = "programmes/cohort_detail.html"

    def get_context_data(self, **kwargs):
        cohort = get_object_or_404(
            cohorts_visible_to(self.request.user, self.programme), number=self.kwargs["number"]
        )
        trainees = (
            trainees_visible_to(self.request.user, self.programme)
            .filter(cohort=cohort)
            .select_related("principal__school__region")
            .order_by("principal__name", "pk")
        )
        trainees = list(trainees)
        removed = Trainee.Status.REMOVED
        return super().get_context_data(
            cohort=cohort,
            trainees=[t for t in trainees if t.status != removed],
            removed_trainees=[t for t in trainees if t.status == removed],
            cohort_end=calendar_of(self.programme, cohort=cohort).end,
            overrides=cohort.overrides.select_related("principal") if self.manages else [],
            **kwargs,
        )


class AddTraineeView(ProgrammeMixin, FormView):
    permission_required = "programmes.manage_programme"
    template_name = "programmes/add_principal.html"

    @property
    def cohort(self):
        return get_object_or_404(self.programme.cohorts, number=self.kwargs["number"])

    @cached_property
    def search(self):
        return PrincipalSearchForm(self.request.GET)

    def get_form(self, form_class=None):
        return AddPrincipalForm(
            **self.get_form_kwargs(),
            candidates=principals_visible_to(self.request.user),
            found=principals_matching(self.request.user, self.search.data.get("q", "")),
            joined_label=_("入选日期"),
        )

    def form_valid(self, form):
        cohort = self.cohort
        try:
            services.add_trainee(
                actor=Actor.from_request(self.request),
                cohort=cohort,
                principal=form.cleaned_data["principal"],
                joined_on=form.cleaned_data["joined_on"],
                over_limit_reason=form.cleaned_data["over_limit_reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(name)s 已列入%(cohort)s")
            % {"name": form.cleaned_data["principal"].name, "cohort": cohort.name},
        )
        return redirect("programmes:cohort", slug=self.programme.slug, number=cohort.number)

    def get_context_data(self, **kwargs):
        cohort = self.cohort
        return super().get_context_data(
            search=self.search,
            heading=_("为%(cohort)s添加培养人选") % {"cohort": cohort.name},
            back_url=reverse("programmes:cohort", args=[self.programme.slug, cohort.number]),
            **kwargs,
        )


class TraineeDetailView(ProgrammeMixin, TemplateView):
    template_name = "programmes/trainee_detail.html"

    def get_context_data(self, **kwargs):
        user, programme = self.request.user, self.programme
        trainee = get_object_or_404(
            trainees_visible_to(user, programme).select_related("principal__school__region"),
            pk=self.kwargs["pk"],
        )
        principal = trainee.principal
        can_record = user.has_perm("records.record_for", trainee.cohort)
        sessions = (
            activities_visible_to(user, programme)
            .filter(organisers__cohort=trainee.cohort)
            .order_by("date", "pk")
        )
        marks = dict(
            Attendance.objects.filter(activity__in=sessions, principal=principal).values_list(
                "activity_id", "status"
            )
        )
        statuses = dict(Attendance.Status.choices)
        topics = (
            {t.code: t.name for t in self.spec.curriculum.topics} if self.spec.curriculum else {}
        )
        return super().get_context_data(
            trainee=trainee,
            curriculum=self._curriculum(trainee),
            credits=[
                (credit, topics.get(credit.topic, credit.topic))
                for credit in CurriculumCredit.objects.filter(trainee=trainee)
            ],
            credit_form=CreditForm(spec=self.spec) if can_record and self.spec.curriculum else None,
            sessions=[(s, marks.get(s.pk), statuses.get(marks.get(s.pk))) for s in sessions],
            projects=projects_visible_to(user, programme).filter(
                studio__isnull=True, leader=principal
            ),
            project_form=ProjectForm(leaders=None) if can_record else None,
            deliverables=label_deliverables(
                deliverables_visible_to(user, programme).filter(
                    studio__isnull=True, principal=principal
                ),
                self.spec,
            ),
            can_record=can_record,
            **kwargs,
        )

    def _curriculum(self, trainee):
        if not self.spec.curriculum:
            return []
        done = hours_by_topic(trainee)
        return [(topic, done.get(topic.code, 0)) for topic in self.spec.curriculum.topics]
