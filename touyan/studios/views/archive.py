"""成员档案 (HN-4.2.3): a member's archive in one studio, as a page and as a PDF, for the member,
their host, the district that follows the studio and whoever follows the programme."""

from __future__ import annotations

from django.http import HttpResponse
from django.views.generic import TemplateView, View

from touyan.core.actors import Actor
from touyan.core.downloads import name_download
from touyan.core.permissions import ObjectPermissionMixin
from touyan.programmes.models import StudioMember
from touyan.programmes.selectors import programmes_visible_to

from ..archive import archive_of
from ..services import export_member_archive


class ArchiveMixin(ObjectPermissionMixin):
    permission_required = "studios.view_member_archive"

    def get_queryset(self):
        return StudioMember.objects.filter(
            studio__programme__in=programmes_visible_to(self.request.user)
        ).select_related("studio__programme", "principal__school")


class ArchiveView(ArchiveMixin, TemplateView):
    template_name = "studios/archive.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**archive_of(self.get_object()), **kwargs)


class ArchivePdfView(ArchiveMixin, View):
    def get(self, request, *args, **kwargs):
        membership = self.get_object()
        pdf = export_member_archive(actor=Actor.from_request(request), membership=membership)
        return name_download(
            HttpResponse(pdf, content_type="application/pdf"),
            f"{membership.principal.name}-成员档案.pdf",
            f"member-archive-{membership.pk}.pdf",
        )
