"""Expert assignment: conflict-free, balanced, capacity-bound, manual choices kept, deterministic,
and as full and as balanced as an exhaustive search or a flow with one arc per pair finds."""

import itertools
import random

import numpy as np
import pytest
from ortools.graph.python.min_cost_flow import SimpleMinCostFlow

from touyan.selection import assignment as module
from touyan.selection.assignment import Assignment, Case, Reviewer, assign, eligible

pytestmark = pytest.mark.clause("HN-3.4", "HZ-4.1.3")


def plain_instance(rng: random.Random, *, cases: int, reviewers: int, schools: int) -> tuple:
    case_list = [
        Case(id=1000 + n, principal_id=5000 + n, school_id=rng.randrange(schools))
        for n in range(cases)
    ]
    reviewer_list = [
        Reviewer(
            id=1 + n,
            school_id=rng.randrange(schools) if rng.random() < 0.3 else None,
            conflict_principals=frozenset(
                rng.choice(case_list).principal_id for _ in range(rng.randint(0, 3))
            ),
            conflict_schools=frozenset(rng.randrange(schools) for _ in range(rng.randint(0, 1))),
        )
        for n in range(reviewers)
    ]
    return case_list, reviewer_list


def tiny_instance(rng: random.Random, *, most: int = 4) -> dict:
    """≤ most cases and reviewers, 1–3 per case, capacities, manual choices (some conflicting)."""
    schools = rng.randint(1, 3)
    cases = [
        Case(id=n + 1, principal_id=100 + n, school_id=rng.randrange(schools))
        for n in range(rng.randint(1, most))
    ]
    reviewers = [
        Reviewer(
            id=50 + n,
            school_id=rng.randrange(schools) if rng.random() < 0.4 else None,
            capacity=rng.choice([None, None, 0, 1, 2, 3]),
            conflict_principals=frozenset(c.principal_id for c in cases if rng.random() < 0.2),
            conflict_schools=frozenset(s for s in range(schools) if rng.random() < 0.1),
        )
        for n in range(rng.randint(1, most))
    ]
    existing = {
        case.id: rng.sample([r.id for r in reviewers], rng.randint(1, min(2, len(reviewers))))
        for case in cases
        if rng.random() < 0.25
    }
    return {
        "cases": cases,
        "reviewers": reviewers,
        "per_application": rng.randint(1, 3),
        "existing": existing,
    }


def added_places(problem: dict, result: Assignment) -> int:
    existing = problem.get("existing") or {}
    return sum(
        len(chosen) - len(set(existing.get(case_id, ())))
        for case_id, chosen in result.reviewers_of.items()
    )


def base_loads(problem: dict) -> dict[int, int]:
    base = {reviewer.id: 0 for reviewer in problem["reviewers"]}
    for chosen in (problem.get("existing") or {}).values():
        for reviewer_id in set(chosen):
            base[reviewer_id] += 1
    return base


def squares(loads) -> int:
    return sum(load * load for load in loads)


def assert_valid(problem: dict, result: Assignment) -> None:
    """No conflict added, nobody twice, manual choices kept, capacities kept, loads as reported,
    and every case short of its number explained."""
    existing = problem.get("existing") or {}
    reviewers = {reviewer.id: reviewer for reviewer in problem["reviewers"]}
    load = dict.fromkeys(reviewers, 0)
    for case in problem["cases"]:
        chosen = result.reviewers_of[case.id]
        manual = set(existing.get(case.id, ()))
        assert list(chosen) == sorted(set(chosen))
        assert manual <= set(chosen)
        for reviewer_id in chosen:
            load[reviewer_id] += 1
            assert reviewer_id in manual or eligible(case, reviewers[reviewer_id])
        assert (len(chosen) < problem["per_application"]) == (case.id in result.short)
    assert load == result.load
    base = base_loads(problem)
    for reviewer in reviewers.values():
        if reviewer.capacity is not None:
            assert load[reviewer.id] <= max(reviewer.capacity, base[reviewer.id])


