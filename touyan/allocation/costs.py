"""The objective of issue 5, written once, plainly: what a pair, a studio and a whole allocation cost.

The solver builds a smaller network than one arc per pair; this module is what its answer is
checked against (``solver.solve`` asserts the two agree) and what explanations quote.
"""

from collections.abc import Sequence
from enum import IntEnum
from typing import NamedTuple

from touyan.regions.codes import city_of, province_of

from .problem import Applicant, Problem, Studio, Weights


class Distance(IntEnum):
    SAME_COUNTY = 0
    SAME_CITY = 1
    SAME_PROVINCE = 2
    ELSEWHERE = 3

    @property
    def label(self) -> str:
        return ("同县", "同市", "同省", "外省")[self]

    def cost(self, weights: Weights) -> int:
        return (
            weights.same_county,
            weights.same_city,
            weights.same_province,
            weights.elsewhere,
        )[self]


def distance_between(first: str, second: str) -> Distance:
    if first == second:
        return Distance.SAME_COUNTY
    if city_of(first) == city_of(second):
        return Distance.SAME_CITY
    if province_of(first) == province_of(second):
        return Distance.SAME_PROVINCE
    return Distance.ELSEWHERE


class Places:
    """``distance_between`` with each code's city and province worked out once: building the
    network asks it for hundreds of thousands of pairs drawn from a few thousand codes."""

    def __init__(self) -> None:
        self._parents: dict[str, tuple[str, str]] = {}

    def distance(self, first: str, second: str) -> Distance:
        if first == second:
            return Distance.SAME_COUNTY
        city, province = self._of(first)
        other_city, other_province = self._of(second)
        if city == other_city:
            return Distance.SAME_CITY
        return Distance.SAME_PROVINCE if province == other_province else Distance.ELSEWHERE

    def _of(self, code: str) -> tuple[str, str]:
        if code not in self._parents:
            self._parents[code] = (city_of(code), province_of(code))
        return self._parents[code]


def pair_cost(
    *,
    weights: Weights,
    applicant: Applicant,
    studio: Studio,
    index: int,
    places: Places | None = None,
) -> int:
    """Preference plus distance of placing ``applicant`` in ``studio`` (at position ``index``)."""
    preference = weights.preference(applicant.rank_of(index))
    if places is None:
        return preference + distance_between(applicant.region, studio.region).cost(weights)
    return preference + places.distance(applicant.region, studio.region).cost(weights)


def shortfall_of(*, studio: Studio, size: int) -> int:
    return max(0, studio.minimum - size)


def studio_sizes(*, problem: Problem, studio_of: Sequence[int | None]) -> list[int]:
    sizes = [0] * len(problem.studios)
    for studio in studio_of:
        if studio is not None:
            sizes[studio] += 1
    return sizes


class Terms(NamedTuple):
    """The objective split into what it adds up: the preference and distance parts of the
    placements, the applicants left out and the members missing below the studios' minimums,
    each already multiplied by its weight."""

    preference: int
    distance: int
    unassigned: int
    shortfall: int

    @property
    def total(self) -> int:
        return self.preference + self.distance + self.unassigned + self.shortfall


def terms_of(*, problem: Problem, studio_of: Sequence[int | None]) -> Terms:
    """The terms of an allocation (``studio_of[i]``: applicant i's studio index or None).
    Locked applicants cost nothing."""
    weights, places = problem.weights, Places()
    preference = distance = unassigned = 0
    for applicant, studio in zip(problem.applicants, studio_of, strict=True):
        if applicant.locked is not None:
            continue
        if studio is None:
            unassigned += weights.unassigned
            continue
        placed_in = problem.studios[studio]
        preference += weights.preference(applicant.rank_of(studio))
        distance += places.distance(applicant.region, placed_in.region).cost(weights)
    sizes = studio_sizes(problem=problem, studio_of=studio_of)
    missing = sum(
        shortfall_of(studio=studio, size=size)
        for studio, size in zip(problem.studios, sizes, strict=True)
    )
    return Terms(preference, distance, unassigned, weights.shortfall * missing)


def objective_of(*, problem: Problem, studio_of: Sequence[int | None]) -> int:
    """The objective of an allocation (``studio_of[i]``: applicant i's studio index or None)."""
    return terms_of(problem=problem, studio_of=studio_of).total
