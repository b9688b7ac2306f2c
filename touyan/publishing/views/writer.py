"""The pages of the people who write for a studio's site (HN-4.1.6): the studio's posts (the
host: every one, by state; a member: their own), writing and editing a post, a post with what
may be done with it now (submit, approve, return, publish, take down), and its WeChat export."""

from __future__ import annotations

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from touyan.core.actors import Actor
from touyan.core.downloads import name_download
from touyan.core.feedback import report
from touyan.core.forms import add_service_errors
from touyan.core.permissions import ObjectPermissionMixin
from touyan.policies.names import shown
from touyan.programmes.access import access_of
from touyan.programmes.models import Studio
from touyan.programmes.selectors import programmes_visible_to

from .. import selectors, services
from ..forms import NoteForm, PostForm
from ..models import Post
from ..site import site_of
from ..states import POST
from .public import labelled

S = Post.Status
# The host's list: what waits for them first, then drafts, then what the centre has, then the site.
GROUPS = (
    (S.SUBMITTED, gettext_lazy("成员提交，待我审核")),
    (S.DRAFT, gettext_lazy("草稿")),
    (S.RETURNED, gettext_lazy("退回修改")),
    (S.APPROVED, gettext_lazy("待培训中心审核")),
    (S.PUBLISHED, gettext_lazy("已发布")),
    (S.TAKEN_DOWN, gettext_lazy("已撤下")),
)


def studios_in_reach(user):
    return Studio.objects.filter(programme__in=programmes_visible_to(user)).select_related(
        "programme__policy_version", "host", "region"
    )


def posts_in_reach(user):
    """Posts of studios in the user's programmes; the permission narrows further."""
    return Post.objects.filter(studio__programme__in=programmes_visible_to(user)).select_related(
        "studio__programme__policy_version", "studio__host", "studio__region"
    )


def names_of(site) -> dict:
    return {
        "columns": {c.code: shown(c) for c in site.columns},
        "kinds": {k.code: shown(k) for k in site.post_kinds},
    }


class StudioPostsView(ObjectPermissionMixin, TemplateView):
    permission_required = "publishing.view_studio_posts"
    template_name = "publishing/studio_posts.html"

    def get_queryset(self):
        return studios_in_reach(self.request.user)

    def get_context_data(self, **kwargs):
        studio = self.get_object()
        site = site_of(studio)
        if site is None:
            raise Http404
        user = self.request.user
        posts = labelled(
            list(selectors.posts_of_studio(user, studio).defer("body").order_by("-updated_at")),
            names_of(site),
        )
        groups = [
            (status, label, [post for post in posts if post.status == status])
            for status, label in GROUPS
        ]
        return super().get_context_data(
            studio=studio,
            groups=[group for group in groups if group[2]],
            can_write=user.has_perm("publishing.write_post", studio),
            hosts=user.has_perm("publishing.approve_post", Post(studio=studio)),
            centre_review=site.centre_review,
            **kwargs,
        )


class PostFormMixin:
    template_name = "publishing/post_form.html"
    upload_kind = services.UPLOAD_KIND

    def get_form(self, form_class=None):
        return PostForm(**self.get_form_kwargs(), site=self.site, photos=self.photos())

    def photos(self):
        return []

    def act_after_saving(self, actor, post) -> None:
        """The button pressed beside 保存: a member submits, the host publishes (or sends)."""
        if "submit" in self.request.POST:
            services.submit_post(actor=actor, post=post)
            messages.success(self.request, _("已提交，等待主持人审核"))
        elif "approve" in self.request.POST:
            post = services.approve_post(actor=actor, post=post)
            messages.success(
                self.request,
                _("已发布") if post.status == S.PUBLISHED else _("已提交培训中心审核"),
            )
        else:
            messages.success(self.request, _("已保存"))


class PostCreateView(PostFormMixin, ObjectPermissionMixin, FormView):
    permission_required = "publishing.write_post"

    def get_queryset(self):
        return studios_in_reach(self.request.user)

    @cached_property
    def studio(self) -> Studio:
        return self.get_object()

    @cached_property
    def site(self):
        site = site_of(self.studio)
        if site is None:
            raise Http404
        return site

    def form_valid(self, form):
        actor = Actor.from_request(self.request)
        try:
            post = services.write_post(actor=actor, studio=self.studio, **form.text())
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        try:
            self.act_after_saving(actor, post)
        except ValidationError as error:
            report(self.request, error)
        return redirect("publishing:manage", pk=post.pk)

    def get_context_data(self, **kwargs):
        studio = self.studio
        return super().get_context_data(
            studio=studio,
            post=None,
            hosts=studio.host_id == _principal(self.request.user),
            centre_review=self.site.centre_review,
            **kwargs,
        )


