"""Assign expert reviewers to the applications of a selection call: conflict-free and balanced.

Each case (application) should end with ``per_application`` reviewers. A reviewer is never put on
a case from their own school or one they declared a conflict with; reviewers already on a case
(``existing``, earlier manual decisions) stay and count towards load and capacity; a capacity is
a hard maximum. Among all such assignments the result

1. fills as many of the missing places as possible, and then
2. minimises the sum over reviewers of ``load × (load + 1) / 2``.

With the total fixed by (1), this separable convex sum is smallest exactly at the most balanced
load vector: the feasible load vectors of a bipartite b-matching with maximum total form an
M-convex set, where the square-sum minimiser is also the one with the smallest maximum and the
largest minimum (Frank and Murota, "decreasingly minimal" bases). So max − min ≤ 1 whenever any
assignment with the most places filled achieves it, and otherwise as small as conflicts and
capacities allow.

Why a flow and not a greedy pass: least-loaded-first with a heap is fast but can leave a case
short while a different choice for an earlier case would have served both, and cannot undo an
early imbalance. A minimum-cost flow (``SimpleMinCostFlow.solve_max_flow_with_min_cost``, maximum
flow first, then minimum cost) is exact for both goals at once.

Keeping the network small (10,000 cases × 500 reviewers would be 5 million pair arcs):

- Cases with the same blocked reviewers (conflicts, or already on the case) and the same number
  of missing places are interchangeable: one node per such class. Most cases block no reviewer at
  all and share a handful of classes.
- Reviewers are interchangeable except for their few conflicts, so a class reaches "everyone but
  these few" through a segment tree over the reviewers: the complement of b blocked reviewers is
  b + 1 intervals of O(log n) tree nodes each, instead of n arcs. Classes that block nobody get
  one arc per reviewer, capacity the class size, which is exact.
- A reviewer's load costs are unit arcs priced 1, 2, 3 … only up to a little above the expected
  water level; the levels beyond share one arc priced at the first of them. That undercharges,
  so the result is exact when no reviewer uses more than one unit of it; otherwise that
  reviewer's unit arcs are extended and the flow solved again.

The tree lets a small class send two units of one case to the same reviewer, so the network is a
relaxation: its optimum is at least as good as any real assignment. Its flow is then realised:
cases are taken most constrained first and each gets the reviewers with the most remaining flow
among those it may have (Ryser's construction, exact when no reviewer is blocked). When that
realises every unit the relaxed optimum is a real assignment, hence optimal. When it does not,
the classes that failed get one arc per reviewer and the network is solved again; after
``FALLBACK_ROUNDS`` such rounds every class that blocks someone does, and the flow then decomposes
class by class by construction (at the price of a larger network).

The input is put in id order before anything else and every choice breaks ties by that order,
so the same input gives the same result whatever order it came in.
"""

import heapq
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from django.utils.translation import gettext as _
from ortools.graph.python.min_cost_flow import SimpleMinCostFlow

SLACK = 2  # load levels priced one by one above the expected water level
FALLBACK_ROUNDS = 2  # failed realisations before every blocking class gets its own arcs


@dataclass(frozen=True)
class Case:
    id: int
    principal_id: int
    school_id: int


@dataclass(frozen=True)
class Reviewer:
    id: int
    school_id: int | None
    capacity: int | None = None
    conflict_principals: frozenset[int] = frozenset()
    conflict_schools: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Assignment:
    reviewers_of: dict[int, tuple[int, ...]]
    load: dict[int, int]
    short: dict[int, str]


def eligible(case: Case, reviewer: Reviewer) -> bool:
    return not (
        case.school_id == reviewer.school_id
        or case.principal_id in reviewer.conflict_principals
        or case.school_id in reviewer.conflict_schools
    )


def assign(
    *,
    cases: Sequence[Case],
    reviewers: Sequence[Reviewer],
    per_application: int,
    existing: Mapping[int, Collection[int]] | None = None,
) -> Assignment:
    problem = _Problem.build(cases, reviewers, per_application, existing or {})
    groups = _Groups.build(problem)
    added = _solve(problem, groups)
    return _result(problem, groups, added)


# --- the problem in id order ------------------------------------------------------------------


