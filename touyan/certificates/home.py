"""What certificates show outside their pages: the entry to a trainee's own certificate, and
the verification box of the public front door."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from touyan.core.registry import MenuEntry, PublicLookup, PublicSection
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


def public_sections(request) -> list[PublicSection]:
    """Anyone may check a certificate by its number (the page throttles the look-ups)."""
    return [
        PublicSection(
            title=_("结业证书查验"),
            entries=[],
            lookup=PublicLookup(
                action=reverse("certificates:lookup"),
                name="number",
                label=_("证书编号"),
                button=_("查验"),
                placeholder="HZMXZ-2026-01-0007",
            ),
        )
    ]
