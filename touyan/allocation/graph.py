"""The flow network whose minimum-cost flow is an optimal allocation (docs/allocation.md).

Nodes: the sink (0), one per applicant, one per studio, then hub nodes. Every free applicant
supplies one unit, which reaches the sink either directly (left unassigned) or through a studio:

- applicant → listed studio: preference + distance, one arc per matchable choice;
- applicant → origin(stage, region) → the stage tree's nodes of each distance class: the cost of
  an *unlisted* placement, ``unlisted`` + distance, for every compatible studio at once;
- studio → sink: ``−shortfall`` for each member up to its minimum, 0 for the rest up to its
  maximum (what locked members leave of it); the constant brings the objective back.

A listed studio is also reachable through the hubs at the unlisted price. That is harmless while
the listed price is not above it (the solver takes the cheaper arc). When a policy's weights make
a listed entry dearer than ``unlisted``, the applicant gets its own hub arcs that leave that studio
out (``StageTree.classes(excluded=…)``), so no path is ever cheaper than the placement it makes.
"""

from dataclasses import dataclass

import numpy as np

from .costs import Distance, Places
from .problem import STAGES, Applicant, ChoiceStatus, Problem, stage_bits
from .tree import StageTree, build_tree

SINK = 0


@dataclass(frozen=True, slots=True)
class Network:
    tails: np.ndarray
    heads: np.ndarray
    capacities: np.ndarray
    costs: np.ndarray
    supplies: np.ndarray
    applicant_arcs: int  # arcs [0, applicant_arcs) leave applicant nodes, in applicant order
    studio_base: int  # studio i is node studio_base + i
    first_hub: int  # nodes from here on are hubs
    constant: int  # objective = cost of the flow + constant


def build_network(*, problem: Problem) -> Network:
    return _Builder(problem).network()


class _Builder:
    def __init__(self, problem: Problem):
        self.problem = problem
        self.weights = weights = problem.weights
        self.studio_base = 1 + len(problem.applicants)
        self.first_hub = self.node_count = self.studio_base + len(problem.studios)
        self.room = [studio.maximum for studio in problem.studios]
        for applicant in problem.applicants:
            if applicant.locked is not None:
                self.room[applicant.locked] -= 1
        self.free = sum(applicant.locked is None for applicant in problem.applicants)
        self.unbounded = max(self.free, 1)
        # Applicant arcs come first, in applicant order; hub and studio arcs after them.
        self.own: tuple[list[int], list[int], list[int], list[int]] = ([], [], [], [])
        self.shared: tuple[list[int], list[int], list[int], list[int]] = ([], [], [], [])
        self.unlisted_cost = [weights.unlisted + distance.cost(weights) for distance in Distance]
        self.distance_cost = [distance.cost(weights) for distance in Distance]
        self.places = Places()
        self.origins: dict[tuple[int, str], int] = {}
        self.trees = {stage: self._tree(stage) for stage in stage_bits((1 << len(STAGES)) - 1)}

    def network(self) -> Network:
        for position, applicant in enumerate(self.problem.applicants):
            if applicant.locked is None:
                self._applicant(1 + position, applicant)
        constant = self._studios()
        supplies = np.zeros(self.node_count, dtype=np.int64)
        supplies[SINK] = -self.free
        for position, applicant in enumerate(self.problem.applicants):
            if applicant.locked is None:
                supplies[1 + position] = 1
        tails, heads, capacities, costs = (
            own + shared for own, shared in zip(self.own, self.shared, strict=True)
        )
        return Network(
            tails=np.array(tails, dtype=np.int32),
            heads=np.array(heads, dtype=np.int32),
            capacities=np.array(capacities, dtype=np.int64),
            costs=np.array(costs, dtype=np.int64),
            supplies=supplies,
            applicant_arcs=len(self.own[0]),
            studio_base=self.studio_base,
            first_hub=self.first_hub,
            constant=constant,
        )

    def _new_node(self) -> int:
        self.node_count += 1
        return self.node_count - 1

    def _add_shared(self, tail: int, head: int, capacity: int, cost: int) -> None:
        for values, value in zip(self.shared, (tail, head, capacity, cost), strict=True):
            values.append(value)

    def _tree(self, stage: int) -> StageTree | None:
        studios = [
            (index, studio.region, self.studio_base + index)
            for index, studio in enumerate(self.problem.studios)
            if stage & studio.stages and self.room[index] > 0
        ]
        return build_tree(
            studios=studios,
            add_arc=lambda tail, head: self._add_shared(tail, head, self.unbounded, 0),
            new_node=self._new_node,
        )

    def _applicant(self, node: int, applicant: Applicant) -> None:
        tails, heads, capacities, costs = self.own
        weights, room, studios = self.weights, self.room, self.problem.studios

        def arc(head: int, cost: int) -> None:
            tails.append(node)
            heads.append(head)
            capacities.append(1)
            costs.append(cost)

        arc(SINK, weights.unassigned)
        excluded = []
        for choice in applicant.choices:
            if choice.status is not ChoiceStatus.OK or room[choice.studio] <= 0:
                continue
            distance = self.places.distance(applicant.region, studios[choice.studio].region)
            preference = weights.choice_step * (choice.rank - 1)
            arc(self.studio_base + choice.studio, preference + self.distance_cost[distance])
            if preference > weights.unlisted:
                excluded.append(choice.studio)
        for stage in stage_bits(applicant.stages):
            tree = self.trees[stage]
            if tree is None:
                continue
            if not excluded:
                arc(self._origin(stage, tree, applicant.region), 0)
                continue
            classes = tree.classes(region=applicant.region, excluded=frozenset(excluded))
            for distance, targets in classes:
                for target in targets:
                    arc(target, self.unlisted_cost[distance])

    def _origin(self, stage: int, tree: StageTree, region: str) -> int:
        """The node shared by every applicant of ``stage`` in ``region`` with no exclusions."""
        key = (stage, region)
        if key not in self.origins:
            node = self.origins[key] = self._new_node()
            for distance, targets in tree.classes(region=region, excluded=frozenset()):
                for target in targets:
                    self._add_shared(node, target, self.unbounded, self.unlisted_cost[distance])
        return self.origins[key]

    def _studios(self) -> int:
        """Each studio's arcs to the sink; returns the constant that restores the objective."""
        constant, shortfall = 0, self.weights.shortfall
        for index, studio in enumerate(self.problem.studios):
            room = self.room[index]
            missing = max(0, studio.minimum - (studio.maximum - room))
            constant += shortfall * missing
            if missing:
                self._add_shared(self.studio_base + index, SINK, missing, -shortfall)
            if room > missing:
                self._add_shared(self.studio_base + index, SINK, room - missing, 0)
        return constant
