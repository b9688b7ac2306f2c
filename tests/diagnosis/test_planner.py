"""The rotation planner (HN-4.1.2): pure, even, deterministic, within the monthly cap, away
from the excluded months, and stable where it should be when members change."""

import datetime as dt
from collections import Counter

import pytest

from touyan.diagnosis.months import cycle_months, excluded_months
from touyan.diagnosis.planner import plan
from touyan.policies.loading import load_policy
from touyan.policies.presets import preset_text
from touyan.programmes.calendar import ProgrammeCalendar

D = dt.date


def hainan_calendar(start=dt.date(2025, 9, 1)) -> ProgrammeCalendar:
    return ProgrammeCalendar(load_policy(preset_text("hainan-studios")).calendar, start)


def months_36():
    calendar = hainan_calendar()
    return cycle_months(calendar), excluded_months(calendar)


@pytest.mark.clause("HN-4.1.2")
def test_the_cycle_avoids_months_mostly_on_holiday():
    months, avoided = months_36()
    assert len(months) == 36
    # July (15–31 off) and August: summer; February 2026: the Spring Festival weeks (10–24).
    assert {m for m in avoided if m.month in (7, 8)} == {
        D(y, m, 1) for y in (2026, 2027, 2028) for m in (7, 8)
    }
    assert avoided[D(2026, 8, 1)] == "暑假"
    assert avoided[D(2026, 2, 1)] == "春节"
    # 2027's festival weeks (30 January – 13 February) leave most of both months.
    assert D(2027, 1, 1) not in avoided and D(2027, 2, 1) not in avoided
    assert D(2025, 9, 1) not in avoided and D(2026, 3, 1) not in avoided


@pytest.mark.clause("HN-4.1.2")
def test_twelve_members_spread_evenly_over_the_allowed_months():
    months, avoided = months_36()
    result = plan(months=months, excluded=avoided, per_month=2, members=list(range(12)))
    assert not result.unplaced and not result.moved
    placed = sorted(result.months.values())
    assert not set(placed) & set(avoided)
    allowed = [m for m in months if m not in avoided]
    positions = [allowed.index(m) for m in placed]
    gaps = {b - a for a, b in zip(positions, positions[1:], strict=False)}
    assert max(gaps) - min(gaps) <= 1  # even: every gap the same give or take one month
    assert positions[0] <= 2 and positions[-1] >= len(allowed) - 3  # over the whole cycle
    # Deterministic: the same input, the same plan.
    again = plan(months=months, excluded=avoided, per_month=2, members=list(range(12)))
    assert again == result


@pytest.mark.clause("HN-4.1.2")
def test_the_monthly_cap_holds_and_too_many_are_named():
    months = [D(2026, m, 1) for m in range(3, 6)]  # three months
    result = plan(months=months, per_month=2, members=list(range(7)))
    assert max(Counter(result.months.values()).values()) == 2
    assert len(result.months) == 6 and result.unplaced == [6]
    # Held visits take their month's room.
    held = plan(months=months, per_month=1, members=[1, 2, 3], done={1: D(2026, 4, 1)})
    assert held.months == {2: D(2026, 3, 1), 3: D(2026, 5, 1)}


@pytest.mark.clause("HN-4.1.2")
def test_replanning_keeps_done_and_chosen_months_places_new_and_drops_departed():
    months, avoided = months_36()
    first = plan(months=months, excluded=avoided, per_month=2, members=list(range(12)))
    opens = D(2026, 12, 1)
    done = {m: month for m, month in first.months.items() if month < opens}
    kept = {5: D(2027, 5, 1)}  # the host moved member 5
    members = [m for m in range(12) if m != 7] + [12]  # 7 left, 12 joined
    again = plan(
        months=months,
        excluded=avoided,
        per_month=2,
        members=members,
        done=done,
        kept=kept,
        opens=opens,
    )
    assert set(again.months) == set(members) - set(done)  # 12 placed, 7 gone, done untouched
    assert again.months[5] == D(2027, 5, 1)
    assert all(month >= opens and month not in avoided for month in again.months.values())
    counts = Counter([*again.months.values(), *done.values()])
    assert max(counts.values()) <= 2


@pytest.mark.clause("HN-4.1.2")
def test_a_chosen_month_no_longer_allowed_is_moved_and_named():
    months, avoided = months_36()
    result = plan(
        months=months,
        excluded=avoided,
        per_month=1,
        members=[1, 2, 3],
        done={1: D(2027, 3, 1)},
        kept={2: D(2027, 3, 1), 3: D(2026, 8, 1)},  # full; summer holidays
        opens=D(2026, 12, 1),
    )
    assert result.moved == [2, 3]
    assert set(result.months) == {2, 3}
    assert D(2027, 3, 1) not in result.months.values()


def test_no_room_left_places_no_one():
    result = plan(months=[], per_month=2, members=[1, 2])
    assert result.unplaced == [1, 2]
