from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils.functional import SimpleLazyObject
from django.views.generic import TemplateView

from . import inbox
from .front_door import FrontDoorView
from .kept import kept
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
        keep = kept(self.request, inbox.inbox_token(user))
        keeping = keep.cache != "none"
        # Read only when the kept items are not in the shared cache (core/kept.py).
        items = SimpleLazyObject(lambda: self.inbox(remember=keeping))
        return super().get_context_data(
            badges=list(HOME_BADGES.items(user)),
            cards=list(HOME_CARDS.items(user)),
            inbox=items,
            # The menu's count: kept beside the kept items, or that of the items read now.
            inbox_count=SimpleLazyObject(lambda: self.count(items) if keeping else items["total"]),
            kept=keep,
            **kwargs,
        )

    def inbox(self, *, remember: bool) -> dict:
        user = self.request.user
        items = inbox.items_for(user)
        if remember:
            inbox.remember_count(user, len(items))
        return {"items": inbox.shown(items[:HOME_INBOX_ITEMS]), "total": len(items)}

    def count(self, items) -> int:
        count = inbox.kept_count(self.request.user)
        return items["total"] if count is None else count
