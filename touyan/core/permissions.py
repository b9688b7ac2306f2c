"""The one mechanism every page uses to check access.

* Anonymous visitors are sent to the login page.
* A signed-in user without the permission gets 404, not 403: a page outside their scope
  does not exist for them, and its existence is not confirmed.
* Object views fetch their object from a queryset already narrowed to the user's scope, and
  the permission is checked against that object.
* Services check every write themselves (``core.steps.require``); what they refuse does not
  exist for the user either, so a ``PermissionDenied`` from a service answers 404 too.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404


class PermissionMixin(LoginRequiredMixin):
    permission_required: str = ""

    def get_permission_object(self):
        return None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.request, self.args, self.kwargs = request, args, kwargs
        if self.permission_required and not request.user.has_perm(
            self.permission_required, self.get_permission_object()
        ):
            raise Http404
        try:
            return super().dispatch(request, *args, **kwargs)
        except PermissionDenied:
            raise Http404 from None


class ObjectPermissionMixin(PermissionMixin):
    """For views on one object, found by ``pk`` in ``get_queryset()`` — the user's scoped
    queryset — so that an object outside the scope answers 404 before any permission check."""

    def get_queryset(self):
        raise NotImplementedError

    def get_object(self, queryset=None):
        if getattr(self, "object", None) is None:
            self.object = get_object_or_404(queryset or self.get_queryset(), pk=self.kwargs["pk"])
        return self.object

    def get_permission_object(self):
        return self.get_object()
