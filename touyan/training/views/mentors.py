"""Pages of mentor teams (the centre), the mentor's workspace and a trainee's page for the
mentors, and recording a mentoring session."""

from __future__ import annotations

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from touyan.accounts.passwords import LinkBase
from touyan.core.actors import Actor
from touyan.core.forms import add_service_errors
from touyan.core.permissions import PermissionMixin
from touyan.policies.names import shown
from touyan.programmes.models import Cohort, Trainee
from touyan.programmes.policy import spec_of
from touyan.records.models import Deliverable

from ..forms.mentors import CommentForm, ExternalMentorForm, SessionForm, TeamForm
from ..models import MentorTeam
from ..selectors.mentors import (
    assignable_trainees,
    mentor_candidates,
    mentors_of,
    teams_mentored_by,
    teams_of,
    trainee_sessions,
    unassigned_trainees,
    workspace_rows,
)
from ..services import mentors as services
from ..services.comments import add_comment, thread_of


class MentorWorkspaceView(PermissionMixin, TemplateView):
    permission_required = "training.mentor_workspace"
    template_name = "training/mentors/workspace.html"

    def get_context_data(self, **kwargs):
        """One table per cohort, the latest first: a finished cohort's trainees stay in reach
        without crowding the ones under way."""
        user = self.request.user
        by_cohort: dict = {}
        for row in workspace_rows(user, as_of=timezone.localdate()):
            by_cohort.setdefault(row.trainee.cohort, []).append(row)
        teams: dict = {}
        for team in teams_mentored_by(user):
            teams.setdefault(team.cohort_id, []).append(team)
        cohorts = sorted(
            set(by_cohort) | {team.cohort for group in teams.values() for team in group},
            key=lambda c: (c.starts_on, c.pk),
            reverse=True,
        )
        groups = [
            {"cohort": c, "rows": by_cohort.get(c, []), "teams": teams.get(c.pk, [])}
            for c in cohorts
        ]
        return super().get_context_data(groups=groups, **kwargs)


class TraineeMixin(PermissionMixin):
    permission_required = "training.view_trainee"

    @cached_property
    def trainee(self) -> Trainee:
        return get_object_or_404(
            Trainee.objects.select_related("cohort__programme", "principal__school"),
            pk=self.kwargs["pk"],
        )

    def get_permission_object(self):
        return self.trainee


class TraineeView(TraineeMixin, TemplateView):
    """One trainee, for their mentors and the centre: plan, deliverables with their threads,
    mentoring sessions."""

    template_name = "training/mentors/trainee.html"

    def get_context_data(self, **kwargs):
        from ..models import DevelopmentPlan

        trainee = self.trainee
        programme = trainee.cohort.programme
        spec = spec_of(programme)
        deliverables = list(
            Deliverable.objects.filter(
                programme=programme, principal_id=trainee.principal_id
            ).order_by("-submitted_on", "-pk")
        )
        from ..models import Comment

        comments = Comment.objects.filter(deliverable__in=deliverables).select_related("author")
        threads: dict[int, list] = {}
        for comment in comments:
            threads.setdefault(comment.deliverable_id, []).append(comment)
        for deliverable in deliverables:
            deliverable.thread = threads.get(deliverable.pk, [])
            kind = spec.deliverable_kind(deliverable.kind)
            deliverable.kind_name = shown(kind) if kind else deliverable.kind
        plan = DevelopmentPlan.objects.filter(trainee=trainee).select_related("approved").first()
        sessions = trainee_sessions(trainee)
        for session in sessions:
            marks = {a.principal_id: a for a in session.activity.attendance.all()}
            mark = marks.get(trainee.principal_id)
            session.mark = mark.get_status_display() if mark else ""
        return super().get_context_data(
            trainee=trainee,
            programme=programme,
            plan=plan,
            deliverables=deliverables,
            sessions=sessions,
            mentors=mentors_of(trainee),
            comment_form=CommentForm(),
            may_comment=self.request.user.has_perm("training.comment", trainee),
            **kwargs,
        )


