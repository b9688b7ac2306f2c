"""When a programme's records last changed, for the evaluations kept in the shared cache.

Each programme has a version token in the cache. The write services of what the engine reads
(records, members, trainees, studios, cohorts, the record import) call ``touch`` after their
transaction commits; the token changes, so every process's next look-up misses and evaluates
anew. A token lost from the cache is made anew too, which also only causes a miss.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

# A safety net for what changes without a service of the programme (a principal's name or
# school shown beside a studio): a cached evaluation is evaluated anew after this long.
TIMEOUT = 15 * 60
# The shape of the cached evaluation: changed when verdicts gain a field (2: pace), so that a
# process never reads an evaluation cached by older code.
SHAPE = "2"


def _version_key(programme_id: int) -> str:
    return f"compliance:records:{programme_id}"


def touch(programme_id: int) -> None:
    """Mark the programme's records changed, once the current transaction commits."""
    transaction.on_commit(lambda: cache.set(_version_key(programme_id), uuid.uuid4().hex, None))


def version(programme_id: int) -> str:
    key = _version_key(programme_id)
    token = cache.get(key)
    if token is None:
        token = uuid.uuid4().hex
        if not cache.add(key, token, None):
            token = cache.get(key) or token
    return token


def evaluation_key(programme, *, as_of: dt.date) -> str:
    return ":".join(
        (
            "compliance:evaluation",
            SHAPE,
            str(programme.pk),
            as_of.isoformat(),
            str(programme.policy_version_id),
            get_language() or "",
            version(programme.pk),
        )
    )
