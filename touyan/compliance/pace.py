"""Pace: for a period still open, whether the records so far keep pace with what the rule needs
by the period's end. Pure arithmetic over counts the judges already have; docs/compliance.md
("Pace") gives the reasoning for each rule kind.

Two measures of "so far":

- **by time**, for what the studio or trainee does on their own (activities a studio organises,
  deliverables, research outcomes, member schools visited): the share of the period's days gone;
- **by schedule**, for what a trainee can only do at the sessions the centre schedules (curriculum
  hours, talks at forums, paired support): the share of the matching sessions already held, and
  what the sessions still scheduled can still bring.
"""

from __future__ import annotations

import datetime as dt
import math

from touyan.programmes.calendar import Period

from .verdicts import PACE_SEVERITY, Pace

# In the last tenth of a period (the last three days of a month, the last seven weeks of a
# year and a half) whatever is still missing is behind, however the rounding falls.
FINAL_STRETCH = 0.9
# Hours are decimals: a hair's difference is no shortfall.
EPSILON = 1e-9


def share_gone(period: Period, as_of: dt.date) -> float:
    """The share of the period's days up to and including ``as_of``."""
    days = (period.end - period.start).days + 1
    gone = (min(as_of, period.end) - period.start).days + 1
    return max(0.0, min(1.0, gone / days))


def due_by_now(required: float, share: float) -> float:
    """What a steady pace would have completed by now, in whole items: rounding down, so that
    one report due by the end of a year and a half is not owed after nine months."""
    return math.floor(required * share + EPSILON)


def by_time(count: float, required: float, period: Period, as_of: dt.date) -> Pace:
    """Work the subject does itself. It cannot be met when more is missing than days are left
    (one activity, deliverable or visit a day at most)."""
    if count >= required - EPSILON:
        return Pace.ON_TRACK
    if required - count > period.days_left(as_of):
        return Pace.CANNOT_BE_MET
    share = share_gone(period, as_of)
    if share >= FINAL_STRETCH or count < due_by_now(required, share) - EPSILON:
        return Pace.BEHIND
    return Pace.ON_TRACK


def by_schedule(count: float, required: float, held: float, ahead: float) -> Pace:
    """Work a trainee can only do at scheduled sessions: ``held`` is what the matching sessions
    held so far offered (sessions or hours), ``ahead`` what those still scheduled offer."""
    if count >= required - EPSILON:
        return Pace.ON_TRACK
    if count + ahead < required - EPSILON:
        return Pace.CANNOT_BE_MET
    total = held + ahead
    share = held / total if total else 0.0
    if count < due_by_now(required, share) - EPSILON:
        return Pace.BEHIND
    return Pace.ON_TRACK


def unscheduled(period: Period, as_of: dt.date) -> Pace:
    """Work a trainee can only do at sessions, when none of the kind is scheduled in the
    period yet: nothing could have been done, so on track — until the final stretch."""
    return Pace.BEHIND if share_gone(period, as_of) >= FINAL_STRETCH else Pace.ON_TRACK


def worst(paces) -> Pace:
    return max(paces, key=PACE_SEVERITY.__getitem__, default=Pace.ON_TRACK)