class DeliverableCommentView(TraineeMixin, View):
    permission_required = "training.comment"

    def post(self, request, *args, **kwargs):
        trainee = self.trainee
        deliverable = get_object_or_404(
            Deliverable,
            pk=self.kwargs["deliverable"],
            principal_id=trainee.principal_id,
            programme_id=trainee.cohort.programme_id,
        )
        form = CommentForm(request.POST)
        page = _trainee_url(trainee)
        if form.is_valid():
            parent = None
            if form.cleaned_data.get("parent"):
                parent = thread_of(deliverable).filter(pk=form.cleaned_data["parent"]).first()
            try:
                add_comment(
                    actor=Actor.from_request(request),
                    target=deliverable,
                    body=form.cleaned_data["body"],
                    parent=parent,
                    url=page,
                )
                messages.success(request, _("意见已发表"))
            except ValidationError as error:
                messages.error(request, "；".join(error.messages))
        else:
            messages.error(request, _("请填写意见"))
        return redirect(page + f"#deliverable-{deliverable.pk}")


def _trainee_url(trainee: Trainee) -> str:
    from django.urls import reverse

    return reverse("training:trainee", args=[trainee.pk])


# The centre's pages on teams ---------------------------------------------------------------


class CohortMixin(PermissionMixin):
    permission_required = "training.manage_teams"

    @cached_property
    def cohort(self) -> Cohort:
        return get_object_or_404(
            Cohort.objects.select_related("programme"), pk=self.kwargs["cohort"]
        )

    def get_permission_object(self):
        return self.cohort


class TeamListView(CohortMixin, TemplateView):
    template_name = "training/mentors/teams.html"

    def get_context_data(self, **kwargs):
        kwargs.pop("cohort", None)  # the URL's id; the page shows the object
        return super().get_context_data(
            cohort=self.cohort,
            programme=self.cohort.programme,
            teams=teams_of(self.cohort),
            unassigned=list(unassigned_trainees(self.cohort)),
            **kwargs,
        )


class TeamFormMixin:
    template_name = "training/mentors/team_form.html"

    def build_form(self, cohort, data=None, initial=None):
        return TeamForm(
            data,
            initial=initial,
            candidates=mentor_candidates(cohort.programme),
            trainees=assignable_trainees(cohort),
        )


