"""What assessment shows outside its pages: 我的考核 for hosts whose studio has a case."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from touyan.core.registry import MenuEntry
from touyan.programmes.access import access_of

from .models import Case, Round


def menu_entries(user) -> list[MenuEntry]:
    principal = access_of(user).principal_id
    if principal is None:
        return []
    open_cases = Case.objects.filter(
        studio__host_id=principal, member__isnull=True, round__stage=Round.Stage.PREPARING
    )
    if not open_cases.exists():
        return []
    url = reverse("assessment:mine")
    return [MenuEntry(url, gettext_lazy("我的考核"), sections=(url, "/assessment/cases/"))]
