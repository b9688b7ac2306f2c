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

from django.db import connections
from django.db.models import BooleanField, ExpressionWrapper, QuerySet
from django.db.models.expressions import RawSQL

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
    return narrow(resources, query)


def narrow(resources: QuerySet, query: str) -> QuerySet:
    """``resources`` whose ``search_text`` contains ``query`` (normalised): ``LIKE '%…%'``,
    served on PostgreSQL by the trigram index (0002). A two-character pattern holds no trigram,
    and the planner may still scan that whole index for it; so on PostgreSQL a two-character
    query asks the pair index (0003) instead, which finds exactly the same rows: two characters
    are a substring of a text exactly when they are one of its pairs of adjacent characters."""
    if len(query) == 2 and connections[resources.db].vendor == "postgresql":
        table = resources.model._meta.db_table
        pair = RawSQL(f'library_bigrams("{table}"."search_text") @> ARRAY[%s]::text[]', [query])
        return resources.filter(ExpressionWrapper(pair, output_field=BooleanField()))
    return resources.filter(search_text__contains=query)
