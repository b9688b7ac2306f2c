"""The public library: the resources shared with everyone, for visitors who have not signed in
(answered from the shared cache, ``core.public_pages``). Studios and titles only: no author,
no one's personal data."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from touyan.core.public_pages import ForVisitors

from ..selectors import public_resources
from .base import QUERY_PARAMETERS, search_context


class PublicLibraryView(ForVisitors, TemplateView):
    template_name = "library/public/list.html"
    query_parameters = QUERY_PARAMETERS

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **search_context(self.request, public_resources()), **kwargs
        )


class PublicResourceView(ForVisitors, TemplateView):
    template_name = "library/public/resource.html"

    def get_context_data(self, **kwargs):
        resource = get_object_or_404(public_resources(), pk=self.kwargs["pk"])
        return super().get_context_data(resource=resource, tags=list(resource.tags.all()), **kwargs)
