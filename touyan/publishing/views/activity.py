"""An activity published as a post in one step (HN-4.1.6): from the activity's page, its host
chooses the column and kind and whether to publish at once; the post takes the activity's
title, date, place, description and photos."""

from __future__ import annotations

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from touyan.core.actors import Actor
from touyan.core.forms import add_service_errors
from touyan.core.permissions import PermissionMixin
from touyan.programmes.access import access_of
from touyan.records.models import Activity

from .. import services
from ..forms import ActivityPostForm
from ..models import Post
from ..site import site_of


def hosted_organiser(user, activity: Activity):
    """The studio among the activity's organisers that the user hosts, if any."""
    principal = access_of(user).principal_id
    if principal is None:
        return None
    organiser = (
        activity.organisers.filter(studio__host_id=principal)
        .select_related("studio__programme__policy_version", "studio__host")
        .first()
    )
    return organiser.studio if organiser is not None else None


class ActivityPostView(PermissionMixin, FormView):
    template_name = "publishing/activity_post.html"
    upload_kind = services.UPLOAD_KIND

    @cached_property
    def activity(self) -> Activity:
        return get_object_or_404(Activity, pk=self.kwargs["pk"])

    @cached_property
    def studio(self):
        studio = hosted_organiser(self.request.user, self.activity)
        if studio is None or site_of(studio) is None:
            raise Http404
        return studio

    def get_permission_object(self):
        return self.studio

    permission_required = "publishing.post_activity"

    def get_form(self, form_class=None):
        return ActivityPostForm(**self.get_form_kwargs(), site=site_of(self.studio))

    def form_valid(self, form):
        try:
            post = services.post_activity(
                actor=Actor.from_request(self.request),
                activity=self.activity,
                studio=self.studio,
                column=form.cleaned_data["column"],
                kind=form.cleaned_data["kind"],
                publish=form.cleaned_data["publish"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("已发布到工作室网站") if post.status == Post.Status.PUBLISHED else _("已存为草稿"),
        )
        return redirect("publishing:manage", pk=post.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            activity=self.activity,
            studio=self.studio,
            photo_count=self.activity.files.filter(kind="photo").count(),
            posted=list(Post.objects.filter(activity=self.activity).order_by("-pk")[:5]),
            **kwargs,
        )
