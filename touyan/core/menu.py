"""The main menu of a signed-in user, kept in their session for a minute.

Building the menu asks every domain what the user may use, a handful of queries on every page;
the answer changes only when the user's roles or their place in a programme change. The session
is read on every request anyway, so a menu kept there costs nothing to fetch. A change reaches the
menu within ``KEPT_SECONDS`` (or at the next sign-in); pages check permissions themselves, so a
stale entry can only show a page that then refuses, never open one. Counts belong in an entry's
``badge`` template, which is rendered with every page."""

from __future__ import annotations

import time

from django.utils.translation import get_language

from .registry import MENU, MenuEntry

KEPT_SECONDS = 60
SESSION_KEY = "_touyan_menu"


def menu_for(request) -> list[MenuEntry]:
    user, session = request.user, getattr(request, "session", None)
    if session is None:
        return list(MENU.items(user))
    language = get_language()
    kept = session.get(SESSION_KEY)
    if (
        kept
        and kept["user"] == user.pk
        and kept["language"] == language
        and kept["until"] > time.time()
    ):
        return [
            MenuEntry(url, label, tuple(sections), badge)
            for url, label, sections, badge in kept["entries"]
        ]
    entries = list(MENU.items(user))
    session[SESSION_KEY] = {
        "user": user.pk,
        "language": language,
        "until": time.time() + KEPT_SECONDS,
        "entries": [[e.url, str(e.label), list(e.sections), e.badge] for e in entries],
    }
    return entries
