"""What `core` itself puts in the menu: the way home and the 待办 inbox with its count."""

from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from . import inbox
from .registry import MenuEntry


def menu_entries(user) -> list[MenuEntry]:
    return [
        MenuEntry(reverse("core:home"), _("首页")),
        MenuEntry(
            reverse("core:inbox"),
            _("待办"),
            sections=(reverse("core:inbox"),),
            badge="core/_inbox_badge.html",
        ),
    ]


def inbox_count(request) -> list[tuple[str, object]]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    return [("inbox_count", SimpleLazyObject(lambda: inbox.count_for(user)))]
