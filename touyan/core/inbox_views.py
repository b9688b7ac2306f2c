"""The 待办 pages: the person's inbox, paged, and the parts of an aggregated item. Each person
sees only their own items, so signing in is the only permission."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.views.generic import TemplateView

from . import inbox
from .pagination import paginate

PAGE_SIZE = 25


class InboxView(LoginRequiredMixin, TemplateView):
    template_name = "core/inbox.html"

    def get_context_data(self, **kwargs):
        items = inbox.items_for(self.request.user)
        page, query = paginate(self.request, items, PAGE_SIZE)
        page.object_list = inbox.shown(list(page.object_list))
        return super().get_context_data(page=page, query=query, inbox_count=len(items), **kwargs)


class InboxItemView(LoginRequiredMixin, TemplateView):
    """What an aggregated item is made of ("3 个工作室尚未登记本月出勤": which three)."""

    template_name = "core/inbox_item.html"

    def get_context_data(self, **kwargs):
        item = inbox.find(self.request.user, self.kwargs["key"])
        if item is None or item.details is None:
            raise Http404
        page, query = paginate(self.request, item.details(), PAGE_SIZE)
        return super().get_context_data(
            item=inbox.shown([item])[0], page=page, query=query, **kwargs
        )