def exhaustive_best(problem: dict) -> tuple[int, int, int]:
    """Most places added; then the least sum of squared loads; and, among assignments adding
    that many, the least max − min load (which the square-sum optimum must reach)."""
    existing = problem["existing"]
    reviewers = problem["reviewers"]
    options = []
    for case in problem["cases"]:
        held = set(existing.get(case.id, ()))
        free = [r.id for r in reviewers if r.id not in held and eligible(case, r)]
        missing = max(0, problem["per_application"] - len(held))
        options.append(
            [pick for size in range(missing + 1) for pick in itertools.combinations(free, size)]
        )
    base = base_loads(problem)
    limit = {r.id: None if r.capacity is None else max(r.capacity, base[r.id]) for r in reviewers}
    best: dict[int, tuple[int, int]] = {}  # places added → (least squares, least spread)
    for picks in itertools.product(*options):
        load = dict(base)
        for pick in picks:
            for reviewer_id in pick:
                load[reviewer_id] += 1
        if any(limit[r] is not None and load[r] > limit[r] for r in load):
            continue
        added = sum(len(pick) for pick in picks)
        values = list(load.values())
        found = (squares(values), max(values) - min(values))
        known = best.get(added, found)
        best[added] = (min(known[0], found[0]), min(known[1], found[1]))
    most = max(best)
    return most, *best[most]


def pair_flow_best(problem: dict) -> tuple[int, int]:
    """Most places added and least sum of squared loads, from a flow with one arc per eligible
    (case, reviewer) pair and one arc per load level: no classes, no tree, no shared arcs."""
    existing = problem.get("existing") or {}
    cases, reviewers = problem["cases"], problem["reviewers"]
    base = base_loads(problem)
    source, sink, first_case = 0, 1, 2
    first_reviewer = first_case + len(cases)
    tails, heads, capacities, costs = [], [], [], []

    def arc(tail, head, capacity, cost):
        tails.append(tail)
        heads.append(head)
        capacities.append(capacity)
        costs.append(cost)

    demand = 0
    for c, case in enumerate(cases):
        held = set(existing.get(case.id, ()))
        missing = max(0, problem["per_application"] - len(held))
        demand += missing
        arc(source, first_case + c, missing, 0)
        for r, reviewer in enumerate(reviewers):
            if reviewer.id not in held and eligible(case, reviewer):
                arc(first_case + c, first_reviewer + r, 1, 0)
    for r, reviewer in enumerate(reviewers):
        start = base[reviewer.id]
        room = demand if reviewer.capacity is None else max(0, reviewer.capacity - start)
        for level in range(start + 1, start + room + 1):
            arc(first_reviewer + r, sink, 1, level)
    solver = SimpleMinCostFlow()
    solver.add_arcs_with_capacity_and_unit_cost(
        *(np.array(v, dtype=np.int64) for v in (tails, heads, capacities, costs))
    )
    nodes = first_reviewer + len(reviewers)
    supplies = np.zeros(nodes, dtype=np.int64)
    supplies[source], supplies[sink] = demand, -demand
    solver.set_nodes_supplies(np.arange(nodes, dtype=np.int32), supplies)
    assert solver.solve_max_flow_with_min_cost() == SimpleMinCostFlow.OPTIMAL
    added = solver.maximum_flow()
    # Σ level over levels used = Σ (load(load+1) − base(base+1)) / 2
    fixed = sum(b * (b + 1) for b in base.values())
    return added, 2 * solver.optimal_cost() + fixed - added - sum(base.values())


# --- the rules ---------------------------------------------------------------------------------


def test_eligible_excludes_own_school_and_declared_conflicts():
    case = Case(id=1, principal_id=10, school_id=7)
    assert eligible(case, Reviewer(id=1, school_id=None))
    assert eligible(case, Reviewer(id=1, school_id=8, conflict_principals=frozenset({11})))
    assert not eligible(case, Reviewer(id=1, school_id=7))
    assert not eligible(case, Reviewer(id=1, school_id=None, conflict_principals=frozenset({10})))
    assert not eligible(case, Reviewer(id=1, school_id=3, conflict_schools=frozenset({7})))


