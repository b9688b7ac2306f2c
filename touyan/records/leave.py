"""Who may be marked 请假 at an activity. A domain above the record that decides leave (the
training domain's leave requests for a cohort's sessions, HZ-3.4.1.1) registers a function
here from its ``AppConfig.ready()``; ``record_attendance`` then refuses 请假 for anyone it
does not name, so an absence without granted leave stays 缺勤 (未经同意). An activity no
registered function decides (a studio's) takes 请假 as the recorder says."""

from __future__ import annotations

from collections.abc import Callable

# (activity) -> the principal ids with granted leave, or None when the function does not
# decide leave for that activity. Filled once at start-up; never changed afterwards.
_DECIDERS: list[Callable] = []


def register(decider: Callable) -> None:
    if decider not in _DECIDERS:
        _DECIDERS.append(decider)


def excused(activity) -> frozenset[int] | None:
    """The people with granted leave for ``activity``, or None when leave is not decided
    anywhere for it (then the recorder's word stands)."""
    for decide in _DECIDERS:
        found = decide(activity)
        if found is not None:
            return frozenset(found)
    return None
