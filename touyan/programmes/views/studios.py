"""A studio's page and adding members to it."""

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from touyan.core.actors import Actor
from touyan.core.forms import add_service_errors
from touyan.records.forms import ProjectForm
from touyan.records.models import ResearchOutcome
from touyan.records.presenters import label_activities
from touyan.records.selectors import (
    activities_visible_to,
    attendance_of_members,
    attendance_rule,
    projects_visible_to,
)

from .. import services
from ..forms import MemberLeavesForm
from ..models import StudioMember
from ..selectors import members_visible_to, studios_visible_to
from .adding import AddPrincipalView
from .base import ProgrammeMixin


class StudioDetailView(ProgrammeMixin, TemplateView):
    template_name = "programmes/studio_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        studio = get_object_or_404(studios_visible_to(user, self.programme), pk=self.kwargs["pk"])
        members = studio.members.select_related("principal__school__region").order_by(
            "joined_on", "principal__name"
        )
        today = timezone.localdate()
        can_record = user.has_perm("records.record_for", studio)
        # Each member's attendance (HN-4.3.1), read by whoever sees the studio's activity rolls.
        attendance = attendance_of_members(studio, members, today=today)
        rule = attendance_rule(self.spec)
        for member in members:
            member.attendance = attendance[member.pk]
            member.below = member.attendance.below(rule)
        return super().get_context_data(
            studio=studio,
            members=[m for m in members if m.left_on is None or m.left_on >= today],
            former_members=sorted(
                (m for m in members if m.left_on is not None and m.left_on < today),
                key=lambda m: (m.left_on, m.principal.name),
            ),
            base_title=self.spec.naming.base_school if self.spec.naming else "",
            overrides=studio.overrides.select_related("principal") if self.manages else [],
            can_record=can_record,
            archives=set(
                members_visible_to(user, self.programme)
                .filter(studio=studio)
                .values_list("pk", flat=True)
            ),
            attendance_rule=rule,
            projects=projects_visible_to(user, self.programme).filter(studio=studio),
            # One outcome asks for all: a studio's outcomes are its host's and members' to share.
            shares_outcomes=user.has_perm(
                "library.share_source",
                ResearchOutcome.objects.filter(project__studio=studio).first(),
            ),
            project_form=ProjectForm(leaders=_leaders(studio)) if can_record else None,
            activities=label_activities(
                activities_visible_to(user, self.programme)
                .filter(organisers__studio=studio)
                .select_related("place_school")
                .order_by("-date", "-pk")[:10],
                self.spec,
            ),
            **kwargs,
        )


def _leaders(studio):
    return [studio.host, *(m.principal for m in studio.members.select_related("principal"))]


class AddMemberView(AddPrincipalView):
    @cached_property
    def studio(self):
        return get_object_or_404(
            self.programme.studios.select_related("host"), pk=self.kwargs["pk"]
        )

    def add(self, **values) -> None:
        services.add_member(studio=self.studio, **values)

    def added_message(self, principal) -> str:
        return _("%(name)s 已加入%(studio)s") % {"name": principal.name, "studio": self.studio.name}

    def group_url(self) -> str:
        return studio_url(self.programme, self.studio)

    def heading(self) -> str:
        return _("为%(studio)s添加成员") % {"studio": self.studio.name}


class MemberLeavesView(ProgrammeMixin, FormView):
    """The centre records that a member leaves the studio, with the date and the reason."""

    permission_required = "programmes.manage_programme"
    template_name = "programmes/member_leaves.html"
    form_class = MemberLeavesForm

    @cached_property
    def member(self):
        return get_object_or_404(
            StudioMember.objects.select_related("studio", "principal"),
            studio__programme=self.programme,
            studio_id=self.kwargs["pk"],
            pk=self.kwargs["member"],
        )

    def get_initial(self):
        return {"left_on": timezone.localdate()}

    def form_valid(self, form):
        member = self.member
        try:
            services.member_leaves(
                actor=Actor.from_request(self.request),
                member=member,
                left_on=form.cleaned_data["left_on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("已记录%(name)s退出%(studio)s")
            % {"name": member.principal.name, "studio": member.studio.name},
        )
        return redirect("programmes:studio", slug=self.programme.slug, pk=member.studio_id)

    def get_context_data(self, **kwargs):
        member = self.member
        return super().get_context_data(
            member=member,
            heading=_("%(name)s退出%(studio)s")
            % {"name": member.principal.name, "studio": member.studio.name},
            back_url=studio_url(self.programme, member.studio),
            **kwargs,
        )


def studio_url(programme, studio) -> str:
    return reverse("programmes:studio", args=[programme.slug, studio.pk])
