"""Version tokens in the shared cache: what a cached result depends on says when it changed.

A writer calls ``touch(name)`` in its transaction, or the domain names the models a token
follows (``follow``) and every save or delete of one of them touches it. Once the transaction
commits, the token of ``name`` is replaced, so every process's next look-up of a result keyed
with ``versions(name, …)`` misses and computes anew. Until then ``pending(name)`` tells the
transaction's own requests that what is kept is older than what they have written. A token lost
from the cache is made anew, which also only causes a miss."""

from __future__ import annotations

import uuid
from functools import partial

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

PREFIX = "freshness:"
# Schools and principals as the registry holds them (names, schools, flags shown elsewhere).
REGISTRY = "registry"
# Every user's grants: what a part of a page kept for a user shows depends on them.
GRANTS = "grants"


def touch(name: str) -> None:
    """Mark ``name`` changed, once the current transaction commits."""
    renewal = partial(renew, name)
    transaction.on_commit(renewal)
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        _marks(connection)[name] = (len(connection.run_on_commit) - 1, renewal)


def renew(name: str) -> None:
    """Mark ``name`` changed now."""
    cache.set(PREFIX + name, uuid.uuid4().hex, None)


def pending(name: str) -> bool:
    """Whether the current transaction has touched ``name`` and not yet committed."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return False
    waiting = connection.run_on_commit
    # Where the renewal was registered, checked first: a loop touching on every save stays
    # linear. A savepoint rolled back may have moved it (or taken it away): look for it then.
    index, renewal = _marks(connection).get(name, (None, None))
    if index is not None and index < len(waiting) and waiting[index][1] is renewal:
        return True
    for index, (_savepoints, func, _robust) in enumerate(waiting):
        if isinstance(func, partial) and func.func is renew and func.args == (name,):
            _marks(connection)[name] = (index, func)
            return True
    return False


def _marks(connection) -> dict:
    return connection.__dict__.setdefault("_touyan_freshness", {})


def follow(name: str, *models) -> None:
    """Every save or delete of one of ``models`` touches ``name``."""
    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(
                partial(_changed, name),
                sender=model,
                weak=False,
                dispatch_uid=f"freshness:{name}:{signal is post_save}:{model._meta}",
            )


def _changed(name: str, sender, **kwargs) -> None:
    # Once per transaction: a loop saving thousands of rows registers one renewal.
    if not pending(name):
        touch(name)


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
