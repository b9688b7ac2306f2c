"""Creating a cohort, a cohort's page, adding trainees to it, and one trainee's page."""

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from touyan.core.actors import Actor
from touyan.core.forms import add_service_errors
from touyan.records.forms import CreditForm, ProjectForm
from touyan.records.models import Attendance, CurriculumCredit, ResearchOutcome
from touyan.records.presenters import label_deliverables
from touyan.records.selectors import (
    activities_visible_to,
    deliverables_visible_to,
    hours_by_topic,
    projects_visible_to,
)

from .. import services
from ..forms import CohortForm
from ..models import Trainee
from ..policy import calendar_of
from ..selectors import cohorts_visible_to, trainees_visible_to
from .adding import AddPrincipalView
from .base import ProgrammeMixin


class CohortCreateView(ProgrammeMixin, FormView):
    """The centre opens a cohort (HZ-4.2.4): number, name and start; the end follows from the
    policy's calendar and the capacity is the policy's cohort size."""

    permission_required = "programmes.manage_programme"
    template_name = "programmes/cohort_form.html"

    def get_form(self, form_class=None):
        taken = set(self.programme.cohorts.values_list("number", flat=True))
        return CohortForm(**self.get_form_kwargs(), taken=taken)

    def form_valid(self, form):
        try:
            cohort = services.create_cohort(
                actor=Actor.from_request(self.request),
                programme=self.programme,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("已创建%(cohort)s") % {"cohort": cohort.name})
        return redirect("programmes:cohort", self.programme.slug, cohort.number)

    def get_context_data(self, **kwargs):
        members = self.spec.members
        return super().get_context_data(
            cycle_months=self.spec.calendar.cycle_months,
            capacity=members.cohort_size if members else None,
            **kwargs,
        )


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
        capacity = self.spec.members.cohort_size if self.spec.members else None
        used = cohort.trainees.exclude(status=removed).count()
        return super().get_context_data(
            capacity=capacity,
            places_used=used,
            places_free=max(capacity - used, 0) if capacity is not None else None,
            cohort=cohort,
            trainees=[t for t in trainees if t.status != removed],
            removed_trainees=[t for t in trainees if t.status == removed],
            cohort_end=calendar_of(self.programme, cohort=cohort).end,
            overrides=cohort.overrides.select_related("principal") if self.manages else [],
            **kwargs,
        )


class AddTraineeView(AddPrincipalView):
    joined_label = _("入选日期")

    @cached_property
    def cohort(self):
        return get_object_or_404(self.programme.cohorts, number=self.kwargs["number"])

    def add(self, **values) -> None:
        services.add_trainee(cohort=self.cohort, **values)

    def added_message(self, principal) -> str:
        return _("%(name)s 已列入%(cohort)s") % {"name": principal.name, "cohort": self.cohort.name}

    def group_url(self) -> str:
        return reverse("programmes:cohort", args=[self.programme.slug, self.cohort.number])

    def heading(self) -> str:
        return _("为%(cohort)s添加培养人选") % {"cohort": self.cohort.name}


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
            # not another team's session, held for others (records.Audience)
            .filter(Q(audience__isnull=True) | Q(audience__principal=principal))
            .distinct()
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
            # One outcome asks for all: a trainee's own projects' outcomes are theirs to share.
            shares_outcomes=user.has_perm(
                "library.share_source",
                ResearchOutcome.objects.filter(
                    project__studio__isnull=True, project__leader=principal
                ).first(),
            ),
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
