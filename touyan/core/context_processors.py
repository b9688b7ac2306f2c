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
    if user.has_perm("audit.view_trail"):
        items.append((reverse("audit:entry_list"), _("操作日志"), "audit"))
    return {"nav_items": items}
