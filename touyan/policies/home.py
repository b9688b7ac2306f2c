"""The menu entry of the policies: for those who may write one."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from touyan.core.registry import MenuEntry


def menu_entries(user) -> list[MenuEntry]:
    if not user.has_perm("policies.change_policy"):
        return []
    url = reverse("policies:list")
    return [MenuEntry(url, _("培养政策"), sections=(url,))]
