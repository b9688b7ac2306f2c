"""Service-level permission tests: what ``check_access`` (GETs) cannot show. A write service is
called as each member of the cast; whoever may not is refused with PermissionDenied and nothing
is written — no row, no change, no audit entry — and whoever may gets it done."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pytest
from django.core.exceptions import PermissionDenied

from touyan.audit.models import AuditEntry
from touyan.core.actors import Actor, Source

# The shared cast (tests/conftest.py::Cast) and the people of the programme tests
# (tests/records/programme_people.py).
CAST = ("superuser", "hz_admin", "hz_centre", "xihu", "binjiang", "hn_admin", "expert", "nobody")
CAST += ("own",)
HAINAN_CAST = CAST + ("host", "member", "other_host", "longhua", "hn_centre")
PROGRAMME_CAST = HAINAN_CAST + ("trainee", "other_trainee")


def check_service(
    cast, name: str, allowed: Iterable[str], call: Callable[[Actor], object], *written
) -> None:
    """``written``: the models whose rows are counted and functions whose result must not
    change (the fields a refused update would have changed)."""
    actor = Actor(user=cast[name], source=Source.WEB)
    if name in set(allowed):
        call(actor)
        return
    before = _state(written)
    with pytest.raises(PermissionDenied):
        call(actor)
    assert _state(written) == before


def _state(written) -> list:
    state = [AuditEntry.objects.count()]
    for item in written:
        state.append(item.objects.count() if hasattr(item, "objects") else item())
    return state
