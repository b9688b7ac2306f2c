"""What notifications show outside their pages: the menu entry with its unread badge, and the
unread count every page's template may show (one query, run only when a page shows it)."""

from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from touyan.core.registry import MenuEntry

from .selectors import unread_count


def unread_notifications(request) -> list[tuple[str, object]]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    return [("unread_notifications", SimpleLazyObject(lambda: unread_count(user)))]


def menu_entries(user) -> list[MenuEntry]:
    return [MenuEntry(reverse("notifications:list"), _("通知"), badge="notifications/_badge.html")]