@dataclass
class _Problem:
    cases: list[Case]
    reviewers: list[Reviewer]
    wanted: int
    held: list[frozenset[int]]  # per case: indices of the reviewers already on it
    conflicted: list[set[int]]  # per case: indices of the reviewers in conflict with it
    base: list[int]  # per reviewer: cases already held
    room: list[int | None]  # per reviewer: cases they may still take, None without a limit

    @classmethod
    def build(cls, cases, reviewers, wanted, existing) -> "_Problem":
        if wanted < 0:
            raise ValueError("per_application must not be negative")
        cases = sorted(cases, key=lambda case: case.id)
        reviewers = sorted(reviewers, key=lambda reviewer: reviewer.id)
        case_index = _index(cases, "case")
        reviewer_index = _index(reviewers, "reviewer")
        held = [frozenset()] * len(cases)
        base = [0] * len(reviewers)
        for case_id, reviewer_ids in existing.items():
            if case_id not in case_index:
                raise ValueError(f"existing assignment for unknown case {case_id}")
            unknown = set(reviewer_ids) - reviewer_index.keys()
            if unknown:
                raise ValueError(f"existing assignment of unknown reviewers {sorted(unknown)}")
            indices = frozenset(reviewer_index[r] for r in reviewer_ids)
            held[case_index[case_id]] = indices
            for r in indices:
                base[r] += 1
        room = []
        for r, reviewer in enumerate(reviewers):
            if reviewer.capacity is not None and reviewer.capacity < 0:
                raise ValueError(f"negative capacity for reviewer {reviewer.id}")
            room.append(None if reviewer.capacity is None else max(0, reviewer.capacity - base[r]))
        return cls(cases, reviewers, wanted, held, _conflicts(cases, reviewers), base, room)


def _index(items, kind: str) -> dict[int, int]:
    index = {item.id: position for position, item in enumerate(items)}
    if len(index) != len(items):
        raise ValueError(f"duplicate {kind} ids")
    return index


def _conflicts(cases: list[Case], reviewers: list[Reviewer]) -> list[set[int]]:
    by_school: dict[int, list[int]] = {}
    by_principal: dict[int, list[int]] = {}
    for c, case in enumerate(cases):
        by_school.setdefault(case.school_id, []).append(c)
        by_principal.setdefault(case.principal_id, []).append(c)
    conflicted: list[set[int]] = [set() for _ in cases]
    for r, reviewer in enumerate(reviewers):
        schools = set(reviewer.conflict_schools)
        if reviewer.school_id is not None:
            schools.add(reviewer.school_id)
        for school in schools:
            for c in by_school.get(school, ()):
                conflicted[c].add(r)
        for principal in reviewer.conflict_principals:
            for c in by_principal.get(principal, ()):
                conflicted[c].add(r)
    return conflicted


# --- classes of interchangeable cases ---------------------------------------------------------


@dataclass
class _Class:
    blocked: tuple[int, ...]  # positions (among open reviewers) the class may not have
    want: int  # places to fill per case
    members: list[int]  # case indices, ascending
    blocked_set: frozenset[int] = field(default_factory=frozenset)


@dataclass
class _Groups:
    open: list[int]  # indices of reviewers with room, in id order; their position is their rank
    classes: list[_Class]
    demand: int  # places the flow tries to fill

    @classmethod
    def build(cls, problem: _Problem) -> "_Groups":
        open_reviewers = [r for r, room in enumerate(problem.room) if room is None or room > 0]
        position = {r: p for p, r in enumerate(open_reviewers)}
        by_key: dict[tuple[tuple[int, ...], int], list[int]] = {}
        for c in range(len(problem.cases)):
            missing = problem.wanted - len(problem.held[c])
            if missing <= 0:
                continue
            closed = problem.held[c] | problem.conflicted[c]
            blocked = tuple(sorted(position[r] for r in closed if r in position))
            want = min(missing, len(open_reviewers) - len(blocked))
            if want > 0:
                by_key.setdefault((blocked, want), []).append(c)
        classes = [
            _Class(blocked, want, members, frozenset(blocked))
            for (blocked, want), members in sorted(by_key.items())
        ]
        demand = sum(len(group.members) * group.want for group in classes)
        return cls(open_reviewers, classes, demand)


# --- solving: relax, realise, tighten ---------------------------------------------------------


def _solve(problem: _Problem, groups: _Groups) -> list[list[int]]:
    """Per case index, the reviewer indices added to it."""
    if groups.demand == 0:
        return [[] for _ in problem.cases]
    ceilings = _water_ceilings(problem, groups)
    fixed: set[int] = set()
    failures = 0
    while True:
        network = _Network(problem, groups, fixed, ceilings)
        flows = network.solve()
        loads = network.loads(flows)
        overflowing = network.overflowing(flows)
        if overflowing:
            for p in overflowing:
                ceilings[p] = min(network.top[p], network.bottom[p] + loads[p] + SLACK)
            continue
        placed, failed = _realise(len(problem.cases), groups, network, flows, loads, fixed)
        if not failed:
            return [[groups.open[p] for p in positions] for positions in placed]
        failures += 1
        blocking = {i for i, group in enumerate(groups.classes) if group.blocked}
        if fixed == blocking:
            raise RuntimeError("assignment flow could not be decomposed")
        if failures > FALLBACK_ROUNDS or not failed <= blocking:
            fixed = blocking
        else:
            fixed |= failed


