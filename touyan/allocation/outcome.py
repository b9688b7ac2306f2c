"""A run's allocation as it stands: the solver's answer with the manual moves applied, and what
the result page shows of it (rank profile, sizes, unassigned, below minimum, distance shares)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from .costs import Places, Terms, objective_of, terms_of
from .models import Move, Run
from .problem import Problem, id_text, problem_from_data
from .result import rank_profile
from .solver import Allocation


def latest_moves(moves: Iterable[Move]) -> dict[str, Move]:
    """Applicant id → the last of their moves (``moves`` in the order they were made)."""
    return {move.applicant: move for move in moves}


@dataclass
class Outcome:
    run: Run

    @cached_property
    def problem(self) -> Problem:
        return problem_from_data(data=self.run.problem)

    @cached_property
    def index(self) -> dict[object, int]:
        """Studio id (as in the problem) → position."""
        return {studio.id: i for i, studio in enumerate(self.problem.studios)}

    @cached_property
    def positions(self) -> dict[str, int]:
        """Applicant id (as in the result's keys) → position in the problem."""
        return {id_text(a.id): i for i, a in enumerate(self.problem.applicants)}

    @cached_property
    def last_moves(self) -> dict[str, Move]:
        return latest_moves(self.run.moves.order_by("moved_at", "pk"))

    @cached_property
    def assignments(self) -> dict[str, object]:
        """Applicant id → studio id or None, moves applied."""
        placed = dict(self.run.result.get("assignments", {}))
        placed.update({key: move.to_studio_id for key, move in self.last_moves.items()})
        return placed

    @cached_property
    def studio_of(self) -> tuple[int | None, ...]:
        return tuple(
            None
            if self.assignments.get(id_text(a.id)) is None
            else self.index[self.assignments[id_text(a.id)]]
            for a in self.problem.applicants
        )

    @cached_property
    def objective(self) -> int:
        return objective_of(problem=self.problem, studio_of=self.studio_of)

    @cached_property
    def terms(self) -> Terms:
        return terms_of(problem=self.problem, studio_of=self.studio_of)

    def objective_if(self, applicant: str, studio) -> int:
        """The objective were ``applicant`` moved to ``studio`` (an id, None for none)."""
        studio_of = list(self.studio_of)
        studio_of[self.positions[applicant]] = None if studio is None else self.index[studio]
        return objective_of(problem=self.problem, studio_of=studio_of)

    @cached_property
    def allocation(self) -> Allocation:
        sizes = [0] * len(self.problem.studios)
        for studio in self.studio_of:
            if studio is not None:
                sizes[studio] += 1
        return Allocation(self.problem, self.studio_of, tuple(sizes), self.objective)

    @property
    def sizes(self) -> tuple[int, ...]:
        return self.allocation.sizes

    @cached_property
    def profile(self) -> list[int]:
        return rank_profile(allocation=self.allocation)

    def explanation(self, applicant: str) -> str:
        return self.run.result.get("explanations", {}).get(applicant, "")

    @cached_property
    def unassigned(self) -> list[str]:
        return [
            id_text(a.id)
            for a, studio in zip(self.problem.applicants, self.studio_of, strict=True)
            if studio is None
        ]

    @cached_property
    def below_minimum(self) -> list[tuple[object, int, int]]:
        """(studio id, size, minimum) of each studio short of members."""
        return [
            (studio.id, size, studio.minimum)
            for studio, size in zip(self.problem.studios, self.sizes, strict=True)
            if size < studio.minimum
        ]

    @cached_property
    def above_maximum(self) -> list[tuple[object, int, int]]:
        return [
            (studio.id, size, studio.maximum)
            for studio, size in zip(self.problem.studios, self.sizes, strict=True)
            if size > studio.maximum
        ]

    @cached_property
    def distances(self) -> Counter:
        """How many of the placed (locked members left out) sit in each distance class."""
        places, counted = Places(), Counter()
        for applicant, studio in zip(self.problem.applicants, self.studio_of, strict=True):
            if studio is None or applicant.locked is not None:
                continue
            counted[places.distance(applicant.region, self.problem.studios[studio].region)] += 1
        return counted

    @property
    def placed(self) -> int:
        return sum(self.distances.values())
