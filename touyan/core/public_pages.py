"""Public pages as an anonymous visitor reads them, answered from the shared cache.

Visitors are the crowd a public notice or a studio's page draws, and each reads what every other
visitor reads, so a page is built once and kept (``SECONDS``) under its path, its query and the
language. A domain names the models its public pages are built from (``follow``): once a
transaction that saved or deleted one of them commits, the token ``public`` (``freshness``),
which every kept page's key carries, changes, so the next visitor reads the change; requests
inside that transaction neither read nor keep pages. What changes without a model's signals
(a bulk import, a deadline passing) reaches visitors within ``SECONDS``.

Signed-in users, requests carrying a session or pending messages, anything but GET and HEAD, and
answers other than a plain 200 are never kept or answered from here. The page's forms keep
working: each CSRF token is taken out before the page is kept and the visitor's own is put back
when it is answered.
"""

from __future__ import annotations

import hashlib
import re

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from . import freshness

SECONDS = 60
PUBLIC = "public"
# Changed when what is kept changes shape, so that no process answers with an older one.
SHAPE = "1"
TOKEN_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
PLACEHOLDER = b"\x00csrf\x00"


def follow(*models) -> None:
    """Visitors' pages are built from ``models``: a change to one of them is shown at once."""
    freshness.follow(PUBLIC, *models)


class ForVisitors:
    """A view mixin: anonymous visitors' GET requests are answered from the shared cache.

    Only a query made of ``query_parameters`` (the ones the page reads) is kept: made-up ones
    are answered as always, so they cannot fill the cache with copies of one page."""

    query_parameters: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if not _may_keep(request) or not set(request.GET) <= set(self.query_parameters):
            return super().dispatch(request, *args, **kwargs)
        key = _key(request)
        kept = cache.get(key)
        if kept is not None:
            content_type, body = kept
            return HttpResponse(
                body.replace(PLACEHOLDER, get_token(request).encode()), content_type
            )
        response = super().dispatch(request, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()
        if _keepable(request, response):
            body = TOKEN_FIELD.sub(rb"\1" + PLACEHOLDER + rb"\2", response.content)
            cache.set(key, (response["Content-Type"], body), SECONDS)
        return response


def _may_keep(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not freshness.pending(PUBLIC)
    )


def _keepable(request, response) -> bool:
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not (session is not None and session.modified)
    )


def _key(request) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    (version,) = freshness.versions(PUBLIC)
    return f"public-page:{SHAPE}:{get_language()}:{path}:{version}"
