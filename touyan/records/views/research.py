"""Research projects and their outcomes, and recognised curriculum hours: short forms reached
from a studio's or a trainee's page, which they return to."""

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView

from touyan.core.actors import Actor
from touyan.core.forms import add_service_errors
from touyan.programmes.models import Trainee
from touyan.programmes.selectors import still_member
from touyan.programmes.views.base import ProgrammeMixin

from ..forms import ApplicationForm, CreditForm, OutcomeForm, ProjectForm, StageForm
from ..research import STEPS, register_project
from ..selectors import projects_visible_to
from ..services import add_outcome, create_project, credit_hours
from ..states import PROJECT


class ServiceFormView(ProgrammeMixin, FormView):
    """A form whose valid data goes to one service; the service's own objections are shown
    on the form."""

    template_name = "records/simple_form.html"

    def form_valid(self, form):
        try:
            self.save(form)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.back_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=self.heading(), back_url=self.back_url(), **kwargs)


class StudioProjectCreateView(ServiceFormView):
    permission_required = "records.record_for"
    success_message = _("已登记课题")

    @cached_property
    def studio(self):
        studio = get_object_or_404(
            self.programme.studios.select_related("host"), pk=self.kwargs["pk"]
        )
        studio.programme = self.programme
        return studio

    def get_permission_object(self):
        return self.studio

    def get_form(self, form_class=None):
        members = self.studio.members.filter(still_member()).select_related("principal")
        leaders = [self.studio.host, *(m.principal for m in members)]
        return ProjectForm(**self.get_form_kwargs(), leaders=leaders)

    def save(self, form):
        data = form.cleaned_data
        create_project(
            actor=Actor.from_request(self.request),
            programme=self.programme,
            studio=self.studio,
            leader=form.chosen_leader(),
            title=data["title"],
            level=data["level"],
            approved_on=data["approved_on"],
            concluded_on=data["concluded_on"],
        )

    def heading(self):
        return _("%(studio)s：登记课题") % {"studio": self.studio.name}

    def back_url(self):
        return reverse("programmes:studio", args=[self.programme.slug, self.studio.pk])


class TraineeMixin:
    @cached_property
    def trainee(self):
        trainee = get_object_or_404(
            Trainee.objects.filter(cohort__programme=self.programme).select_related(
                "cohort", "principal__school"
            ),
            pk=self.kwargs["pk"],
        )
        trainee.cohort.programme = self.programme
        return trainee

    def get_permission_object(self):
        return self.trainee.cohort

    def back_url(self):
        return reverse("programmes:trainee", args=[self.programme.slug, self.trainee.pk])


class TraineeProjectCreateView(TraineeMixin, ServiceFormView):
    permission_required = "records.record_for"
    success_message = _("已登记课题")

    def get_form(self, form_class=None):
        return ProjectForm(**self.get_form_kwargs(), leaders=None)

    def save(self, form):
        data = form.cleaned_data
        create_project(
            actor=Actor.from_request(self.request),
            programme=self.programme,
            leader=self.trainee.principal,
            title=data["title"],
            level=data["level"],
            approved_on=data["approved_on"],
            concluded_on=data["concluded_on"],
        )

    def heading(self):
        return _("%(name)s 主持的课题") % {"name": self.trainee.principal.name}


class CreditCreateView(TraineeMixin, ServiceFormView):
    permission_required = "records.record_for"
    success_message = _("已认定学时")

    def get_form(self, form_class=None):
        return CreditForm(**self.get_form_kwargs(), spec=self.spec)

    def save(self, form):
        credit_hours(
            actor=Actor.from_request(self.request), trainee=self.trainee, **form.cleaned_data
        )

    def heading(self):
        return _("为 %(name)s 认定学时") % {"name": self.trainee.principal.name}


class OutcomeCreateView(ServiceFormView):
    permission_required = "records.change_project"
    form_class = OutcomeForm
    success_message = _("已登记课题成果")

    @cached_property
    def project(self):
        project = get_object_or_404(
            projects_visible_to(self.request.user, self.programme), pk=self.kwargs["pk"]
        )
        project.programme = self.programme
        return project

    def get_permission_object(self):
        return self.project

    def save(self, form):
        add_outcome(
            actor=Actor.from_request(self.request), project=self.project, **form.cleaned_data
        )

    def heading(self):
        return _("课题“%(title)s”：登记成果") % {"title": self.project.title}

    def back_url(self):
        return project_url(self.programme, self.project)


def project_url(programme, project) -> str:
    """A trainee's project has its own page (the thread with the research institute); a
    studio's is shown on its studio's page."""
    if project.studio_id:
        return reverse("programmes:studio", args=[programme.slug, project.studio_id])
    return reverse("training:project", args=[programme.slug, project.pk])


class TraineeApplicationView(TraineeMixin, ServiceFormView):
    """The trainee (or the centre) registers a research application (申报, HZ-3.3.2)."""

    permission_required = "records.register_project"
    form_class = ApplicationForm
    success_message = _("已登记课题申报")

    def get_permission_object(self):
        return self.trainee

    def save(self, form):
        self.project = register_project(
            actor=Actor.from_request(self.request), trainee=self.trainee, **form.cleaned_data
        )

    def heading(self):
        return _("%(name)s：申报课题") % {"name": self.trainee.principal.name}

    def form_valid(self, form):
        response = super().form_valid(form)
        if getattr(self, "project", None) is not None:
            return redirect(project_url(self.programme, self.project))
        return response

    def back_url(self):
        return reverse("training:trainee_research", args=[self.programme.slug, self.trainee.pk])


# The steps only the centre records (``records.decide_project``).
DECIDED_STEPS = frozenset({"approve", "reject", "conclude"})


class ProjectStageView(ServiceFormView):
    """One step of a project: 立项, 未立项, 中期 or 结题, with its date."""

    permission_required = "records.change_project"
    success_message = _("已登记课题进展")

    @cached_property
    def project(self):
        project = get_object_or_404(
            projects_visible_to(self.request.user, self.programme), pk=self.kwargs["pk"]
        )
        project.programme = self.programme
        return project

    def get_permission_object(self):
        return self.project

    def get_form(self, form_class=None):
        actions = PROJECT.actions(self.project)
        if not self.request.user.has_perm("records.decide_project", self.project):
            actions = [a for a in actions if a not in DECIDED_STEPS]
        return StageForm(**self.get_form_kwargs(), actions=actions)

    def save(self, form):
        action, arguments = form.arguments()
        STEPS[action](actor=Actor.from_request(self.request), project=self.project, **arguments)

    def heading(self):
        return _("课题“%(title)s”：登记进展") % {"title": self.project.title}

    def back_url(self):
        return project_url(self.programme, self.project)
