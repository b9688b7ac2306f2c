"""Version tokens in the shared cache: what a cached result depends on says when it changed.

A writer calls ``touch(name)`` in its transaction; once that commits, the token of ``name`` is
replaced, so every process's next look-up of a result keyed with ``versions(name, …)`` misses
and computes anew. A token lost from the cache is made anew, which also only causes a miss."""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db import transaction

PREFIX = "freshness:"
# Schools and principals as the registry holds them (names, schools, flags shown elsewhere).
REGISTRY = "registry"


def touch(name: str) -> None:
    """Mark ``name`` changed, once the current transaction commits."""
    transaction.on_commit(lambda: renew(name))


def renew(name: str) -> None:
    """Mark ``name`` changed now."""
    cache.set(PREFIX + name, uuid.uuid4().hex, None)


def versions(*names: str) -> list[str]:
    """The current token of each name, read in one look-up."""
    keys = [PREFIX + name for name in names]
    found = cache.get_many(keys)
    tokens = []
    for key in keys:
        token = found.get(key)
        if token is None:
            token = uuid.uuid4().hex
            if not cache.add(key, token, None):
                token = cache.get(key) or token
        tokens.append(token)
    return tokens