class TeamCreateView(CohortMixin, TeamFormMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        return self.render_to_response(
            self.get_context_data(form=self.build_form(self.cohort), cohort=self.cohort)
        )

    def post(self, request, *args, **kwargs):
        form = self.build_form(self.cohort, request.POST)
        if form.is_valid():
            try:
                services.form_team(
                    actor=Actor.from_request(request),
                    cohort=self.cohort,
                    name=form.cleaned_data["name"],
                    lead=form.cleaned_data["lead"],
                    members=[
                        u for u in form.cleaned_data["members"] if u != form.cleaned_data["lead"]
                    ],
                    trainees=list(form.cleaned_data["trainees"]),
                )
                messages.success(request, _("导师团队已组建"))
                return redirect("training:teams", cohort=self.cohort.pk)
            except ValidationError as error:
                add_service_errors(form, error)
        return self.render_to_response(self.get_context_data(form=form, cohort=self.cohort))


class TeamMixin(PermissionMixin):
    permission_required = "training.manage_teams"

    @cached_property
    def team(self) -> MentorTeam:
        return get_object_or_404(
            MentorTeam.objects.select_related("cohort__programme").prefetch_related("mentors"),
            pk=self.kwargs["pk"],
        )

    def get_permission_object(self):
        return self.team


class TeamChangeView(TeamMixin, TeamFormMixin, TemplateView):
    def initial(self):
        mentors = list(self.team.mentors.all())
        return {
            "name": self.team.name,
            "lead": next((m.user_id for m in mentors if m.lead), None),
            "members": [m.user_id for m in mentors if not m.lead],
            "trainees": [t.pk for t in self.team.trainees.all()],
        }

    def get(self, request, *args, **kwargs):
        form = self.build_form(self.team.cohort, initial=self.initial())
        return self.render_to_response(
            self.get_context_data(form=form, cohort=self.team.cohort, team=self.team)
        )

    def post(self, request, *args, **kwargs):
        form = self.build_form(self.team.cohort, request.POST)
        if form.is_valid():
            try:
                services.change_team(
                    actor=Actor.from_request(request),
                    team=self.team,
                    name=form.cleaned_data["name"],
                    lead=form.cleaned_data["lead"],
                    members=[
                        u for u in form.cleaned_data["members"] if u != form.cleaned_data["lead"]
                    ],
                    trainees=list(form.cleaned_data["trainees"]),
                )
                messages.success(request, _("导师团队已修改"))
                return redirect("training:teams", cohort=self.team.cohort_id)
            except ValidationError as error:
                add_service_errors(form, error)
        return self.render_to_response(
            self.get_context_data(form=form, cohort=self.team.cohort, team=self.team)
        )


class TeamDissolveView(TeamMixin, View):
    def post(self, request, *args, **kwargs):
        cohort = self.team.cohort_id
        services.dissolve_team(actor=Actor.from_request(request), team=self.team)
        messages.success(request, _("导师团队已解散"))
        return redirect("training:teams", cohort=cohort)


class ExternalMentorView(CohortMixin, TemplateView):
    template_name = "training/mentors/external_form.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(
            self.get_context_data(form=ExternalMentorForm(), cohort=self.cohort)
        )

    def post(self, request, *args, **kwargs):
        form = ExternalMentorForm(request.POST)
        if form.is_valid():
            try:
                user = services.create_external_mentor(
                    actor=Actor.from_request(request),
                    programme=self.cohort.programme,
                    username=form.cleaned_data["username"],
                    full_name=form.cleaned_data["full_name"],
                    email=form.cleaned_data["email"],
                    link=LinkBase.from_request(request),
                )
                messages.success(
                    request,
                    _(
                        "已为 %(name)s 创建账号，设置密码的链接已发到其邮箱；现在可以把他/她加入导师团队。"
                    )
                    % {"name": user},
                )
                return redirect("training:teams", cohort=self.cohort.pk)
            except ValidationError as error:
                add_service_errors(form, error)
        return self.render_to_response(self.get_context_data(form=form, cohort=self.cohort))


# Mentoring sessions --------------------------------------------------------------------------


class SessionCreateView(PermissionMixin, TemplateView):
    permission_required = "training.record_session"
    template_name = "training/mentors/session_form.html"

    @cached_property
    def team(self) -> MentorTeam:
        return get_object_or_404(
            MentorTeam.objects.select_related("cohort__programme").prefetch_related("mentors"),
            pk=self.kwargs["pk"],
        )

    def get_permission_object(self):
        return self.team

    def build_form(self, data=None):
        programme = self.team.cohort.programme
        return SessionForm(
            data,
            spec=spec_of(programme),
            trainees=self.team.trainees.exclude(status=Trainee.Status.REMOVED).select_related(
                "principal__school"
            ),
            default_topic=services.mentoring_topic(programme),
        )

    def get(self, request, *args, **kwargs):
        return self.render_to_response(
            self.get_context_data(form=self.build_form(), team=self.team)
        )

    def post(self, request, *args, **kwargs):
        form = self.build_form(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.record_session(
                    actor=Actor.from_request(request),
                    team=self.team,
                    date=data["date"],
                    hours=data["hours"],
                    title=data["title"],
                    summary=data["summary"],
                    topic=data["topic"],
                    place=data["place"],
                    present=list(data["present"]),
                )
                messages.success(request, _("导师指导已登记"))
                if request.user.has_perm("training.mentor_workspace"):
                    return redirect("training:mentor_workspace")
                return redirect("training:teams", cohort=self.team.cohort_id)
            except ValidationError as error:
                add_service_errors(form, error)
        return self.render_to_response(self.get_context_data(form=form, team=self.team))
