"""The 待办 inbox: every item the domains register for a person (``registry.INBOX``), in one
list, soonest due first. The menu's count is read from the shared cache for a minute, so a page
other than the inbox itself costs one cache read, not every domain's queries; so are the first
items on the home page (``core/kept.py``, token ``inbox_token``). A person's own successful
write forgets both (``OwnWorkMiddleware``): the work they just did leaves at once, what others
did reaches them within the minute. The inbox page itself is always read afresh."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import freshness
from .registry import INBOX, InboxItem

COUNT_SECONDS = 60
FAR_AWAY = dt.date.max


def items_for(user) -> list[InboxItem]:
    if not _has_inbox(user):
        return []
    return sorted(INBOX.items(user), key=lambda item: (item.due or FAR_AWAY, item.key))


def _has_inbox(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.is_active


def count_for(user) -> int:
    """How many items wait for the user, at most a minute old (the pages that list the items
    pass their count to the menu themselves)."""
    key = _count_key(user)
    count = cache.get(key)
    if count is None:
        count = len(items_for(user))
        cache.set(key, count, COUNT_SECONDS)
    return count


def find(user, key: str) -> InboxItem | None:
    """The user's item of this key. A key begins with the label of the app whose ``inbox.py``
    made it ("records.attendance:1"), so that app's contributions are asked first and the
    others only when it has no such item: a drill-down costs one domain's queries, not all."""
    if not _has_inbox(user):
        return None
    app = key.split(".", 1)[0]
    contributions = sorted(INBOX.contributions(), key=lambda c: _app_of(c) != app)
    for contribute in contributions:
        for item in contribute(user):
            if item.key == key:
                return item
    return None


def _app_of(contribution) -> str:
    """``touyan.records.inbox`` → ``records``."""
    parts = contribution.__module__.split(".")
    return parts[-2] if len(parts) > 1 else ""


def _count_key(user) -> str:
    return f"inbox-count:{user.pk}"


def inbox_token(user) -> str:
    return f"inbox:{user.pk}"


def kept_count(user) -> int | None:
    return cache.get(_count_key(user))


def remember_count(user, count: int) -> None:
    """A page that has just read every item keeps their count for the menu."""
    cache.set(_count_key(user), count, COUNT_SECONDS)


def forget(user) -> None:
    """The user has just done some work: their count and home items are read afresh."""
    cache.delete(_count_key(user))
    freshness.renew(inbox_token(user))


class OwnWorkMiddleware:
    """After a signed-in user's successful write (any method but GET, HEAD, OPTIONS), their
    inbox is read afresh on the next page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD", "OPTIONS") and response.status_code < 400:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                forget(user)
        return response


@dataclass(frozen=True)
class Shown:
    """An item with its due date told in words, as the pages and the digest show it."""

    item: InboxItem
    today: dt.date

    @property
    def days_left(self) -> int | None:
        return None if self.item.due is None else (self.item.due - self.today).days

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def due_text(self) -> str:
        days = self.days_left
        if days is None:
            return ""
        if days < 0:
            return ngettext("已逾期 %(days)d 天", "已逾期 %(days)d 天", -days) % {"days": -days}
        if days == 0:
            return _("今天到期")
        return ngettext("还剩 %(days)d 天", "还剩 %(days)d 天", days) % {"days": days}


def shown(items: list[InboxItem], today: dt.date | None = None) -> list[Shown]:
    today = today or timezone.localdate()
    return [Shown(item, today) for item in items]
