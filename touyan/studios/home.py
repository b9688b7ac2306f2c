"""What studios show outside their pages: the public studio list in everyone's menu."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from touyan.core.registry import MenuEntry


def menu_entries(user) -> list[MenuEntry]:
    return [MenuEntry(reverse("studios:public_list"), _("工作室"))]
