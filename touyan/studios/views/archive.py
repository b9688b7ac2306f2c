"""成员档案 (HN-4.2.3): a member's archive in one studio, as a page and as a PDF, for the member,
their host, the district that follows the studio and whoever follows the programme."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from touyan.core.actors import Actor
from touyan.core.downloads import name_download
from touyan.core.forms import add_service_errors
from touyan.core.permissions import ObjectPermissionMixin
from touyan.programmes.models import StudioMember
from touyan.programmes.selectors import programmes_visible_to
from touyan.records.models import Deliverable

from ..archive import archive_of
from ..forms import GuidanceForm
from ..services import export_member_archive, write_guidance


class ArchiveMixin(ObjectPermissionMixin):
    permission_required = "studios.view_member_archive"

    def get_queryset(self):
        return StudioMember.objects.filter(
            studio__programme__in=programmes_visible_to(self.request.user)
        ).select_related("studio__programme", "principal__school")


class ArchiveView(ArchiveMixin, TemplateView):
    """The archive; for the host, a form to write a guidance note under it."""

    template_name = "studios/archive.html"

    def guidance_form(self, data=None) -> GuidanceForm | None:
        membership = self.get_object()
        if not self.request.user.has_perm("studios.guide_member", membership):
            return None
        deliverables = Deliverable.objects.filter(
            studio_id=membership.studio_id, principal_id=membership.principal_id
        ).order_by("-submitted_on", "-pk")
        return GuidanceForm(data, deliverables=deliverables)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.guidance_form())
        return super().get_context_data(**archive_of(self.get_object()), **kwargs)

    def post(self, request, *args, **kwargs):
        form = self.guidance_form(request.POST)
        if form is None:
            return self.http_method_not_allowed(request, *args, **kwargs)
        if form.is_valid():
            try:
                write_guidance(
                    actor=Actor.from_request(request),
                    membership=self.get_object(),
                    body=form.cleaned_data["body"],
                    deliverable=form.cleaned_data["deliverable"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("指导意见已保存，成员会收到通知"))
                return redirect(request.path)
        return self.render_to_response(self.get_context_data(form=form))


class ArchivePdfView(ArchiveMixin, View):
    def get(self, request, *args, **kwargs):
        membership = self.get_object()
        pdf = export_member_archive(actor=Actor.from_request(request), membership=membership)
        return name_download(
            HttpResponse(pdf, content_type="application/pdf"),
            f"{membership.principal.name}-成员档案.pdf",
            f"member-archive-{membership.pk}.pdf",
        )