def _water_ceilings(problem: _Problem, groups: _Groups) -> list[int]:
    """Per open reviewer, the load up to which each level gets its own arc: a little above the
    level that the demand would fill if nobody had conflicts."""
    bottoms = [problem.base[r] for r in groups.open]
    rooms = [_room(problem, r, groups.demand) for r in groups.open]

    def filled(level: int) -> int:
        return sum(
            min(room, max(0, level - bottom)) for bottom, room in zip(bottoms, rooms, strict=True)
        )

    low, high = min(bottoms), max(bottoms) + groups.demand
    while low < high:
        middle = (low + high) // 2
        if filled(middle) >= groups.demand:
            high = middle
        else:
            low = middle + 1
    return [
        min(bottom + room, max(bottom, low) + SLACK)
        for bottom, room in zip(bottoms, rooms, strict=True)
    ]


def _room(problem: _Problem, r: int, demand: int) -> int:
    room = problem.room[r]
    return demand if room is None else min(room, demand)


class _Network:
    """Source → class → (reviewer | segment tree → reviewer) → sink."""

    SOURCE, SINK = 0, 1

    def __init__(self, problem: _Problem, groups: _Groups, fixed: set[int], ceilings: list[int]):
        self.groups = groups
        count = len(groups.open)
        self.class_base = 2
        self.reviewer_base = self.class_base + len(groups.classes)
        self.leaves = 1 << max(0, (count - 1).bit_length())
        self.tree_base = self.reviewer_base + count
        self.under = self._under(count)
        self.arcs: tuple[list[int], list[int], list[int], list[int]] = ([], [], [], [])
        demand = groups.demand
        for i, group in enumerate(groups.classes):
            self._arc(self.SOURCE, self.class_base + i, len(group.members) * group.want, 0)
        self.explicit: dict[int, tuple[int, list[int]]] = {}  # class → (first arc, positions)
        for i, group in enumerate(groups.classes):
            if i in fixed or not group.blocked:
                self._explicit(i, group, count)
            else:
                self._covering(i, group, count)
        for t in range(1, self.leaves):
            for child in (2 * t, 2 * t + 1):
                if self.under[child]:
                    self._arc(self._node(t), self._node(child), demand, 0)
        self.bottom = [problem.base[r] for r in groups.open]
        self.top = [
            b + _room(problem, r, demand) for b, r in zip(self.bottom, groups.open, strict=True)
        ]
        self.sink_arcs: list[tuple[int, int, int | None]] = []  # first, end, lump arc
        for p in range(count):
            node, first = self.reviewer_base + p, len(self.arcs[0])
            for level in range(self.bottom[p] + 1, ceilings[p] + 1):
                self._arc(node, self.SINK, 1, level)
            lump = None
            if ceilings[p] < self.top[p]:
                lump = len(self.arcs[0])
                self._arc(node, self.SINK, self.top[p] - ceilings[p], ceilings[p] + 1)
            self.sink_arcs.append((first, len(self.arcs[0]), lump))

    def _under(self, count: int) -> list[int]:
        under = [0] * (2 * self.leaves)
        for p in range(count):
            under[self.leaves + p] = 1
        for t in range(self.leaves - 1, 0, -1):
            under[t] = under[2 * t] + under[2 * t + 1]
        return under

    def _node(self, t: int) -> int:
        if t >= self.leaves:
            return self.reviewer_base + t - self.leaves
        return self.tree_base + t

    def _arc(self, tail: int, head: int, capacity: int, cost: int) -> None:
        tails, heads, capacities, costs = self.arcs
        tails.append(tail)
        heads.append(head)
        capacities.append(capacity)
        costs.append(cost)

    def _explicit(self, i: int, group: _Class, count: int) -> None:
        positions = [p for p in range(count) if p not in group.blocked_set]
        self.explicit[i] = (len(self.arcs[0]), positions)
        size = len(group.members)
        for p in positions:
            self._arc(self.class_base + i, self.reviewer_base + p, size, 0)

    def _covering(self, i: int, group: _Class, count: int) -> None:
        nodes, start = [], 0
        for stop in (*group.blocked, count):
            low, high = start + self.leaves, stop + self.leaves
            while low < high:
                if low & 1:
                    nodes.append(low)
                    low += 1
                if high & 1:
                    high -= 1
                    nodes.append(high)
                low, high = low >> 1, high >> 1
            start = stop + 1
        size, under = len(group.members), self.under
        tails, heads, capacities, costs = self.arcs
        tails.extend([self.class_base + i] * len(nodes))
        heads.extend(map(self._node, nodes))
        capacities.extend(size * under[t] for t in nodes)
        costs.extend([0] * len(nodes))

    def solve(self) -> np.ndarray:
        solver = SimpleMinCostFlow()
        tails, heads, capacities, costs = (np.array(values, dtype=np.int64) for values in self.arcs)
        solver.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
        nodes = self.tree_base + self.leaves
        supplies = np.zeros(nodes, dtype=np.int64)
        supplies[self.SOURCE], supplies[self.SINK] = self.groups.demand, -self.groups.demand
        solver.set_nodes_supplies(np.arange(nodes, dtype=np.int32), supplies)
        status = solver.solve_max_flow_with_min_cost()
        if status != SimpleMinCostFlow.OPTIMAL:
            raise RuntimeError(f"assignment flow not solved: {status.name}")
        return solver.flows(np.arange(solver.num_arcs(), dtype=np.int32))

    def loads(self, flows: np.ndarray) -> list[int]:
        """Per open reviewer, the cases the flow adds."""
        return [int(flows[first:end].sum()) for first, end, _ in self.sink_arcs]

    def overflowing(self, flows: np.ndarray) -> list[int]:
        """Reviewers charged too little: more than one unit on their shared arc."""
        return [
            p
            for p, (_, _, lump) in enumerate(self.sink_arcs)
            if lump is not None and flows[lump] > 1
        ]


