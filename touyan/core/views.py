from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from . import inbox
from .front_door import FrontDoorView
from .registry import HOME_BADGES, HOME_CARDS

# The home page leads with the first items of the inbox; the rest are a click away.
HOME_INBOX_ITEMS = 5


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "core/home.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return FrontDoorView.as_view()(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user = self.request.user
        items = inbox.items_for(user)
        return super().get_context_data(
            badges=list(HOME_BADGES.items(user)),
            cards=list(HOME_CARDS.items(user)),
            inbox_items=inbox.shown(items[:HOME_INBOX_ITEMS]),
            inbox_total=len(items),
            inbox_count=len(items),
            **kwargs,
        )
