"""A thread with its replies; reporting, hiding, showing and the moderation queue."""

from __future__ import annotations

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from touyan.core.forms import add_service_errors

from .. import selectors
from ..forms import ReasonForm
from ..models import Post
from ..presenters import thread_title
from ..services import moderation
from ..services.threads import thread_url
from .base import CommunityMixin, DiscussionMixin, PostMixin


class ThreadView(DiscussionMixin, TemplateView):
    permission_required = "community.view_thread"
    template_name = "community/thread.html"

    @cached_property
    def the_thread(self):
        return get_object_or_404(
            selectors.threads_visible_to(self.request.user, self.programme), pk=self.kwargs["pk"]
        )

    def thread(self):
        return self.the_thread

    def get_permission_object(self):
        return self.the_thread

    def get(self, request, *args, **kwargs):
        if hasattr(self.the_thread, "session"):
            return redirect(thread_url(self.the_thread))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, reply_form_bound=None, **kwargs):
        context = self.discussion(reply_form_bound)
        thread = self.the_thread
        opening = next((s for s in context["posts"] if s.post.opening), None)
        if opening is None and not context["moderator"]:
            # An opening post held for review is read only by its author and moderators.
            from django.http import Http404

            raise Http404
        title = thread_title(
            self.request.user,
            thread,
            opening.post if opening else None,
            moderator=context["moderator"],
        )
        return super().get_context_data(title=title, **context, **kwargs)


class ReportView(PostMixin, FormView):
    permission_required = "community.report_post"
    template_name = "community/reason.html"
    form_class = ReasonForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            post=self.the_post,
            heading=_("举报帖子"),
            button=_("提交举报"),
            back=thread_url(self.the_post.thread),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            moderation.report_post(
                actor=self.actor, post=self.the_post, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("已举报，主持人或培训中心会处理"))
        return redirect(thread_url(self.the_post.thread))


class HideView(PostMixin, FormView):
    permission_required = "community.moderate_post"
    template_name = "community/reason.html"
    form_class = ReasonForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            post=self.the_post,
            heading=_("隐藏帖子"),
            button=_("隐藏"),
            back=thread_url(self.the_post.thread),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            moderation.hide_post(
                actor=self.actor, post=self.the_post, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("帖子已隐藏"))
        return redirect(thread_url(self.the_post.thread))


class ModerationActionView(PostMixin, View):
    """Approve a held post, show a hidden one again, or dismiss the reports: one POST each."""

    permission_required = "community.moderate_post"
    action = ""
    done = ""

    def post(self, request, *args, **kwargs):
        service = {
            "approve": moderation.approve_post,
            "restore": moderation.restore_post,
            "dismiss": moderation.dismiss_reports,
        }[self.action]
        try:
            service(actor=self.actor, post=self.the_post)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, str(self.done))
        return self.back()


class ModerationView(CommunityMixin, TemplateView):
    """Posts held for review and posts reported, in what the user moderates."""

    permission_required = "community.moderation_queue"
    template_name = "community/moderation.html"

    def get_context_data(self, **kwargs):
        posts = list(
            selectors.moderation_queue(self.request.user, self.programme).prefetch_related(
                "reports"
            )[:200]
        )
        for post in posts:
            post.open_reports = [r for r in post.reports.all() if r.resolved_at is None]
            post.url = thread_url(post.thread)
        return super().get_context_data(posts=posts, held=Post.State.HELD, **kwargs)
