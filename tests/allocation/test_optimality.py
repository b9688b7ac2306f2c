"""The allocation is the exact optimum of issue 5's objective, whatever the weights."""

import random

import pytest

from touyan.allocation.problem import problem_from_data
from touyan.allocation.solver import solve

from . import brute
from .instances import medium_instance, random_instance

pytestmark = pytest.mark.clause("HN-3.6", "HN-3.7", "HN-3.8")


def solved(data: dict):
    allocation = solve(problem=problem_from_data(data=data))
    placement = list(allocation.studio_of)
    assert brute.objective(data, placement) == allocation.objective, "objective misreported"
    return allocation


@pytest.mark.parametrize("block", range(5))
def test_matches_exhaustive_search_on_small_random_instances(block):
    """200 instances per block (1,000 in all): ≤ 6 applicants, ≤ 3 studios, locked members,
    minimums, unknown / repeated / incompatible entries, 469001-style regions, custom weights."""
    for seed in range(block * 200, block * 200 + 200):
        data = random_instance(random.Random(seed))
        assert solved(data).objective == brute.exhaustive_optimum(data), f"seed {seed}"


def test_matches_a_network_with_an_arc_per_pair_on_medium_instances():
    """200 instances of ≤ 40 applicants and ≤ 14 studios over 27 regions in 7 provinces."""
    for seed in range(200):
        data = medium_instance(random.Random(10_000 + seed))
        assert solved(data).objective == brute.direct_optimum(data), f"seed {seed}"


@pytest.mark.parametrize(
    "weights",
    [
        # a listed 3rd choice (1200) costs more than any unlisted studio (1000 + distance)
        {"choice_step": 600, "unlisted": 1000},
        {"choice_step": 1000, "unlisted": 0},
        # farther is cheaper than nearer: no ordering of the distance classes is assumed
        {"same_county": 500, "same_city": 300, "same_province": 0, "elsewhere": 100},
        {"unassigned": 0},
        {"shortfall": 0},
    ],
)
def test_policies_that_break_the_listed_below_unlisted_argument_stay_exact(weights):
    for seed in range(60):
        data = {**medium_instance(random.Random(20_000 + seed)), "weights": weights}
        assert solved(data).objective == brute.direct_optimum(data), f"seed {seed}"
    for seed in range(60):
        data = {**random_instance(random.Random(30_000 + seed)), "weights": weights}
        assert solved(data).objective == brute.exhaustive_optimum(data), f"seed {seed}"


def test_maximum_is_hard_and_locked_members_count_towards_it():
    data = {
        "studios": [{"id": "S", "stages": ["junior"], "region": "460105", "min": 0, "max": 2}],
        "applicants": [
            {"id": "L", "stages": ["junior"], "region": "330106", "choices": [], "locked": "S"},
            *(
                {"id": f"A{n}", "stages": ["junior"], "region": "460105", "choices": ["S"]}
                for n in range(3)
            ),
        ],
    }
    allocation = solved(data)
    assert allocation.sizes == (2,)
    assert allocation.studio_of.count(None) == 2
    assert allocation.studio_of[0] == 0  # the locked member keeps the seat


def test_shortfall_fills_a_studio_below_its_minimum_before_anyone_gets_a_cheaper_seat():
    data = {
        "studios": [
            {"id": "near", "stages": ["primary"], "region": "460105", "min": 0, "max": 5},
            {"id": "far", "stages": ["primary"], "region": "650102", "min": 2, "max": 5},
        ],
        "applicants": [
            {"id": f"A{n}", "stages": ["primary"], "region": "460105", "choices": ["near"]}
            for n in range(3)
        ],
    }
    allocation = solved(data)
    assert allocation.sizes == (1, 2)  # two move 1090 each to spare 2 × 10000 of shortfall
    assert allocation.objective == 2 * 1090


@pytest.mark.parametrize(
    ("data", "objective", "placement"),
    [
        ({"studios": [], "applicants": []}, 0, ()),
        (
            {"studios": [], "applicants": [{"id": 1, "stages": ["senior"], "region": "460105"}]},
            100000,
            (None,),
        ),
        (
            {
                "studios": [
                    {"id": "S", "stages": ["senior"], "region": "460105", "min": 3, "max": 3}
                ],
                "applicants": [
                    {
                        "id": 1,
                        "stages": ["senior"],
                        "region": "110101",
                        "choices": [],
                        "locked": "S",
                    }
                ],
            },
            2 * 10000,
            (0,),
        ),
    ],
    ids=["nothing", "no studios", "only a locked member"],
)
def test_degenerate_problems(data, objective, placement):
    allocation = solved(data)
    assert (allocation.objective, allocation.studio_of) == (objective, placement)
