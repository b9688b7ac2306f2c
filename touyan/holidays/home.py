"""What the holiday calendar shows outside its pages: a menu entry for those who enter years."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from touyan.core.registry import MenuEntry


def menu_entries(user) -> list[MenuEntry]:
    if not user.has_perm("holidays.enter_year"):
        return []
    url = reverse("holidays:years")
    return [MenuEntry(url, _("节假日安排"), sections=(url,))]
