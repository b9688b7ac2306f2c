"""Parts of a signed-in user's page kept in the shared cache while what they show is unchanged.

A list or a grid whose rendering is most of a page's time is wrapped in Django's ``{% cache %}``
tag with what ``kept(request, *names)`` gives: the key varies on the user, the language, the
path with its query, and the ``freshness`` tokens of ``names`` and of every user's grants, so a
change to what the part shows (or to who may see it) reaches the next look at once; ``SECONDS``
bounds what changes without a token. Inside a transaction that has touched one of the names the
part is neither read nor kept (the cache ``none``): a request sees its own writes.

    {% load cache %}{% cache kept.seconds "people.principals" kept.key using=kept.cache %}
      … what the view made lazily (a paginated queryset, a callable) …
    {% endcache %}
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language

from . import freshness

SECONDS = 60


@dataclass(frozen=True)
class Kept:
    key: str
    cache: str
    seconds: int = SECONDS


def kept(request, *names: str, shared: bool = False) -> Kept:
    """``shared``: the part is the same for everyone (a public list), so one copy serves all.
    Never for a visitor who has not signed in: their pages are kept whole, for the queries the
    page reads only (``public_pages``), not for whatever query string they make up."""
    if not request.user.is_authenticated:
        return Kept(key="", cache="none")
    if not shared:
        names = (*names, freshness.GRANTS)
    if any(freshness.pending(name) for name in names):
        return Kept(key="", cache="none")
    tokens = "-".join(freshness.versions(*names))
    user = "all" if shared else getattr(request.user, "pk", None)
    return Kept(key=f"{user}:{get_language()}:{request.get_full_path()}:{tokens}", cache="default")
