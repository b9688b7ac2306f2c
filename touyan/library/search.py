"""Library search: a substring of the title, a tag or the summary (HN-4.1.5).

The three fields are kept normalised in one column, ``Resource.search_text`` (full-width
letters and digits folded to half-width, letters to lower case, runs of spaces to one), and the
query is normalised the same way, so that a plain ``LIKE '%…%'`` gives the same rows on SQLite
and on PostgreSQL, where a trigram index (``pg_trgm``, migration 0002) serves it. Chinese needs
no word segmentation: any two characters or more of a title are found."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from django.db.models import QuerySet

MIN_QUERY = 2
QUERY_MAX = 50
SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    return SPACES.sub(" ", unicodedata.normalize("NFKC", text or "")).strip().lower()


def search_text(title: str, tags: Iterable[str], summary: str) -> str:
    """What the search reads: each part on its own line, so that no query spans two parts (a
    query never holds a line break)."""
    return "\n".join([normalise(title), *(normalise(tag) for tag in tags), normalise(summary)])


class QueryTooShort(ValueError):
    pass


def matching(resources: QuerySet, query: str) -> QuerySet:
    """``resources`` whose title, tags or summary contain ``query``; QueryTooShort when it has
    fewer than MIN_QUERY characters once normalised."""
    query = normalise(query)[:QUERY_MAX]
    if len(query) < MIN_QUERY:
        raise QueryTooShort(query)
    return resources.filter(search_text__contains=query)
