"""The host's documents (HN-4.2.1): 工作制度, 学习制度, 工作方案, 工作计划 and 成员培养计划. Whoever
sees the studio reads them — its members, the centre, the authority and the district officer of
its place; the host saves new versions. Every version stays readable with who saved it and
when; a version's file is the deliverable's (``records:deliverable_file``)."""

from __future__ import annotations

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from touyan.core.actors import Actor
from touyan.core.forms import add_service_errors
from touyan.core.permissions import ObjectPermissionMixin
from touyan.programmes.models import Studio

from ..documents import HostDocument, document_of
from ..forms import DocumentForm
from ..selectors import document_versions, host_documents
from ..services.documents import save_host_document
from .office import studios_in_reach


class StudioPageMixin(ObjectPermissionMixin):
    """A page of one studio found among those of the programmes the user may see; the
    permission narrows further."""

    def get_queryset(self):
        return studios_in_reach(self.request.user)

    @cached_property
    def studio(self) -> Studio:
        return self.get_object()

    def get_context_data(self, **kwargs):
        kwargs.setdefault("studio", self.studio)
        kwargs.setdefault("programme", self.studio.programme)
        return super().get_context_data(**kwargs)


class DocumentListView(StudioPageMixin, TemplateView):
    permission_required = "studios.view_documents"
    template_name = "studios/documents/list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            rows=host_documents(self.studio),
            may_write=self.request.user.has_perm("studios.write_documents", self.studio),
            **kwargs,
        )


class DocumentView(StudioPageMixin, FormView):
    """One document: its current version, the older ones below, and for the host the form
    that saves the next version."""

    permission_required = "studios.view_documents"
    template_name = "studios/documents/document.html"
    form_class = DocumentForm

    @cached_property
    def document(self) -> HostDocument:
        found = document_of(self.studio.programme, self.kwargs["document"])
        if found is None:
            raise Http404
        return found

    @cached_property
    def may_write(self) -> bool:
        return self.request.user.has_perm("studios.write_documents", self.studio)

    def post(self, request, *args, **kwargs):
        if not self.may_write:
            raise Http404
        return super().post(request, *args, **kwargs)

    def get_initial(self):
        current = document_versions(self.studio, self.document.code).first()
        return {"body": current.body} if current is not None else {}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            version = save_host_document(
                actor=Actor.from_request(self.request),
                studio=self.studio,
                document=self.document.code,
                body=data["body"],
                file=data["file"],
                declared_chars=data["declared_chars"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("已保存为新版本：%(title)s") % {"title": version.title})
        return redirect("studios:document", pk=self.studio.pk, document=self.document.code)

    def get_context_data(self, **kwargs):
        versions = list(document_versions(self.studio, self.document.code))
        if not self.may_write:
            kwargs["form"] = None
        return super().get_context_data(
            document=self.document,
            current=versions[0] if versions else None,
            older=versions[1:],
            may_write=self.may_write,
            **kwargs,
        )
