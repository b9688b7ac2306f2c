"""Online study sessions: setting one, its page (material, window, discussion, participation),
opening the material, downloading its file, and 结束并统计."""

from __future__ import annotations

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from touyan.core.downloads import file_download
from touyan.core.forms import add_service_errors
from touyan.programmes.access import access_of

from .. import selectors
from ..forms import SessionForm
from ..participation import describe, evidence, rules_of
from ..services.sessions import close_session, create_session, open_material
from .base import CommunityMixin, DiscussionMixin


class SessionNewView(CommunityMixin, FormView):
    permission_required = "community.add_session"
    template_name = "community/session_form.html"
    form_class = SessionForm
    upload_kind = "study"

    @cached_property
    def studio(self):
        return get_object_or_404(
            selectors.community_studios(self.request.user, self.programme), pk=self.kwargs["pk"]
        )

    def get_permission_object(self):
        return self.studio

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            studio=self.studio, rules=describe(self.spec.community), **kwargs
        )

    def form_valid(self, form):
        try:
            session = create_session(actor=self.actor, studio=self.studio, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("线上研修已发布，成员会收到通知"))
        return redirect("community:session", self.programme.slug, session.pk)


class SessionMixin(CommunityMixin):
    permission_required = "community.view_session"

    @cached_property
    def session(self):
        return get_object_or_404(
            selectors.sessions_visible_to(self.request.user, self.programme), pk=self.kwargs["pk"]
        )

    def get_permission_object(self):
        return self.session


class SessionView(SessionMixin, DiscussionMixin, TemplateView):
    template_name = "community/session.html"

    def thread(self):
        return self.session.thread

    def get_context_data(self, reply_form_bound=None, **kwargs):
        session, user = self.session, self.request.user
        runs = user.has_perm("community.close_session", session)
        now = timezone.now()
        context = self.discussion(reply_form_bound)
        rows = evidence(session) if runs else []
        mine = None
        principal = access_of(user).principal_id
        if principal is not None:
            mine = next((row for row in evidence(session) if row.principal.pk == principal), None)
        return super().get_context_data(
            session=session,
            studio=session.studio,
            open_now=session.is_open(now),
            not_yet=now < session.opens_at,
            runs=runs,
            may_close=runs and session.closed_at is None and now >= session.opens_at,
            rows=rows,
            mine=mine,
            rules=describe(rules_of(session)),
            **context,
            **kwargs,
        )


class MaterialView(SessionMixin, TemplateView):
    """The material itself. Opening it counts from the button on the session page (a POST to
    ``OpenMaterialView``), so that reading this page changes nothing."""

    template_name = "community/material.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(session=self.session, **kwargs)


class OpenMaterialView(SessionMixin, View):
    def post(self, request, *args, **kwargs):
        open_material(actor=self.actor, session=self.session)
        return redirect("community:material", self.programme.slug, self.session.pk)


class MaterialFileView(SessionMixin, View):
    def get(self, request, *args, **kwargs):
        return file_download(self.session.file, self.session.file_name or self.session.title)


class CloseView(SessionMixin, View):
    permission_required = "community.close_session"

    def post(self, request, *args, **kwargs):
        try:
            close_session(actor=self.actor, session=self.session)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("讨论已结束，参与情况已统计"))
        return redirect("community:session", self.programme.slug, self.session.pk)
