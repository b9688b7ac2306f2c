"""An independent, deliberately plain reading of issue 5's objective, and two exact optima:
exhaustive search (tiny problems) and a min-cost flow with one arc per compatible pair."""

import itertools

import numpy as np
from ortools.graph.python.min_cost_flow import SimpleMinCostFlow

DEFAULTS = {
    "choice_step": 100,
    "unlisted": 1000,
    "same_county": 0,
    "same_city": 20,
    "same_province": 50,
    "elsewhere": 90,
    "unassigned": 100000,
    "shortfall": 10000,
}


def weights_of(problem: dict) -> dict:
    return {**DEFAULTS, **problem.get("weights", {})}


def _city(code: str) -> str:
    if code.endswith("0000") or (code[2:4] == "90" and code[4:] != "00"):
        return code
    return code[:4] + "00"


def same_id(left, right) -> bool:
    return type(left) is type(right) and left == right


def rank_in(applicant: dict, studio: dict) -> int | None:
    for position, choice in enumerate(applicant["choices"], start=1):
        if same_id(choice, studio["id"]):
            return position
    return None


def distance_class(first: str, second: str) -> str:
    """同县 / 同市 / 同省 / 外省, written out from the issue's rules."""
    if first == second:
        return "same_county"
    if _city(first) == _city(second):
        return "same_city"
    return "same_province" if first[:2] == second[:2] else "elsewhere"


def pair_cost(problem: dict, applicant: dict, studio: dict) -> int | None:
    """None when the pair may not be matched."""
    weights = weights_of(problem)
    if not set(applicant["stages"]) & set(studio["stages"]):
        return None
    rank = rank_in(applicant, studio)
    preference = weights["unlisted"] if rank is None else weights["choice_step"] * (rank - 1)
    return preference + weights[distance_class(applicant["region"], studio["region"])]


def objective(problem: dict, placement: list) -> int | None:
    """Cost of placing applicant i in studio index placement[i] (None: unassigned); None if infeasible."""
    weights = weights_of(problem)
    studios = problem["studios"]
    sizes = [0] * len(studios)
    total = 0
    for applicant, place in zip(problem["applicants"], placement, strict=True):
        if place is None:
            total += weights["unassigned"]
            continue
        sizes[place] += 1
        if "locked" not in applicant:
            cost = pair_cost(problem, applicant, studios[place])
            if cost is None:
                return None
            total += cost
    for studio, size in zip(studios, sizes, strict=True):
        if size > studio["max"]:
            return None
        total += weights["shortfall"] * max(0, studio["min"] - size)
    return total


def locked_index(problem: dict, applicant: dict) -> int:
    return next(
        i
        for i, studio in enumerate(problem["studios"])
        if same_id(studio["id"], applicant["locked"])
    )


def exhaustive_optimum(problem: dict) -> int:
    options = []
    for applicant in problem["applicants"]:
        if "locked" in applicant:
            options.append([locked_index(problem, applicant)])
        else:
            options.append([None, *range(len(problem["studios"]))])
    values = (objective(problem, list(placement)) for placement in itertools.product(*options))
    return min(value for value in values if value is not None)


def direct_optimum(problem: dict) -> int:
    """The optimum on the textbook network: an arc for every compatible pair."""
    weights, studios, applicants = weights_of(problem), problem["studios"], problem["applicants"]
    sink, first_studio = 0, 1 + len(applicants)
    arcs, supplies = [], [0] * (first_studio + len(studios))
    locked = [0] * len(studios)
    for number, applicant in enumerate(applicants):
        if "locked" in applicant:
            locked[locked_index(problem, applicant)] += 1
            continue
        supplies[1 + number], supplies[sink] = 1, supplies[sink] - 1
        arcs.append((1 + number, sink, 1, weights["unassigned"]))
        for index, studio in enumerate(studios):
            cost = pair_cost(problem, applicant, studio)
            if cost is not None:
                arcs.append((1 + number, first_studio + index, 1, cost))
    constant = 0
    for index, studio in enumerate(studios):
        room, missing = studio["max"] - locked[index], max(0, studio["min"] - locked[index])
        constant += weights["shortfall"] * missing
        arcs.append((first_studio + index, sink, missing, -weights["shortfall"]))
        arcs.append((first_studio + index, sink, room - missing, 0))
    flow = SimpleMinCostFlow()
    for tail, head, capacity, cost in arcs:
        flow.add_arc_with_capacity_and_unit_cost(tail, head, capacity, cost)
    flow.set_nodes_supplies(np.arange(len(supplies)), np.array(supplies))
    assert flow.solve() == SimpleMinCostFlow.OPTIMAL
    return flow.optimal_cost() + constant
