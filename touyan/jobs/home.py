from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from touyan.core.registry import MenuEntry


def menu_entries(user) -> list[MenuEntry]:
    if not user.has_perm("jobs.view_jobs"):
        return []
    url = reverse("jobs:list")
    return [MenuEntry(url, _("后台任务"), sections=(url,))]
