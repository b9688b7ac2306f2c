"""What visitors read (HN-4.1.6): a studio's site — its latest posts column by column — a
column page by page, a post, its photos, and the feeds. No JavaScript; answered from the shared
cache for anonymous visitors (``core/public_pages.py``)."""

from __future__ import annotations

from functools import cached_property

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from touyan.core.pagination import paginate
from touyan.core.public_pages import ForVisitors
from touyan.core.uploads import type_of_stored
from touyan.policies.names import shown
from touyan.programmes.models import Studio

from .. import selectors
from ..models import Post, PostPhoto
from ..site import site_of

COLUMN_PAGE = 20


class SiteMixin:
    """The studio of the URL, with its programme's ``[site]`` (404 without one)."""

    @cached_property
    def studio(self) -> Studio:
        return get_object_or_404(selectors.site_studios(), pk=self.kwargs["pk"])

    @cached_property
    def site(self):
        site = site_of(self.studio)
        if site is None:
            raise Http404
        return site

    def names(self) -> dict:
        return {
            "columns": {c.code: shown(c) for c in self.site.columns},
            "kinds": {k.code: shown(k) for k in self.site.post_kinds},
        }


def labelled(posts, names: dict) -> list[Post]:
    for post in posts:
        post.column_name = names["columns"].get(post.column, post.column)
        post.kind_name = names["kinds"].get(post.kind, post.kind)
    return posts


class SiteHomeView(SiteMixin, ForVisitors, TemplateView):
    template_name = "publishing/public/site.html"

    def get_context_data(self, **kwargs):
        names = self.names()
        columns = [
            (column, labelled(posts, names))
            for column, posts in selectors.latest_by_column(self.studio, self.site.columns)
        ]
        return super().get_context_data(
            studio=self.studio,
            columns=columns,
            site_columns=self.site.columns,
            **kwargs,
        )


class ColumnView(SiteMixin, ForVisitors, TemplateView):
    template_name = "publishing/public/column.html"
    query_parameters = ("page",)

    def get_context_data(self, **kwargs):
        column = self.site.column(kwargs.pop("column"))
        if column is None:
            raise Http404
        names = self.names()
        posts = selectors.listed(selectors.published(self.studio, column.code))
        page, query = paginate(self.request, posts, COLUMN_PAGE)
        return super().get_context_data(
            studio=self.studio,
            column=column,
            column_name=shown(column),
            site_columns=self.site.columns,
            page=page,
            query=query,
            posts=labelled(list(page), names),
            **kwargs,
        )


class PostView(ForVisitors, TemplateView):
    template_name = "publishing/public/post.html"

    def get_context_data(self, **kwargs):
        try:
            post = selectors.public_post(self.kwargs["pk"])
        except Post.DoesNotExist:
            raise Http404 from None
        site = site_of(post.studio)
        if site is None:
            raise Http404
        column = site.column(post.column)
        kind = site.post_kind(post.kind)
        return super().get_context_data(
            post=post,
            studio=post.studio,
            column_name=shown(column) if column else post.column,
            kind_name=shown(kind) if kind else post.kind,
            site_columns=site.columns,
            photos=list(post.photos.all()),
            **kwargs,
        )


class PhotoView(View):
    """A photo of a published post, for anyone; of any other post, for whoever may see it."""

    def get(self, request, pk):
        photo = get_object_or_404(PostPhoto.objects.select_related("post__studio"), pk=pk)
        post = photo.post
        if not post.is_public and not request.user.has_perm("publishing.view_post", post):
            raise Http404
        file_type = type_of_stored(photo.image.name)
        if file_type is None or not file_type.is_image:
            raise Http404
        try:
            handle = photo.image.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(handle, content_type=file_type.content_type)
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "public, max-age=3600" if post.is_public else "private"
        return response


class EvidenceView(View):
    """A post named as evidence on a compliance page: its public page when published."""

    def get(self, request, slug, pk):
        post = get_object_or_404(Post, pk=pk, studio__programme__slug=slug)
        if post.is_public:
            return redirect("publishing:post", pk=post.pk)
        if request.user.has_perm("publishing.view_post", post):
            return redirect("publishing:manage", pk=post.pk)
        raise Http404(_("文章未发布"))
