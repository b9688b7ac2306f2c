"""What the community's pages share: the programme (through its selector) and the object of
the page found in the user's scoped queryset, so that anything outside answers 404."""

from __future__ import annotations

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from touyan.core.actors import Actor
from touyan.core.forms import add_service_errors
from touyan.programmes.views.base import ProgrammeMixin

from .. import selectors
from ..forms import ReplyForm
from ..models import Post
from ..presenters import present
from ..services.threads import reply, thread_url


class CommunityMixin(ProgrammeMixin):
    @cached_property
    def actor(self) -> Actor:
        return Actor.from_request(self.request)


class PostMixin(CommunityMixin):
    """Pages and actions on one post of the programme the user may read."""

    @cached_property
    def the_post(self) -> Post:
        return get_object_or_404(
            selectors.posts_visible_to(self.request.user, self.programme), pk=self.kwargs["pk"]
        )

    def get_permission_object(self):
        return self.the_post

    def back(self):
        wanted = self.request.POST.get("next", "")
        if wanted and url_has_allowed_host_and_scheme(
            wanted, allowed_hosts={self.request.get_host()}, require_https=False
        ):
            return redirect(wanted)
        return redirect(thread_url(self.the_post.thread))


class DiscussionMixin(CommunityMixin):
    """A thread's posts with the reply form (the thread page and the session page)."""

    def thread(self):
        raise NotImplementedError

    def discussion(self, form=None) -> dict:
        thread, user = self.thread(), self.request.user
        moderator = user.has_perm("community.moderate_post", Post(thread=thread))
        may_reply = user.has_perm("community.reply", thread)
        return {
            "thread": thread,
            "posts": present(user, thread, moderator=moderator),
            "moderator": moderator,
            "reply_form": (form or ReplyForm()) if may_reply else None,
        }

    def post(self, request, *args, **kwargs):
        thread = self.thread()
        form = ReplyForm(request.POST)
        if form.is_valid():
            parent = None
            if form.cleaned_data.get("parent"):
                parent = thread.posts.filter(pk=form.cleaned_data["parent"]).first()
            try:
                post = reply(
                    actor=self.actor, thread=thread, body=form.cleaned_data["body"], parent=parent
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if post.state == Post.State.HELD:
                    messages.warning(
                        request, _("您的帖子含有关注词，已交主持人审核，审核通过后显示")
                    )
                else:
                    messages.success(request, _("已回复"))
                return redirect(thread_url(thread) + f"#post-{post.pk}")
        return self.render_to_response(self.get_context_data(reply_form_bound=form))
