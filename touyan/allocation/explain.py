"""Why each applicant got what they got: facts read off the optimal allocation (``wording.py``
turns them into Chinese).

Every statement is checked against the solution, never assumed: a higher choice is called full
only when its size equals its maximum; when it still has room, the text gives the exact change
of the objective if this applicant alone moved there (never negative, since the allocation is
optimal — the tests check both).
"""

from collections import Counter
from dataclasses import dataclass
from enum import Enum

from .costs import pair_cost
from .problem import Choice, ChoiceStatus, Problem
from .solver import Allocation


class Kind(Enum):
    UNKNOWN = "unknown"
    INCOMPATIBLE = "incompatible"
    REPEATED = "repeated"
    FULL = "full"
    COSTLIER = "costlier"


@dataclass(frozen=True, slots=True)
class Reason:
    """Why one entry of the list above the outcome (all of them, when not placed by choice) was
    not used."""

    choice: Choice
    kind: Kind
    delta: int = 0  # COSTLIER: how much the objective rises if the applicant alone moves there


@dataclass(frozen=True, slots=True)
class Facts:
    applicant: int
    studio: int | None
    rank: int | None  # of the studio in the applicant's list; None when unlisted or unassigned
    reasons: tuple[Reason, ...]
    compatible: int  # unassigned only: studios sharing a stage with the applicant
    with_room: int  # unassigned only: of those, the ones below their maximum


def facts_of(*, allocation: Allocation) -> list[Facts]:
    problem = allocation.problem
    counts = _compatible_counts(problem=problem, sizes=allocation.sizes)
    found = []
    for position, applicant in enumerate(problem.applicants):
        studio = allocation.studio_of[position]
        rank = None if studio is None else applicant.rank_of(studio)
        reasons: tuple[Reason, ...] = ()
        if applicant.locked is None:
            reasons = tuple(
                _reason(allocation=allocation, applicant=position, choice=choice)
                for choice in applicant.choices
                if rank is None or choice.rank < rank
            )
        compatible, with_room = counts[applicant.stages] if studio is None else (0, 0)
        found.append(Facts(position, studio, rank, reasons, compatible, with_room))
    return found


def move_delta(*, allocation: Allocation, applicant: int, target: int) -> int:
    """The change of the objective if ``applicant`` alone moved to ``target`` (which has room)."""
    problem, sizes = allocation.problem, allocation.sizes
    weights, person = problem.weights, problem.applicants[applicant]
    studios, current = problem.studios, allocation.studio_of[applicant]
    delta = pair_cost(weights=weights, applicant=person, studio=studios[target], index=target)
    if sizes[target] < studios[target].minimum:
        delta -= weights.shortfall
    if current is None:
        return delta - weights.unassigned
    delta -= pair_cost(weights=weights, applicant=person, studio=studios[current], index=current)
    if sizes[current] <= studios[current].minimum:
        delta += weights.shortfall
    return delta


def _reason(*, allocation: Allocation, applicant: int, choice: Choice) -> Reason:
    if choice.status is not ChoiceStatus.OK:  # unknown, incompatible, repeated: same names
        return Reason(choice, Kind(choice.status.value))
    target = choice.studio
    if allocation.sizes[target] >= allocation.problem.studios[target].maximum:
        return Reason(choice, Kind.FULL)
    delta = move_delta(allocation=allocation, applicant=applicant, target=target)
    return Reason(choice, Kind.COSTLIER, delta)


def _compatible_counts(*, problem: Problem, sizes: tuple[int, ...]) -> dict[int, tuple[int, int]]:
    """For every set of stages: how many studios share one of them, and how many have room."""
    kinds = Counter(
        (studio.stages, size < studio.maximum)
        for studio, size in zip(problem.studios, sizes, strict=True)
    )
    counts = {}
    for mask in range(1, 8):
        compatible = sum(count for (stages, _), count in kinds.items() if stages & mask)
        with_room = sum(count for (stages, room), count in kinds.items() if stages & mask and room)
        counts[mask] = (compatible, with_room)
    return counts
