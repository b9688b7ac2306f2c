"""What certificates show outside their pages: the entry to a trainee's own certificate. (The
verification box of the public front door is in its template, core/front_door.html.)"""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from touyan.core.registry import MenuEntry
from touyan.programmes.access import access_of

from .models import Certificate


def menu_entries(user) -> list[MenuEntry]:
    principal = access_of(user).principal_id
    if principal is None:
        return []
    pk = Certificate.objects.filter(trainee__principal_id=principal).values_list("pk", flat=True)
    pk = pk.order_by("-pk").first()
    if pk is None:
        return []
    url = reverse("certificates:detail", args=[pk])
    return [MenuEntry(url, gettext_lazy("我的结业证书"), sections=(url,))]
