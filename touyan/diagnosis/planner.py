"""The rotation of 入校诊断 visits (HN-4.1.2): which month each member's school is visited.

Pure computation on plain values — months as the first day of each, members as ids — so the
service, the tests and the benchmark share one reading, and a plan for a whole studio takes
well under a millisecond.

A plan places every member without a held visit in one month:

- held visits (``done``) stay where they were held and count against their month's cap;
- a month the host chose (``kept``) is kept when it is still allowed: not excluded, not before
  ``opens`` (the month re-planning starts from) and within the cap; otherwise the member is
  placed anew and named in ``moved``;
- everyone else is spread evenly over the allowed months from ``opens`` on, at most
  ``per_month`` visits a month, in the order ``members`` gives; the ``i``-th of ``n`` aims at
  the middle of the ``i``-th ``n``-th of those months and takes the nearest month with room
  (the earlier one on a tie). The same input always gives the same plan;
- who cannot be placed (more visits than room) is named in ``unplaced``.

Members not in ``members`` (they left) get no place: the caller drops their planned visits.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Plan:
    months: dict[int, dt.date] = field(default_factory=dict)  # member → month, not held yet
    moved: list[int] = field(default_factory=list)  # chosen months that could not be kept
    unplaced: list[int] = field(default_factory=list)


def plan(
    *,
    months: Sequence[dt.date],
    excluded: Collection[dt.date] = (),
    per_month: int,
    members: Sequence[int],
    done: Mapping[int, dt.date] | None = None,
    kept: Mapping[int, dt.date] | None = None,
    opens: dt.date | None = None,
) -> Plan:
    done = done or {}
    kept = kept or {}
    opens = opens or (months[0] if months else dt.date.min)
    excluded = set(excluded)
    allowed = [month for month in months if month >= opens and month not in excluded]
    used: Counter[dt.date] = Counter(done.values())
    result = Plan()
    waiting = []
    for member in members:
        if member in done:
            continue
        month = kept.get(member)
        if month is None:
            waiting.append(member)
        elif month in allowed and used[month] < per_month:
            result.months[member] = month
            used[month] += 1
        else:
            result.moved.append(member)
            waiting.append(member)
    if not waiting:
        return result
    room = [per_month - used[month] for month in allowed]
    for order, member in enumerate(waiting):
        index = _nearest_with_room(room, (2 * order + 1) * len(allowed) // (2 * len(waiting)))
        if index is None:
            result.unplaced.append(member)
            continue
        room[index] -= 1
        result.months[member] = allowed[index]
    return result


def _nearest_with_room(room: list[int], aim: int) -> int | None:
    for distance in range(len(room)):
        for index in (aim - distance, aim + distance):
            if 0 <= index < len(room) and room[index] > 0:
                return index
    return None


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)
