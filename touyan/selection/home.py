"""What selection shows outside its pages: the experts' card on the home page, and menu entries
each asked only of the users they may concern, one EXISTS at most."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from touyan.accounts.roles import Role
from touyan.accounts.scopes import scope_of
from touyan.core.registry import Card, MenuEntry
from touyan.programmes.access import access_of

from .inbox import pending_reviews
from .models import Application, Call, Review


def expert_card(user) -> list[Card]:
    """Read from the same source as the inbox, so the card and the 待办 count agree."""
    if not scope_of(user).has(Role.EXPERT):
        return []
    waiting = pending_reviews(user).count()
    if not waiting:
        return [Card(title=_("评审任务"), text=_("目前没有分配给您的评审任务。"))]
    text = ngettext("有 %(n)d 份申报等待您评审。", "有 %(n)d 份申报等待您评审。", waiting)
    link = (reverse("selection:my_reviews"), _("开始评审"))
    return [Card(title=_("评审任务"), text=text % {"n": waiting}, links=[link])]


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
