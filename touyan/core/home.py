"""What `core` itself puts in the menu: the way home."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .registry import MenuEntry


def menu_entries(user) -> list[MenuEntry]:
    return [MenuEntry(reverse("core:home"), _("首页"))]
