"""What a domain shows on pages that are not its own: home cards, menu entries, per-request
template context, the work waiting for a person (待办). `core` names the slots; each app fills them from its `home.py`, registered in
its `AppConfig.ready()`. A contribution is a callable asked only when a page shows its slot, in
the order of the weight it was added with (then of registration)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Card:
    title: str
    text: str
    links: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class MenuEntry:
    url: str
    label: str
    # Path prefixes under which the entry is the current one; without them, only its own URL.
    sections: tuple[str, ...] = ()
    # A template shown after the label (a count, say), rendered with the page's context.
    badge: str = ""

    def is_current(self, path: str) -> bool:
        return path.startswith(self.sections) if self.sections else path == self.url


class DetailRows:
    """An aggregated item's parts, read a page at a time: rows of ``queryset`` (a values list),
    each turned into a ``(label, url)`` pair by ``row``. The paginator counts in one query and
    reads only the rows of the page shown."""

    def __init__(self, queryset, row: Callable[[Any], tuple[str, str]]) -> None:
        self.queryset = queryset
        self.row = row

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self.row(found) for found in self.queryset[index]]
        return self.row(self.queryset[index])

    def __iter__(self):
        return (self.row(found) for found in self.queryset)


@dataclass(frozen=True)
class InboxItem:
    """One piece of work waiting for a person: what, for whom, by when, and where to do it.

    ``key`` names the item among the person's (``"selection.district:12"``): tests, the digest
    and the drill-down page find it by it. ``count`` > 1 makes it an aggregate ("3 个工作室
    尚未登记本月出勤"); ``details`` then gives its parts as ``DetailRows`` ((label, url) pairs),
    asked only by the drill-down page."""

    key: str
    title: str
    url: str
    subject: str = ""  # the person, studio or call it is about
    due: dt.date | None = None
    count: int = 1
    details: Callable[[], DetailRows] | None = field(default=None, compare=False)


class Slot:
    """One place that domains fill; ``items(subject)`` asks every contribution in turn."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._contributions: list[tuple[int, int, Callable[[Any], Iterable]]] = []

    def add(self, contribution: Callable[[Any], Iterable], *, weight: int) -> None:
        # Django may run an app's ready() more than once in tests; a contribution counts once.
        if any(existing == contribution for _, _, existing in self._contributions):
            return
        self._contributions.append((weight, len(self._contributions), contribution))
        self._contributions.sort(key=lambda entry: entry[:2])

    def items(self, subject) -> Iterator:
        for _weight, _order, contribute in self._contributions:
            yield from contribute(subject)

    def contributions(self) -> list[Callable[[Any], Iterable]]:
        return [contribute for _weight, _order, contribute in self._contributions]

    def __repr__(self) -> str:
        return f"<Slot {self.name}>"


# (user) -> Cards: what a person can do, on the home page.
HOME_CARDS = Slot("home cards")
# (user) -> str: who a person is (their roles and where), above the cards.
HOME_BADGES = Slot("home badges")
# (user) -> MenuEntries: the main menu, built only on pages that show it.
MENU = Slot("menu")
# (request) -> (name, value) pairs: added to the context of every template rendered for a request.
PAGE_CONTEXT = Slot("page context")
# (user) -> InboxItems: the work waiting for a person, in the 待办 inbox (touyan.core.inbox).
# One query or two per contribution, however much data: the inbox is read on every page.
INBOX = Slot("inbox")
# () -> dict(name=..., ok=bool, detail=...): one more check of `/healthz` (touyan.core.health),
# asked on every poll, so cheap and read-only; it names no person.
HEALTH = Slot("health checks")
# (now) -> Purged: what one domain removed because it was past its time (touyan.core.retention);
# each contribution runs its own transaction and writes its own audit entry, counts only.
RETENTION = Slot("retention purges")


@dataclass(frozen=True)
class PublicEntry:
    url: str
    title: str
    # One line under the title: dates, a stage, a place. Never a person's personal data.
    note: str = ""


@dataclass(frozen=True)
class PublicLookup:
    """A one-field form a visitor fills in (a GET to ``action`` with ``name``)."""

    action: str
    name: str
    label: str
    button: str
    placeholder: str = ""
    max_length: int = 40


@dataclass(frozen=True)
class PublicSection:
    title: str
    entries: list[PublicEntry]
    # Said when there are no entries; the section is left out when this is empty too.
    empty: str = ""
    # (url, label): where the whole list is, when the section shows only its first entries.
    more: tuple[str, str] | None = None
    lookup: PublicLookup | None = None


# (request) -> PublicSections: the public front door (`/` for a visitor who has not signed in).
# Asked without a user: only what anyone may read, cheap, a few queries per contribution.
PUBLIC_HOME = Slot("public home")


@dataclass(frozen=True)
class ArchivePart:
    """One part of a studio member's archive (成员档案): a heading and rows of three cells
    (what, detail, date), read the same by the page and the PDF."""

    heading: str
    rows: list[tuple[str, str, str]]
    empty: str = ""  # said when there are no rows
    summary: str = ""  # one line under the heading: a count, a rate


# (membership) -> ArchiveParts: what each domain keeps of one member in one studio (HN-4.2.3),
# in the order of the weight; one query or two per contribution.
MEMBER_ARCHIVE = Slot("member archive")
