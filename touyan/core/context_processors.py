from django.utils.functional import SimpleLazyObject

from .menu import menu_for
from .registry import PAGE_CONTEXT


def page_context(request):
    """What the domains add to every page (`PAGE_CONTEXT`), and the menu a signed-in user sees (``menu.py``):
    ``(entry, current)`` pairs, built only when the page shows the menu."""
    context = dict(PAGE_CONTEXT.items(request))
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        context["nav_items"] = []
        return context
    path = request.path
    context["nav_items"] = SimpleLazyObject(
        lambda: [(entry, entry.is_current(path)) for entry in menu_for(request)]
    )
    return context