def test_conflicts_are_never_assigned_and_every_place_is_filled():
    for seed in range(20):
        cases, reviewers = plain_instance(random.Random(seed), cases=300, reviewers=25, schools=60)
        problem = {"cases": cases, "reviewers": reviewers, "per_application": 3}
        result = assign(**problem)
        assert_valid(problem, result)
        assert result.short == {}
        assert all(len(chosen) == 3 for chosen in result.reviewers_of.values())


def test_loads_differ_by_at_most_one_without_capacities():
    for seed in range(20):
        rng = random.Random(100 + seed)
        cases, reviewers = plain_instance(
            rng, cases=rng.randint(50, 400), reviewers=rng.randint(4, 40), schools=80
        )
        result = assign(cases=cases, reviewers=reviewers, per_application=3)
        assert max(result.load.values()) - min(result.load.values()) <= 1, f"seed {seed}"
    # 10 cases × 3 = 30 places over 7 experts: 4 or 5 each
    result = assign(
        cases=[Case(n, n, n) for n in range(10)],
        reviewers=[Reviewer(n, None) for n in range(7)],
        per_application=3,
    )
    assert sorted(result.load.values()) == [4, 4, 4, 4, 4, 5, 5]


def test_conflicts_concentrate_load_only_as_far_as_they_must():
    """Expert 3 is the only one free of conflicts with school 1's twelve applicants: every other
    expert is from school 1 or declared it. The other eighteen go to the others."""
    cases = [Case(n, 100 + n, 1 if n < 12 else 2 + n) for n in range(30)]
    reviewers = [
        Reviewer(1, school_id=1),
        Reviewer(2, school_id=None, conflict_schools=frozenset({1})),
        Reviewer(3, school_id=None),
        Reviewer(4, school_id=1),
    ]
    result = assign(cases=cases, reviewers=reviewers, per_application=1)
    assert result.load == {1: 6, 2: 6, 3: 12, 4: 6}
    result = assign(cases=cases, reviewers=reviewers, per_application=2)
    assert result.short == dict.fromkeys(
        range(12), "符合回避要求的专家不足：需要2名，仅有1名无利益冲突的专家"
    )
    assert set(result.load.values()) == {12}


def test_capacity_is_a_hard_maximum_and_the_others_stay_balanced():
    cases = [Case(n, n, n) for n in range(30)]
    reviewers = [Reviewer(1, None, capacity=2), Reviewer(2, None, capacity=9)] + [
        Reviewer(n, None) for n in range(3, 11)
    ]
    result = assign(cases=cases, reviewers=reviewers, per_application=3)
    assert result.load[1] == 2
    assert result.load[2] == 9
    others = [result.load[n] for n in range(3, 11)]
    assert sum(others) == 79 and max(others) - min(others) <= 1
    # a capacity of 9 for everyone is exactly enough: all at 9
    result = assign(
        cases=cases, reviewers=[Reviewer(n, None, capacity=9) for n in range(10)], per_application=3
    )
    assert set(result.load.values()) == {9} and not result.short


def test_existing_assignments_are_kept_and_count_towards_load_and_capacity():
    cases = [Case(n, n, n) for n in range(1, 13)]
    reviewers = [
        Reviewer(1, None),
        Reviewer(2, None),
        Reviewer(3, None, capacity=4),
        Reviewer(4, school_id=5),  # manually put on case 5 despite the conflict
        Reviewer(5, None),
    ]
    existing = {1: [1, 2], 2: [1], 3: [1], 4: [1], 5: [4, 3], 6: [1, 2, 3, 5]}
    problem = {"cases": cases, "reviewers": reviewers, "per_application": 2, "existing": existing}
    result = assign(**problem)
    assert_valid(problem, result)
    assert result.reviewers_of[1] == (1, 2)
    assert result.reviewers_of[5] == (3, 4)
    assert result.reviewers_of[6] == (1, 2, 3, 5)  # more than asked: left as it is
    # 11 places held before, 15 missing (cases 2–4 one each, 7–12 two each): 26
    assert sum(result.load.values()) == 26
    assert result.load[3] == 4
    loads = [result.load[n] for n in (1, 2, 4, 5)]
    assert max(loads) - min(loads) <= 1


