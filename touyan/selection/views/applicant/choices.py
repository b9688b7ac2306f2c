"""A member applicant's ranked studios (HN-3.6) and, once the allocation is published, the
studio they were placed in with the reason (HN-3.8): the page to rank studios, and what the
application page shows of both."""

from __future__ import annotations

import datetime as dt
from functools import cached_property

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from touyan.core.actors import Actor
from touyan.core.forms import add_service_errors
from touyan.core.permissions import ObjectPermissionMixin
from touyan.core.text import choice_label
from touyan.programmes.models import Studio
from touyan.studios.selectors import choosable_studios

from ...forms.choices import ChoicesForm, studio_details
from ...models import Application, Call
from ...presenters import local
from ...selectors import own_applications
from ...services import choices as service

S = Application.Status
PLACEMENT = frozenset({S.CONFIRMED, S.NOT_SELECTED})


def is_member_call(call: Call) -> bool:
    return call.purpose == "members"


def chosen_studios(application: Application) -> list[Studio]:
    """The applicant's studios in their order (a studio since removed is left out)."""
    pks = list(application.studio_choices)
    found = Studio.objects.filter(pk__in=pks).select_related("host", "region", "base_school")
    by_pk = {studio.pk: studio for studio in found}
    return [by_pk[pk] for pk in pks if pk in by_pk]


def choosing_closed_line(application: Application, now: dt.datetime) -> str:
    """Why the ranking can no longer be changed, or an empty string while it can."""
    if service.can_choose(application, now):
        return ""
    call = application.call
    if application.status not in service.CHOOSING:
        return _("申报状态为“%(status)s”，志愿不能再修改") % {"status": S(application.status).label}
    if call.stage == Call.Stage.OPEN and now < call.opens_at:
        return _("申报尚未开始，开始时间为 %(at)s") % {"at": local(call.opens_at)}
    return _("申报已于 %(at)s 截止，志愿不能再修改") % {"at": local(call.closes_at)}


def member_context(application: Application, now: dt.datetime) -> dict:
    """What the application page shows of a member call: the ranking and the placement."""
    call = application.call
    if not is_member_call(call):
        return {"member_call": False}
    placement = None
    if application.status in PLACEMENT and call.stage == Call.Stage.FINAL:
        studio = application.placed_studio
        placement = {"studio": studio, "note": application.placement_note}
    return {
        "member_call": True,
        "chosen": [
            (choice_label(rank), s) for rank, s in enumerate(chosen_studios(application), 1)
        ],
        "choice_limit": service.choice_limit(call),
        "can_choose": service.can_choose(application, now),
        "placement": placement,
        "no_choices_problem": _("请至少填报一个工作室志愿"),
    }


class ChoicesView(ObjectPermissionMixin, TemplateView):
    """The ranking as k selects (no script needed), the studios to choose from below, and a
    read-only view with the reason once the call has closed."""

    permission_required = "selection.change_application"
    template_name = "selection/applicant/choices.html"

    def get_queryset(self):
        return own_applications(self.request.user).select_related("call__programme")

    def get_object(self, queryset=None):
        application = super().get_object(queryset)
        if not is_member_call(application.call):
            raise Http404
        return application

    @cached_property
    def application(self) -> Application:
        return self.get_object()

    @cached_property
    def studios(self) -> list[Studio]:
        return list(choosable_studios(self.application.call.programme))

    @cached_property
    def now(self) -> dt.datetime:
        return timezone.now()

    def form(self, data=None) -> ChoicesForm:
        application = self.application
        return ChoicesForm(
            data,
            studios=self.studios,
            limit=service.choice_limit(application.call),
            chosen=list(application.studio_choices),
        )

    def get_context_data(self, **kwargs):
        application = self.application
        closed_line = choosing_closed_line(application, self.now)
        if not closed_line:
            kwargs.setdefault("form", self.form())
        return super().get_context_data(
            application=application,
            call=application.call,
            closed_line=closed_line,
            chosen=[
                (choice_label(rank), studio)
                for rank, studio in enumerate(chosen_studios(application), 1)
            ],
            limit=service.choice_limit(application.call),
            studios=[(studio, studio_details(studio)) for studio in self.studios],
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        application = self.application
        closed_line = choosing_closed_line(application, self.now)
        if closed_line:
            messages.error(request, closed_line)
            return redirect("selection:application_choices", pk=application.pk)
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            service.set_choices(
                actor=Actor.from_request(request),
                application=application,
                studios=form.cleaned_data["studios"],
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, _("志愿已保存"))
        return redirect("selection:application", pk=application.pk)
