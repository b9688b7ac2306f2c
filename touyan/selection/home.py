"""What selection shows outside its pages: the experts' card on the home page, and menu entries
each asked only of the users they may concern, one EXISTS at most."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from touyan.accounts.roles import Role
from touyan.accounts.scopes import scope_of
from touyan.core.registry import Card, MenuEntry
from touyan.programmes.access import access_of

from .models import Application, Call, Review


def expert_card(user) -> list[Card]:
    if not scope_of(user).has(Role.EXPERT):
        return []
    return [Card(title=_("评审任务"), text=_("目前没有分配给您的评审任务。"))]


def menu_entries(user) -> list[MenuEntry]:
    access, entries = access_of(user), []
    if access.everything or access.managed_prefixes or access.managed_programmes:
        entries.append(MenuEntry(reverse("selection:calls"), _("遴选")))
    elif access.district_codes:
        jurisdictions = set()
        for code in access.district_codes:
            jurisdictions |= {code, code[:4] + "00", code[:2] + "0000"}
        followed = (
            Call.objects.exclude(stage=Call.Stage.DRAFT)
            .filter(spec__district_review=True, programme__jurisdiction_id__in=jurisdictions)
            .exists()
        )
        if followed:
            entries.append(MenuEntry(reverse("selection:public_calls"), _("遴选")))
    if scope_of(user).has(Role.EXPERT) and Review.objects.filter(expert=user).exists():
        entries.append(MenuEntry(reverse("selection:my_reviews"), _("评审任务")))
    principal = access.principal_id
    if principal is not None and Application.objects.filter(principal_id=principal).exists():
        entries.append(MenuEntry(reverse("selection:my_applications"), _("我的申报")))
    return entries