def test_capacity_already_exceeded_by_manual_choices_keeps_them_and_adds_nothing():
    cases = [Case(n, n, n) for n in range(4)]
    reviewers = [Reviewer(1, None, capacity=1), Reviewer(2, None), Reviewer(3, None)]
    result = assign(cases=cases, reviewers=reviewers, per_application=2, existing={0: [1], 1: [1]})
    assert result.load[1] == 2
    assert result.reviewers_of[2] == result.reviewers_of[3] == (2, 3)


def test_the_result_depends_on_the_input_not_on_its_order():
    rng = random.Random(7)
    cases, reviewers = plain_instance(rng, cases=500, reviewers=30, schools=100)
    existing = {
        cases[n].id: [reviewers[n % 30].id]
        for n in range(0, 500, 17)
        if eligible(cases[n], reviewers[n % 30])
    }
    first = assign(cases=cases, reviewers=reviewers, per_application=3, existing=existing)
    assert assign(cases=cases, reviewers=reviewers, per_application=3, existing=existing) == first
    for seed in range(3):
        shuffled = random.Random(seed)
        cases_again, reviewers_again = cases[:], reviewers[:]
        shuffled.shuffle(cases_again)
        shuffled.shuffle(reviewers_again)
        existing_again = {key: list(reversed(existing[key])) for key in reversed(list(existing))}
        again = assign(
            cases=tuple(cases_again),
            reviewers=reviewers_again,
            per_application=3,
            existing=existing_again,
        )
        assert again == first


def test_short_cases_say_why():
    case = Case(1, 10, 1)
    # two experts of the applicant's own school, one who declared a conflict: one expert left
    reviewers = [
        Reviewer(1, 1),
        Reviewer(2, 1),
        Reviewer(3, None, conflict_principals=frozenset({10})),
        Reviewer(4, None),
    ]
    result = assign(cases=[case], reviewers=reviewers, per_application=3)
    assert result.reviewers_of[1] == (4,)
    assert result.short == {1: "符合回避要求的专家不足：需要3名，仅有1名无利益冲突的专家"}
    # enough experts without conflicts, but two of them are full
    others = [Reviewer(n, None, capacity=1) for n in (5, 6)] + [Reviewer(7, None)]
    result = assign(
        cases=[case, Case(2, 20, 2)], reviewers=others, per_application=3, existing={2: [5, 6]}
    )
    assert result.short == {1: "无利益冲突的专家评审名额不足：需要3名，仅有1名尚未达到评审上限"}
    # every expert could take case 1 or 2, but together their room is one place short
    others = [Reviewer(n, None, capacity=1) for n in (5, 6, 7)] + [Reviewer(8, None, capacity=2)]
    result = assign(cases=[case, Case(2, 20, 2)], reviewers=others, per_application=3)
    assert len(result.short) == 1
    (text,) = result.short.values()
    assert text == "专家评审名额已用完：需要3名，仅分配到2名，其余无利益冲突的专家已达评审上限"
    # nobody at all
    assert assign(cases=[case], reviewers=[], per_application=2).short == {
        1: "符合回避要求的专家不足：需要2名，仅有0名无利益冲突的专家"
    }


def test_nothing_to_do():
    assert assign(cases=[], reviewers=[Reviewer(1, None)], per_application=3) == Assignment(
        {}, {1: 0}, {}
    )
    result = assign(cases=[Case(1, 1, 1)], reviewers=[Reviewer(1, None)], per_application=0)
    assert result == Assignment({1: ()}, {1: 0}, {})


