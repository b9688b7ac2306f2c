from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def navigation(request):
    """The menu a signed-in user sees: only what their permissions allow."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [(reverse("core:home"), _("首页"), "home")]
    if user.has_perm("people.view_registry"):
        items.append((reverse("people:principal_list"), _("校长名册"), "principals"))
        items.append((reverse("people:school_list"), pgettext_lazy("menu", "学校"), "schools"))
    if user.has_perm("people.import_roster"):
        items.append((reverse("people:roster_import"), _("导入名册"), "import"))
    items += selection_items(user)
    if user.has_perm("accounts.manage_accounts"):
        items.append((reverse("accounts:user_list"), _("账号与授权"), "accounts"))
    if user.has_perm("audit.view_trail"):
        items.append((reverse("audit:entry_list"), _("操作日志"), "audit"))
    return {"nav_items": items}


def selection_items(user) -> list[tuple]:
    """Selection entries, each asked only of the users it may concern, one EXISTS at most."""
    from touyan.accounts.roles import Role
    from touyan.accounts.scopes import scope_of
    from touyan.programmes.access import access_of
    from touyan.selection.models import Application, Call, Review

    access, items = access_of(user), []
    if access.everything or access.managed_prefixes or access.managed_programmes:
        items.append((reverse("selection:calls"), _("遴选"), "selection"))
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
            items.append((reverse("selection:public_calls"), _("遴选"), "selection"))
    if scope_of(user).has(Role.EXPERT) and Review.objects.filter(expert=user).exists():
        items.append((reverse("selection:my_reviews"), _("评审任务"), "reviews"))
    principal = access.principal_id
    if principal is not None and Application.objects.filter(principal_id=principal).exists():
        items.append((reverse("selection:my_applications"), _("我的申报"), "applications"))
    return items
