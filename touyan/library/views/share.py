"""Sharing a resource: typed in (the share form), or in one step from a deliverable or a
research outcome the user owns, its values already filled in."""

from __future__ import annotations

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from touyan.core.actors import Actor
from touyan.core.forms import add_service_errors
from touyan.core.permissions import PermissionMixin
from touyan.publishing.models import Post
from touyan.records.models import Deliverable, ResearchOutcome

from ..forms import ShareForm
from ..models import Visibility
from ..selectors import programmes_shared_for, studios_shared_for
from ..services import share_resource
from ..sources import from_deliverable, from_outcome, from_post


class ShareView(PermissionMixin, TemplateView):
    permission_required = "library.share"
    template_name = "library/share.html"
    upload_kind = "resource"

    def build_form(self, data=None, files=None):
        user = self.request.user
        return ShareForm(
            data,
            files,
            initial={"visibility": Visibility.STUDIO},
            studios=studios_shared_for(user).order_by("programme__slug", "name"),
            programmes=programmes_shared_for(user).order_by("-starts_on", "slug"),
        )

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.build_form()))

    def post(self, request, *args, **kwargs):
        form = self.build_form(request.POST, request.FILES)
        if form.is_valid():
            try:
                resource = share_resource(
                    actor=Actor.from_request(request), **form.service_arguments()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("已分享“%(title)s”") % {"title": resource.title})
                return redirect("library:resource", pk=resource.pk)
        return self.render_to_response(self.get_context_data(form=form))


class ShareSourceView(ShareView):
    """One step: the form comes filled in from the source; sent as it is, it shares it."""

    permission_required = "library.share_source"

    def find_source(self):
        raise NotImplementedError

    def propose(self, source):
        raise NotImplementedError

    @cached_property
    def proposal(self):
        return self.propose(self.find_source())

    def get_permission_object(self):
        return self.proposal.source

    def build_form(self, data=None, files=None):
        proposal = self.proposal
        initial = {
            "title": proposal.title,
            "kind": proposal.kind,
            "summary": proposal.summary,
            "visibility": proposal.visibility,
            "link": proposal.link,
        }
        form = ShareForm(data, files, initial=initial, source=proposal.source)
        if proposal.studio is None:
            # A trainee's work belongs to no studio: the programme or everyone.
            form.fields["visibility"].choices = [
                choice for choice in Visibility.choices if choice[0] != Visibility.STUDIO
            ]
        return form

    def post(self, request, *args, **kwargs):
        form = self.build_form(request.POST, request.FILES)
        proposal = self.proposal
        if form.is_valid():
            arguments = form.service_arguments()
            if "file" not in arguments and proposal.file:
                arguments["file"], arguments["file_name"] = proposal.file, proposal.file_name
            try:
                resource = share_resource(
                    actor=Actor.from_request(request),
                    programme=proposal.programme,
                    studio=proposal.studio,
                    body=proposal.body,
                    source=proposal.source,
                    **arguments,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("已把“%(title)s”分享到资源库") % {"title": resource.title}
                )
                return redirect("library:resource", pk=resource.pk)
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        return super().get_context_data(proposal=self.proposal, **kwargs)


class ShareDeliverableView(ShareSourceView):
    def find_source(self):
        return get_object_or_404(
            Deliverable.objects.select_related("programme", "studio"), pk=self.kwargs["pk"]
        )

    def propose(self, source):
        return from_deliverable(source)


class ShareOutcomeView(ShareSourceView):
    def find_source(self):
        return get_object_or_404(
            ResearchOutcome.objects.select_related("project__programme", "project__studio"),
            pk=self.kwargs["pk"],
        )

    def propose(self, source):
        return from_outcome(source)


class SharePostView(ShareSourceView):
    def find_source(self):
        return get_object_or_404(
            Post.objects.select_related("studio__programme"),
            pk=self.kwargs["pk"],
            status=Post.Status.PUBLISHED,
        )

    def propose(self, source):
        return from_post(source)
