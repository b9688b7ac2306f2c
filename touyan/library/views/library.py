"""The library as signed-in people read it: the list with the search, one resource, its file,
what I shared, taking one out."""

from __future__ import annotations

from functools import cached_property

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from touyan.core.actors import Actor
from touyan.core.downloads import file_download
from touyan.core.pagination import paginate
from touyan.core.permissions import PermissionMixin
from touyan.records.selectors import deliverables_visible_to

from ..selectors import public_resources, resources_visible_to, shared_by
from ..services import record_download, withdraw_resource
from .base import search_context


class LibraryView(PermissionMixin, TemplateView):
    permission_required = "library.view_library"
    template_name = "library/list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            **search_context(self.request, resources_visible_to(user)),
            can_share=user.has_perm("library.share"),
            **kwargs,
        )


class ResourceMixin(PermissionMixin):
    @cached_property
    def resource(self):
        return get_object_or_404(resources_visible_to(self.request.user), pk=self.kwargs["pk"])

    def get_permission_object(self):
        return self.resource


class ResourceView(ResourceMixin, TemplateView):
    permission_required = "library.view_resource"
    template_name = "library/resource.html"

    def get_context_data(self, **kwargs):
        resource, user = self.resource, self.request.user
        return super().get_context_data(
            resource=resource,
            tags=list(resource.tags.all()),
            source_url=self.source_url(),
            can_withdraw=user.has_perm("library.withdraw_resource", resource),
            **kwargs,
        )

    def source_url(self) -> str:
        """The page of the source, for whoever may read it there."""
        resource, user = self.resource, self.request.user
        if resource.deliverable_id and (
            deliverables_visible_to(user, resource.programme)
            .filter(pk=resource.deliverable_id)
            .exists()
        ):
            return reverse(
                "records:deliverable", args=[resource.programme.slug, resource.deliverable_id]
            )
        return ""


class DownloadView(View):
    """The resource's file (or its link): counted once per download. A visitor who has not
    signed in gets public resources only, and is asked to sign in for the others."""

    def get(self, request, pk):
        user = request.user
        if user.is_authenticated:
            resource = get_object_or_404(resources_visible_to(user), pk=pk)
        else:
            resource = public_resources().filter(pk=pk).first()
            if resource is None:
                return redirect_to_login(request.get_full_path())
        if not resource.file and not resource.link:
            raise Http404
        response = (
            file_download(resource.file, resource.file_name or resource.title)
            if resource.file
            else HttpResponseRedirect(resource.link)
        )
        record_download(actor=Actor.from_request(request), resource=resource)
        return response


class MineView(PermissionMixin, TemplateView):
    permission_required = "library.share"
    template_name = "library/mine.html"

    def get_context_data(self, **kwargs):
        resources = shared_by(self.request.user).prefetch_related("tags")
        page, query = paginate(self.request, resources, per_page=20)
        return super().get_context_data(page=page, query=query, **kwargs)


class WithdrawView(ResourceMixin, View):
    permission_required = "library.withdraw_resource"
    http_method_names = ["post"]

    def post(self, request, pk):
        resource = self.resource
        withdraw_resource(actor=Actor.from_request(request), resource=resource)
        messages.success(request, _("已从资源库撤下“%(title)s”") % {"title": resource.title})
        return redirect(
            "library:mine" if request.user.has_perm("library.share") else "library:list"
        )
