"""The 入校诊断 rotation planner (``touyan.diagnosis.planner.plan``): how long one plan takes.

    .venv/bin/python benchmarks/diagnosis/plan.py                       # 12 and 30 members, 36 months
    .venv/bin/python benchmarks/diagnosis/plan.py --members 12 60 --months 36 --repeat 2000

The planner is pure, so no database is involved: each case plans ``members`` schools over a
cycle of ``months`` months starting in September, July and August excluded, at most
``--per-month`` visits a month (enough room is made for the larger cases), and then plans again
as the service does after members changed — a third of the visits held, two months chosen by the
host, one member gone and one new, from the cycle's middle on. Prints the median and the worst
of ``--repeat`` runs of each, in milliseconds, and exits 1 when a median exceeds ``--limit``
milliseconds (the product's target: well under a second; the default limit is 50 ms).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from touyan.diagnosis.planner import plan  # noqa: E402


def cycle(months: int, start: dt.date = dt.date(2025, 9, 1)) -> tuple[list[dt.date], set[dt.date]]:
    firsts = []
    year, month = start.year, start.month
    for _ in range(months):
        firsts.append(dt.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return firsts, {m for m in firsts if m.month in (7, 8)}


def timed(call, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        call()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times), max(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, nargs="+", default=[12, 30])
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--per-month", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1000)
    parser.add_argument("--limit", type=float, default=50.0)
    args = parser.parse_args()
    months, excluded = cycle(args.months)
    allowed = len(months) - len(excluded)
    failed = False
    print(f"{'case':<34} {'median ms':>10} {'worst ms':>10}")
    for count in args.members:
        per_month = max(args.per_month, -(-count // allowed))
        members = list(range(count))
        first = plan(months=months, excluded=excluded, per_month=per_month, members=members)
        assert not first.unplaced, "not enough room"
        middle = months[len(months) // 2]
        done = {m: month for m, month in first.months.items() if month < middle}
        later = [m for m in members if m not in done]
        kept = {later[0]: months[-3], later[-1]: months[-5]} if len(later) > 1 else {}
        changed = [m for m in members if m != later[len(later) // 2]] + [count]
        common = dict(months=months, excluded=excluded, per_month=per_month)
        cases = {
            f"plan {count} members × {args.months} months": partial(
                plan, **common, members=members
            ),
            f"re-plan {count} members (changed)": partial(
                plan, **common, members=changed, done=done, kept=kept, opens=middle
            ),
        }
        for name, call in cases.items():
            median, worst = timed(call, args.repeat)
            failed |= median > args.limit
            print(f"{name:<34} {median:>10.3f} {worst:>10.3f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
