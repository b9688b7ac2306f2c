"""The community's places: the index of the studios and boards a user may open, a studio's
community (its threads and online study sessions) and a programme's cross-studio board."""

from __future__ import annotations

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from touyan.core.forms import add_service_errors
from touyan.core.permissions import PermissionMixin
from touyan.programmes.selectors import programmes_visible_to

from .. import selectors
from ..forms import ThreadForm
from ..models import Post
from ..services.threads import start_thread
from .base import CommunityMixin


class IndexView(PermissionMixin, TemplateView):
    """Every studio community and board the user may open, by programme."""

    template_name = "community/index.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        rows = []
        for programme in programmes_visible_to(user).order_by("-starts_on", "name"):
            studios = list(selectors.community_studios(user, programme).order_by("name"))
            board = selectors.reads_board(user, programme)
            if studios or board:
                rows.append({"programme": programme, "studios": studios, "board": board})
        return super().get_context_data(rows=rows, **kwargs)


class ThreadListMixin(CommunityMixin):
    template_name = "community/place.html"

    def threads(self):
        raise NotImplementedError

    def may_post(self) -> bool:
        raise NotImplementedError

    def start(self, form):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        threads = list(self.threads().select_related("programme")[:100])
        openings = {
            post.thread_id: post
            for post in Post.objects.filter(thread__in=threads, opening=True).only(
                "thread_id", "state", "author_id"
            )
        }
        user = self.request.user
        for thread in threads:
            opening = openings.get(thread.pk)
            thread.shown_title = thread.title
            if (
                opening is not None
                and opening.state == Post.State.HIDDEN
                and opening.author_id != user.pk
                and not self.moderator
            ):
                thread.shown_title = _("已隐藏")
            thread.held = opening is not None and opening.state == Post.State.HELD
        kwargs.setdefault("form", ThreadForm() if self.may_post() else None)
        return super().get_context_data(threads=threads, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.may_post():
            return self.http_method_not_allowed(request, *args, **kwargs)
        form = ThreadForm(request.POST)
        if form.is_valid():
            try:
                thread = self.start(form)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                opening = thread.posts.get(opening=True)
                if opening.state == Post.State.HELD:
                    messages.warning(
                        request, _("您的主题含有关注词，已交主持人审核，审核通过后显示")
                    )
                else:
                    messages.success(request, _("主题已发布"))
                return redirect("community:thread", self.programme.slug, thread.pk)
        return self.render_to_response(self.get_context_data(form=form))


class StudioView(ThreadListMixin, TemplateView):
    permission_required = "community.view_studio"

    @cached_property
    def studio(self):
        return get_object_or_404(
            selectors.community_studios(self.request.user, self.programme), pk=self.kwargs["pk"]
        )

    @cached_property
    def moderator(self) -> bool:
        return self.request.user.has_perm("community.add_session", self.studio)

    def get_permission_object(self):
        return self.studio

    def threads(self):
        return selectors.studio_threads(self.request.user, self.studio)

    def may_post(self) -> bool:
        return self.request.user.has_perm("community.post_in_studio", self.studio)

    def start(self, form):
        return start_thread(
            actor=self.actor, programme=self.programme, studio=self.studio, **form.cleaned_data
        )

    def get_context_data(self, **kwargs):
        sessions = list(
            selectors.sessions_visible_to(self.request.user, self.programme).filter(
                studio=self.studio
            )[:50]
        )
        now = timezone.now()
        for session in sessions:
            session.open_now = session.is_open(now)
        return super().get_context_data(
            studio=self.studio,
            heading=_("%(studio)s · 学习社区") % {"studio": self.studio.name},
            sessions=sessions,
            may_add_session=self.moderator and self.spec.community is not None,
            may_moderate=self.moderator,
            **kwargs,
        )


class BoardView(ThreadListMixin, TemplateView):
    permission_required = "community.view_board"

    @cached_property
    def moderator(self) -> bool:
        return self.manages

    def threads(self):
        return selectors.board_threads(self.request.user, self.programme)

    def may_post(self) -> bool:
        return self.request.user.has_perm("community.post_on_board", self.programme)

    def start(self, form):
        return start_thread(actor=self.actor, programme=self.programme, **form.cleaned_data)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=_("%(programme)s · 跨工作室交流区") % {"programme": self.programme.name},
            may_moderate=self.request.user.has_perm("community.moderation_queue", self.programme),
            **kwargs,
        )
