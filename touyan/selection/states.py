"""The allowed moves of an application, in one table. Services check against it under a row
lock, so two people doing the same thing at once get one change and one clear message."""

from __future__ import annotations

from .models import Application

S = Application.Status

# action -> (statuses it may start from, status it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "submit": (frozenset({S.DRAFT, S.RETURNED}), S.SUBMITTED),
    "return": (frozenset({S.SUBMITTED}), S.RETURNED),
    "reject": (frozenset({S.SUBMITTED}), S.REJECTED),
    "endorse": (frozenset({S.SUBMITTED}), S.ENDORSED),
    "select": (frozenset({S.ENDORSED, S.NOT_SELECTED}), S.SELECTED),
    "decline": (frozenset({S.ENDORSED, S.SELECTED}), S.NOT_SELECTED),
    "confirm": (frozenset({S.SELECTED}), S.CONFIRMED),
    "strike": (frozenset({S.SELECTED}), S.STRUCK),
    # Member calls: the published allocation places an approved applicant in a studio.
    "place": (frozenset({S.ENDORSED}), S.CONFIRMED),
}

# Statuses an applicant may still edit.
EDITABLE = frozenset({S.DRAFT, S.RETURNED})
# Statuses that have left the first review with a yes.
FORWARDED = frozenset({S.ENDORSED, S.SELECTED, S.NOT_SELECTED, S.CONFIRMED, S.STRUCK})


def can(action: str, status: str) -> bool:
    return status in TRANSITIONS[action][0]


def target(action: str) -> str:
    return TRANSITIONS[action][1]
