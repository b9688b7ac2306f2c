from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from touyan.core.pagination import paginate
from touyan.core.permissions import PermissionMixin

from .links import is_local_path
from .selectors import notifications_of
from .services import mark_read

PAGE_SIZE = 50


class NotificationListView(PermissionMixin, TemplateView):
    template_name = "notifications/list.html"

    def get_context_data(self, **kwargs):
        page, query = paginate(self.request, notifications_of(self.request.user), PAGE_SIZE)
        return super().get_context_data(page=page, query=query, **kwargs)


class MarkAllReadView(PermissionMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if count := mark_read(user=request.user):
            messages.success(request, _("已将 %(count)d 条通知标为已读") % {"count": count})
        return redirect("notifications:list")


class OpenView(PermissionMixin, View):
    """Following an item's link: a path on this site, any other link leads back to the list.
    Reading changes nothing; the item's own button marks it read."""

    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        notification = get_object_or_404(notifications_of(request.user), pk=kwargs["pk"])
        if is_local_path(notification.url):
            return redirect(notification.url)
        return redirect("notifications:list")


class MarkReadView(PermissionMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        notification = get_object_or_404(notifications_of(request.user), pk=kwargs["pk"])
        mark_read(user=request.user, ids=[notification.pk])
        return redirect("notifications:list")
