"""Research pages (HZ-3.3.2, HZ-4.2.1): the programme's projects by stage for the centre and
the research institute (市教育科学研究院), a trainee's projects, a project with its outcomes,
final report and the threaded comments, and the centre's grant of the institute's role."""

from __future__ import annotations

from collections import Counter
from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from touyan.accounts.models import User
from touyan.core.actors import Actor
from touyan.core.forms import add_service_errors
from touyan.programmes.models import Trainee
from touyan.programmes.views.base import ProgrammeMixin
from touyan.records.forms import StageForm
from touyan.records.models import ResearchProject
from touyan.records.selectors import deliverables_visible_to, projects_visible_to
from touyan.records.states import PROJECT

from ..forms.research import CommentForm, InstituteGrantForm, ResearchFilterForm
from ..services.comments import add_comment, thread_of
from ..services.research import grant_institute, institute_grants, revoke_institute
from ..subjects import trainee_of

FINAL_REPORT = "research_report"


def trainee_projects(user, programme):
    """The projects trainees lead (not studios'), as the user may see them."""
    return projects_visible_to(user, programme).filter(
        studio__isnull=True,
        leader__in=Trainee.objects.filter(cohort__programme=programme).values("principal_id"),
    )


class ResearchListView(ProgrammeMixin, TemplateView):
    """课题指导: every trainee project of the programme, counted by stage, with filters."""

    permission_required = "training.research_list"
    template_name = "training/research/list.html"

    def get_context_data(self, **kwargs):
        cohorts = list(self.programme.cohorts.order_by("number"))
        form = ResearchFilterForm(self.request.GET or None, cohorts=cohorts)
        projects = trainee_projects(self.request.user, self.programme)
        counts = Counter(projects.values_list("stage", flat=True))
        shown = form.narrow(projects).order_by("stage", "-applied_on", "pk")
        stages = [(value, label, counts.get(value, 0)) for value, label in PROJECT.labels.items()]
        return super().get_context_data(
            form=form,
            projects=shown,
            stages=stages,
            total=sum(counts.values()),
            may_grant=self.request.user.has_perm("training.grant_institute", self.programme),
            **kwargs,
        )


class TraineeResearchView(ProgrammeMixin, TemplateView):
    """A trainee's projects (我的课题 for the trainee themself) and where to apply."""

    permission_required = "training.view_research"
    template_name = "training/research/trainee.html"

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
        return self.trainee

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            trainee=self.trainee,
            projects=trainee_projects(user, self.programme).filter(
                leader_id=self.trainee.principal_id
            ),
            may_apply=user.has_perm("records.register_project", self.trainee),
            **kwargs,
        )


class ProjectView(ProgrammeMixin, TemplateView):
    """A trainee's project: its stages, outcomes, final report and the thread of comments."""

    permission_required = "training.view_project"
    template_name = "training/research/project.html"

    @cached_property
    def project(self) -> ResearchProject:
        project = get_object_or_404(
            trainee_projects(self.request.user, self.programme), pk=self.kwargs["pk"]
        )
        project.programme = self.programme
        return project

    def get_permission_object(self):
        return self.project

    def url(self) -> str:
        return reverse("training:project", args=[self.programme.slug, self.project.pk])

    def post(self, request, *args, **kwargs):
        form = CommentForm(request.POST)
        if form.is_valid():
            parent = None
            if form.cleaned_data["parent"]:
                parent = thread_of(self.project).filter(pk=form.cleaned_data["parent"]).first()
            try:
                add_comment(
                    actor=Actor.from_request(request),
                    target=self.project,
                    body=form.cleaned_data["body"],
                    parent=parent,
                    url=self.url(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("已发表意见"))
                return redirect(self.url())
        return self.render_to_response(self.get_context_data(comment_form=form))

    def get_context_data(self, **kwargs):
        user, project = self.request.user, self.project
        trainee = trainee_of(project)
        comments = list(thread_of(project))
        threads = [c for c in comments if c.parent_id is None]
        replies: dict[int, list] = {}
        for comment in comments:
            if comment.parent_id is not None:
                replies.setdefault(comment.parent_id, []).append(comment)
        for thread in threads:
            thread.answers = replies.get(thread.pk, [])
        may_step = user.has_perm("records.change_project", project)
        actions = PROJECT.actions(project)
        reports = deliverables_visible_to(user, self.programme).filter(
            kind=FINAL_REPORT, principal_id=project.leader_id, studio__isnull=True
        )
        kwargs.setdefault("comment_form", CommentForm())
        return super().get_context_data(
            project=project,
            trainee=trainee,
            may_see_trainee=trainee is not None
            and user.has_perm("training.view_research", trainee),
            outcomes=list(project.outcomes.all()),
            reports=list(reports.order_by("-submitted_on")),
            threads=threads,
            may_comment=user.has_perm("training.comment", project),
            may_step=may_step,
            may_add_outcome=may_step and project.stage != ResearchProject.Stage.REJECTED,
            stage_form=StageForm(actions=actions) if may_step and actions else None,
            **kwargs,
        )


class InstituteGrantView(ProgrammeMixin, TemplateView):
    """The centre grants the research institute's role on the programme, or takes it back."""

    permission_required = "training.grant_institute"
    template_name = "training/research/grants.html"

    def url(self) -> str:
        return reverse("training:institute_grants", args=[self.programme.slug])

    def post(self, request, *args, **kwargs):
        actor = Actor.from_request(request)
        if "revoke" in request.POST:
            wanted = request.POST["revoke"]
            if not wanted.isdecimal():
                raise Http404
            grant = get_object_or_404(institute_grants(self.programme), pk=int(wanted))
            revoke_institute(actor=actor, programme=self.programme, grant=grant)
            messages.success(request, _("已撤销授权"))
            return redirect(self.url())
        form = InstituteGrantForm(request.POST)
        if form.is_valid():
            user = User.objects.filter(username=form.cleaned_data["username"].strip()).first()
            if user is None:
                form.add_error("username", _("没有这个账号"))
            else:
                try:
                    grant_institute(actor=actor, programme=self.programme, user=user)
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(request, _("已授权"))
                    return redirect(self.url())
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", InstituteGrantForm())
        return super().get_context_data(
            grants=institute_grants(self.programme).order_by("user__username"), **kwargs
        )
