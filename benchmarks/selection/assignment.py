"""Time the assignment of expert reviewers (``touyan.selection.assignment.assign``).

    .venv/bin/python benchmarks/selection/assignment.py              # all scenarios, 3 runs each
    .venv/bin/python benchmarks/selection/assignment.py --repeat 5 --seed 7

Scenarios, each generated from the seed (same seed, same instance):

- large: 10,000 applications from about 3,300 schools, 500 experts, 3 per application; 30% of the
  experts are principals with a school of their own, every expert declares conflicts with 0–5
  applicants and 0–2 schools;
- large, capacity and manual: the same, plus a capacity of 50 for one expert in ten and 2% of
  the applications already holding one or two experts chosen by hand;
- small: 100 applications, 10 experts, the same proportions.

Each run is checked (no conflict, no expert twice on an application, capacities kept, manual
choices kept, every missing place filled unless explained) and reports wall seconds (median of
the runs) and the most and least loaded expert. Exits with 1 when a check fails or the large
scenario takes more than ``--limit`` seconds.
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
if str(REPOSITORY) not in sys.path:
    sys.path.insert(0, str(REPOSITORY))

from django.conf import settings  # noqa: E402

settings.configure(USE_I18N=False)  # the explanations stay in Chinese, untranslated

from touyan.selection.assignment import Case, Reviewer, assign, eligible  # noqa: E402

PER_APPLICATION = 3


def instance(
    *, cases: int, reviewers: int, seed: int, limited: bool = False, heavy: bool = False
) -> tuple[list[Case], list[Reviewer], dict[int, list[int]]]:
    rng = random.Random(seed)
    schools = max(1, cases // 3)
    case_list = [
        Case(id=10_000 + n, principal_id=50_000 + n, school_id=rng.randrange(schools))
        for n in range(cases)
    ]
    declared: dict[int, set[int]] = {}
    if heavy:
        for case in case_list:
            for n in rng.sample(range(reviewers), 5):
                declared.setdefault(n, set()).add(case.principal_id)
    reviewer_list = []
    for n in range(reviewers):
        few = {rng.choice(case_list).principal_id for _ in range(rng.randint(0, 5))}
        reviewer_list.append(
            Reviewer(
                id=1 + n,
                school_id=rng.randrange(schools) if rng.random() < 0.3 else None,
                capacity=50 if limited and rng.random() < 0.1 else None,
                conflict_principals=frozenset(few | declared.get(n, set())),
                conflict_schools=frozenset(
                    rng.randrange(schools) for _ in range(rng.randint(0, 2))
                ),
            )
        )
    existing: dict[int, list[int]] = {}
    if limited:
        for case in rng.sample(case_list, cases // 50):
            allowed = [r.id for r in reviewer_list if eligible(case, r)]
            existing[case.id] = rng.sample(allowed, min(len(allowed), rng.randint(1, 2)))
    return case_list, reviewer_list, existing


def check(cases, reviewers, existing, result) -> list[str]:
    problems = []
    by_id = {reviewer.id: reviewer for reviewer in reviewers}
    load = dict.fromkeys(by_id, 0)
    for case in cases:
        chosen = result.reviewers_of[case.id]
        manual = set(existing.get(case.id, ()))
        if len(set(chosen)) != len(chosen) or not manual <= set(chosen):
            problems.append(f"application {case.id}: repeated or lost experts")
        for reviewer_id in chosen:
            load[reviewer_id] += 1
            if reviewer_id not in manual and not eligible(case, by_id[reviewer_id]):
                problems.append(f"application {case.id}: conflict with expert {reviewer_id}")
        if len(chosen) < PER_APPLICATION and case.id not in result.short:
            problems.append(f"application {case.id}: short without a reason")
    if load != result.load:
        problems.append("loads misreported")
    for reviewer in reviewers:
        if reviewer.capacity is not None and load[reviewer.id] > reviewer.capacity:
            problems.append(f"expert {reviewer.id} over capacity")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--limit", type=float, default=5.0, help="seconds allowed, large scenarios")
    arguments = parser.parse_args()
    scenarios = [
        ("10,000 × 500", {"cases": 10_000, "reviewers": 500}),
        ("10,000 × 500, capacity and manual", {"cases": 10_000, "reviewers": 500, "limited": True}),
        ("10,000 × 500, heavy conflicts", {"cases": 10_000, "reviewers": 500, "heavy": True}),
        ("100 × 10", {"cases": 100, "reviewers": 10}),
    ]
    failed = False
    print("| scenario | seconds (min / median / max) | load max / min | without capacity | short |")
    print("|---|---|---|---|---|")
    for label, shape in scenarios:
        cases, reviewers, existing = instance(seed=arguments.seed, **shape)
        walls, results = [], []
        for _ in range(arguments.repeat):
            started = time.perf_counter()
            results.append(
                assign(
                    cases=cases,
                    reviewers=reviewers,
                    per_application=PER_APPLICATION,
                    existing=existing,
                )
            )
            walls.append(time.perf_counter() - started)
        result = results[0]
        problems = check(cases, reviewers, existing, result)
        if any(other != result for other in results[1:]):
            problems.append("runs differ")
        loads = result.load.values()
        free = [result.load[r.id] for r in reviewers if r.capacity is None]
        missing = sum(PER_APPLICATION - len(result.reviewers_of[c]) for c in result.short)
        print(
            f"| {label} | {min(walls):.2f} / {statistics.median(walls):.2f} / {max(walls):.2f} "
            f"| {max(loads)} / {min(loads)} | {max(free)} / {min(free)} "
            f"| {missing} places in {len(result.short)} applications |"
        )
        for problem in problems[:10]:
            print(f"  {problem}")
        large = shape["cases"] >= 10_000
        failed |= bool(problems) or (large and max(walls) > arguments.limit)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