class PostEditView(PostFormMixin, ObjectPermissionMixin, FormView):
    permission_required = "publishing.edit_post"

    def get_queryset(self):
        return posts_in_reach(self.request.user)

    @cached_property
    def post(self) -> Post:
        return self.get_object()

    @cached_property
    def site(self):
        site = site_of(self.post.studio)
        if site is None:
            raise Http404
        return site

    def photos(self):
        return list(self.post.photos.all())

    def get_initial(self):
        post = self.post
        return {
            "column": post.column,
            "kind": post.kind,
            "title": post.title,
            "summary": post.summary,
            "body": post.body,
        }

    def form_valid(self, form):
        actor = Actor.from_request(self.request)
        try:
            post = services.edit_post(
                actor=actor,
                post=self.post,
                remove_photos=form.cleaned_data.get("remove_photos") or [],
                **form.text(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        try:
            self.act_after_saving(actor, post)
        except ValidationError as error:
            report(self.request, error)
        return redirect("publishing:manage", pk=post.pk)

    def get_context_data(self, **kwargs):
        post = self.post
        return super().get_context_data(
            studio=post.studio,
            post=post,
            hosts=post.studio.host_id == _principal(self.request.user),
            centre_review=self.site.centre_review,
            **kwargs,
        )


def _principal(user):
    return access_of(user).principal_id


# What a button on the post's page does: (service, permission, message, needs a note).
ACTIONS = {
    "submit": ("submit_post", "publishing.submit_post", gettext_lazy("已提交，等待主持人审核")),
    "approve": ("approve_post", "publishing.approve_post", None),
    "return": ("return_post", None, gettext_lazy("已退回修改")),
    "accept": ("accept_post", "publishing.review_post", gettext_lazy("已发布")),
    "take_down": ("take_down_post", "publishing.take_down_post", gettext_lazy("已撤下")),
}


class PostManageView(ObjectPermissionMixin, TemplateView):
    """The post as its writer, the host and the centre see it, with what each may do now."""

    permission_required = "publishing.view_post"
    template_name = "publishing/manage.html"

    def get_queryset(self):
        return posts_in_reach(self.request.user)

    def get_context_data(self, **kwargs):
        post = self.get_object()
        user = self.request.user
        site = site_of(post.studio)
        if site is None:
            raise Http404
        labelled([post], names_of(site))
        may = {
            "edit": POST.allows(post, "edit") and user.has_perm("publishing.edit_post", post),
            "submit": POST.allows(post, "submit") and user.has_perm("publishing.submit_post", post),
            "approve": (
                POST.allows(post, "publish")
                and (not post.by_member or post.status == S.SUBMITTED)
                and user.has_perm("publishing.approve_post", post)
            ),
            "return": (
                post.status == S.SUBMITTED and user.has_perm("publishing.approve_post", post)
            )
            or (post.status == S.APPROVED and user.has_perm("publishing.review_post", post)),
            "accept": POST.allows(post, "accept") and user.has_perm("publishing.review_post", post),
            "take_down": (
                POST.allows(post, "take_down") and user.has_perm("publishing.take_down_post", post)
            ),
            "export": user.has_perm("publishing.export_post", post),
            # The library's one-step share, asked by the permission's name (no import of it).
            "share": user.has_perm("library.share_source", post),
        }
        return super().get_context_data(
            post=post,
            studio=post.studio,
            photos=list(post.photos.all()),
            may=may,
            centre_review=site.centre_review,
            note_form=kwargs.pop("note_form", None) or NoteForm(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        post = self.get_object()
        action = request.POST.get("action", "")
        if action not in ACTIONS:
            raise Http404
        name, _permission, done = ACTIONS[action]
        form = NoteForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(note_form=form))
        arguments = {"actor": Actor.from_request(request), "post": post}
        if action == "return":
            arguments["note"] = form.cleaned_data["note"]
        elif action == "take_down":
            arguments["reason"] = form.cleaned_data["note"]
        try:
            changed = getattr(services, name)(**arguments)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                add_service_errors(form, error)
                return self.render_to_response(self.get_context_data(note_form=form))
            report(request, error)
            return redirect("publishing:manage", pk=post.pk)
        if done is None:
            done = _("已发布") if changed.status == S.PUBLISHED else _("已提交培训中心审核")
        messages.success(request, str(done))
        return redirect("publishing:manage", pk=post.pk)


class WechatExportView(ObjectPermissionMixin, TemplateView):
    """The post as an HTML file to open and copy into a WeChat article; audited (a GET would
    be a write, so the download is a POST)."""

    permission_required = "publishing.export_post"

    def get_queryset(self):
        return posts_in_reach(self.request.user)

    def get(self, request, *args, **kwargs):
        return redirect("publishing:manage", pk=self.get_object().pk)

    def post(self, request, *args, **kwargs):
        post = self.get_object()
        fragment = services.export_wechat(actor=Actor.from_request(request), post=post)
        page = (
            '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
            f"<title>{_escape(post.title)}</title></head><body>\n{fragment}\n</body></html>\n"
        )
        response = HttpResponse(page, content_type="text/html; charset=utf-8")
        return name_download(
            response, f"{post.title}（公众号）.html", f"post-{post.pk}-wechat.html"
        )


def _escape(text: str) -> str:
    return escape(text)
