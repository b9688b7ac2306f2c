"""When a programme's records last changed, for the evaluations kept in the shared cache.

Each programme has a version token (``core/freshness.py``). The write services of what the
engine reads (records, members, trainees, studios, cohorts, the record import) call ``touch``;
once their transaction commits the token changes, so every process's next look-up misses and
evaluates anew. The registry's writes (a principal's name or school, a school's flags) touch the
token ``registry``, which every evaluation's key carries too.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import get_language

from touyan.core import freshness

# A safety net for what changes without a service (the admin site): a cached evaluation is
# evaluated anew after this long.
TIMEOUT = 15 * 60
# The shape of the cached evaluation: changed when verdicts gain a field (2: pace), so that a
# process never reads an evaluation cached by older code (3: a rule's ``per``).
SHAPE = "3"


def _records(programme_id: int) -> str:
    return f"compliance:records:{programme_id}"


def touch(programme_id: int) -> None:
    """Mark the programme's records changed, once the current transaction commits."""
    freshness.touch(_records(programme_id))


def names(programme_id: int) -> tuple[str, str]:
    """What an evaluation of the programme depends on: its records and the registry."""
    return _records(programme_id), freshness.REGISTRY


def version(programme_id: int) -> str:
    """The token of the programme's records and of the registry, together."""
    return "-".join(freshness.versions(*names(programme_id)))


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