def _realise(
    case_count: int,
    groups: _Groups,
    network: _Network,
    flows: np.ndarray,
    loads: list[int],
    fixed: set[int],
) -> tuple[list[list[int]], set[int]]:
    """Cases' reviewer positions carrying exactly the flow, and the classes where that failed."""
    placed: list[list[int]] = [[] for _ in range(case_count)]
    remaining = list(loads)
    for i in sorted(fixed):
        first, positions = network.explicit[i]
        amounts = flows[first : first + len(positions)].tolist()
        members = groups.classes[i].members
        units = [p for p, amount in zip(positions, amounts, strict=True) for _ in range(amount)]
        for unit, p in enumerate(units):
            placed[members[unit % len(members)]].append(p)
            remaining[p] -= 1
    queue = []
    for i, group in enumerate(groups.classes):
        if i in fixed:
            continue
        share, extra = divmod(int(flows[i]), len(group.members))
        choice = len(groups.open) - len(group.blocked)
        for rank, c in enumerate(group.members):
            if share + (rank < extra):
                queue.append((choice, -(share + (rank < extra)), c, i))
    queue.sort()
    heap = [(-amount, p) for p, amount in enumerate(remaining) if amount > 0]
    heapq.heapify(heap)
    failed: set[int] = set()
    for _choice, negative, c, i in queue:
        blocked, chosen, skipped = groups.classes[i].blocked_set, [], []
        while len(chosen) < -negative and heap:
            entry = heapq.heappop(heap)
            (skipped if entry[1] in blocked else chosen).append(entry)
        for amount, p in chosen:
            placed[c].append(p)
            remaining[p] -= 1
            if amount + 1:
                heapq.heappush(heap, (amount + 1, p))
        for entry in skipped:
            heapq.heappush(heap, entry)
        if len(chosen) < -negative:
            failed.add(i)
    return placed, failed


# --- the result -------------------------------------------------------------------------------


def _result(problem: _Problem, groups: _Groups, added: list[list[int]]) -> Assignment:
    reviewers = problem.reviewers
    load = list(problem.base)
    reviewers_of: dict[int, tuple[int, ...]] = {}
    short: dict[int, str] = {}
    for c, case in enumerate(problem.cases):
        new = added[c]
        for r in new:
            load[r] += 1
        chosen = problem.held[c].union(new)
        reviewers_of[case.id] = tuple(sorted(reviewers[r].id for r in chosen))
        if len(chosen) < problem.wanted:
            short[case.id] = _why_short(problem, groups, c, len(chosen))
    return Assignment(
        reviewers_of=reviewers_of,
        load={reviewer.id: load[r] for r, reviewer in enumerate(reviewers)},
        short=short,
    )


def _why_short(problem: _Problem, groups: _Groups, c: int, assigned: int) -> str:
    held, conflicted = problem.held[c], problem.conflicted[c]
    free = len(problem.reviewers) - len(conflicted - held)
    if free < problem.wanted:
        return _(
            "符合回避要求的专家不足：需要%(needed)d名，仅有%(available)d名无利益冲突的专家"
        ) % {
            "needed": problem.wanted,
            "available": free,
        }
    with_room = len(held) + sum(1 for r in groups.open if r not in held and r not in conflicted)
    if with_room < problem.wanted:
        return _(
            "无利益冲突的专家评审名额不足：需要%(needed)d名，仅有%(available)d名尚未达到评审上限"
        ) % {"needed": problem.wanted, "available": with_room}
    return _(
        "专家评审名额已用完：需要%(needed)d名，仅分配到%(assigned)d名，"
        "其余无利益冲突的专家已达评审上限"
    ) % {"needed": problem.wanted, "assigned": assigned}
