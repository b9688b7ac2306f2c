"""Solve the allocation exactly: a minimum-cost flow on the network of ``graph.py``.

OR-Tools' ``SimpleMinCostFlow`` (cost scaling, integer costs) returns an optimal integral flow;
the flow is then taken apart into one path per applicant, in applicant order, taking at each hub
the first arc that still carries flow. Everything here is deterministic: the same input builds
the same arcs in the same order, so the solver and the decomposition give the same answer.
"""

from dataclasses import dataclass

import numpy as np
from ortools.graph.python.min_cost_flow import SimpleMinCostFlow

from .costs import objective_of, studio_sizes
from .graph import SINK, Network, build_network
from .problem import Problem


class SolverError(RuntimeError):
    pass


@dataclass(frozen=True, slots=True)
class Allocation:
    problem: Problem
    studio_of: tuple[int | None, ...]  # per applicant: studio index, None when unassigned
    sizes: tuple[int, ...]  # per studio, locked members included
    objective: int


def solve(*, problem: Problem) -> Allocation:
    network = build_network(problem=problem)
    studio_of = [applicant.locked for applicant in problem.applicants]
    flow_cost = 0
    if network.applicant_arcs:
        solver = SimpleMinCostFlow()
        solver.add_arcs_with_capacity_and_unit_cost(
            network.tails, network.heads, network.capacities, network.costs
        )
        solver.set_nodes_supplies(
            np.arange(len(network.supplies), dtype=np.int32), network.supplies
        )
        status = solver.solve()
        if status != SimpleMinCostFlow.OPTIMAL:
            raise SolverError(f"求解器未得到最优解（状态 {status.name}），请检查权重是否过大")
        flows = solver.flows(np.arange(solver.num_arcs(), dtype=np.int32))
        _place(network=network, flows=flows, studio_of=studio_of)
        flow_cost = solver.optimal_cost()
    objective = objective_of(problem=problem, studio_of=studio_of)
    if objective != flow_cost + network.constant:
        raise SolverError(
            f"内部错误：流的成本 {flow_cost + network.constant} 与目标值 {objective} 不一致"
        )
    sizes = studio_sizes(problem=problem, studio_of=studio_of)
    return Allocation(
        problem=problem, studio_of=tuple(studio_of), sizes=tuple(sizes), objective=objective
    )


def _place(*, network: Network, flows: np.ndarray, studio_of: list[int | None]) -> None:
    """Follow each free applicant's unit of flow to a studio or to the sink."""
    first = network.applicant_arcs
    carrying = np.flatnonzero(flows[first:]) + first
    hub_arcs = carrying[network.tails[carrying] >= network.first_hub]
    onward: dict[int, list[list[int]]] = {}
    for tail, head, amount in zip(
        network.tails[hub_arcs].tolist(),
        network.heads[hub_arcs].tolist(),
        flows[hub_arcs].tolist(),
        strict=True,
    ):
        onward.setdefault(tail, []).append([head, amount])
    cursor: dict[int, int] = {}
    used = np.flatnonzero(flows[:first])
    for tail, head in zip(network.tails[used].tolist(), network.heads[used].tolist(), strict=True):
        while head >= network.first_hub:
            arcs, position = onward[head], cursor.get(head, 0)
            while arcs[position][1] == 0:
                position += 1
            cursor[head] = position
            arcs[position][1] -= 1
            head = arcs[position][0]
        studio_of[tail - 1] = None if head == SINK else head - network.studio_base
