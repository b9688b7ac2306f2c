"""The objective split into its four terms (preference, distance, unassigned, shortfall), each
checked against an independent reading of the allocation, and adding up to the objective the
solver reports (HN-3.8)."""

import random

import pytest

from touyan.allocation.costs import terms_of
from touyan.allocation.problem import problem_from_data
from touyan.allocation.solver import solve

from . import brute
from .instances import medium_instance, random_instance


def independent_terms(data: dict, placement: tuple) -> tuple[int, int, int, int]:
    weights = brute.weights_of(data)
    studios = data["studios"]
    preference = distance = unassigned = 0
    sizes = [0] * len(studios)
    for applicant, place in zip(data["applicants"], placement, strict=True):
        if place is not None:
            sizes[place] += 1
        if "locked" in applicant:
            continue
        if place is None:
            unassigned += weights["unassigned"]
            continue
        rank = brute.rank_in(applicant, studios[place])
        preference += weights["unlisted"] if rank is None else weights["choice_step"] * (rank - 1)
        distance += weights[brute.distance_class(applicant["region"], studios[place]["region"])]
    missing = sum(max(0, s["min"] - size) for s, size in zip(studios, sizes, strict=True))
    return preference, distance, unassigned, weights["shortfall"] * missing


@pytest.mark.clause("HN-3.8")
@pytest.mark.parametrize("make", [random_instance, medium_instance])
def test_the_terms_add_up_to_the_objective_and_each_is_what_it_says(make):
    for seed in range(150):
        data = make(random.Random(20_000 + seed))
        allocation = solve(problem=problem_from_data(data=data))
        terms = terms_of(problem=allocation.problem, studio_of=allocation.studio_of)
        assert tuple(terms) == independent_terms(data, allocation.studio_of), f"seed {seed}"
        assert terms.total == allocation.objective, f"seed {seed}"