def test_inconsistent_input_is_refused():
    cases, reviewers = [Case(1, 1, 1)], [Reviewer(1, None)]
    with pytest.raises(ValueError):
        assign(cases=cases * 2, reviewers=reviewers, per_application=1)
    with pytest.raises(ValueError):
        assign(cases=cases, reviewers=reviewers * 2, per_application=1)
    with pytest.raises(ValueError):
        assign(cases=cases, reviewers=reviewers, per_application=1, existing={2: [1]})
    with pytest.raises(ValueError):
        assign(cases=cases, reviewers=reviewers, per_application=1, existing={1: [2]})
    with pytest.raises(ValueError):
        assign(cases=cases, reviewers=reviewers, per_application=-1)
    with pytest.raises(ValueError):
        assign(cases=cases, reviewers=[Reviewer(1, None, capacity=-1)], per_application=1)


# --- optimality against independent answers ----------------------------------------------------


@pytest.mark.parametrize("block", range(4))
def test_matches_exhaustive_search_on_tiny_random_instances(block):
    """300 instances per block: the most places any assignment fills, the least sum of squared
    loads among those, and the least max − min load among those too."""
    for seed in range(block * 300, block * 300 + 300):
        problem = tiny_instance(random.Random(seed))
        result = assign(**problem)
        assert_valid(problem, result)
        most, least_squares, least_spread = exhaustive_best(problem)
        loads = list(result.load.values())
        assert added_places(problem, result) == most, f"seed {seed}"
        assert squares(loads) == least_squares, f"seed {seed}"
        assert max(loads) - min(loads) == least_spread, f"seed {seed}"


def test_matches_a_flow_with_one_arc_per_pair_on_medium_random_instances():
    for seed in range(150):
        rng = random.Random(50_000 + seed)
        schools = rng.randint(2, 12)
        cases = [Case(n, 100 + n, rng.randrange(schools)) for n in range(rng.randint(5, 60))]
        reviewers = [
            Reviewer(
                n,
                rng.randrange(schools) if rng.random() < 0.5 else None,
                capacity=rng.choice([None, None, None, 2, 5, 10]),
                conflict_principals=frozenset(c.principal_id for c in cases if rng.random() < 0.1),
                conflict_schools=frozenset(s for s in range(schools) if rng.random() < 0.1),
            )
            for n in range(rng.randint(2, 15))
        ]
        existing = {c.id: rng.sample(range(len(reviewers)), 1) for c in cases if rng.random() < 0.1}
        problem = {
            "cases": cases,
            "reviewers": reviewers,
            "per_application": rng.randint(1, 4),
            "existing": existing,
        }
        result = assign(**problem)
        assert_valid(problem, result)
        most, least_squares = pair_flow_best(problem)
        assert added_places(problem, result) == most, f"seed {seed}"
        assert squares(result.load.values()) == least_squares, f"seed {seed}"


def test_a_relaxed_flow_that_cannot_be_realised_is_solved_again(monkeypatch):
    """Cases 1 and 2 block different experts. The first flow is realised case by case, and the
    order of that may leave case 2 with only its blocked expert; then the classes that failed get
    one arc per expert and the answer is still the exhaustive optimum."""
    rounds = []
    realise = module._realise
    monkeypatch.setattr(module, "_realise", lambda *a: rounds.append(realise(*a)) or rounds[-1])
    problem = {
        "cases": [Case(1, 100, 0), Case(2, 101, 1)],
        "reviewers": [
            Reviewer(50, None),
            Reviewer(51, None, conflict_principals=frozenset({100})),
            Reviewer(52, None, capacity=3, conflict_principals=frozenset({101})),
        ],
        "per_application": 1,
        "existing": {},
    }
    result = assign(**problem)
    assert_valid(problem, result)
    assert [bool(failed) for _, failed in rounds] == [True, False]
    loads = list(result.load.values())
    assert exhaustive_best(problem) == (2, squares(loads), max(loads) - min(loads))
    assert added_places(problem, result) == 2


def test_ten_thousand_applications_and_five_hundred_experts():
    cases, reviewers = plain_instance(random.Random(1), cases=10_000, reviewers=500, schools=3_300)
    problem = {"cases": cases, "reviewers": reviewers, "per_application": 3}
    result = assign(**problem)
    assert_valid(problem, result)
    assert not result.short
    assert set(result.load.values()) == {60}
