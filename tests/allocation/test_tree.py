"""Each distance class of the hub tree reaches exactly the studios of that class."""

import itertools
import random

from touyan.allocation.costs import Distance, distance_between
from touyan.allocation.tree import build_tree

from .instances import MEDIUM_REGIONS


def reachable(arcs: dict[int, list[int]], start: int) -> set[int]:
    seen, stack = set(), [start]
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            stack.extend(arcs.get(node, []))
    return seen


def check_classes(rng: random.Random) -> None:
    regions = [rng.choice(MEDIUM_REGIONS) for _ in range(rng.randint(1, 25))]
    arcs: dict[int, list[int]] = {}
    hubs = itertools.count(len(regions))  # studio i is node i; hubs come after
    tree = build_tree(
        studios=[(index, region, index) for index, region in enumerate(regions)],
        add_arc=lambda tail, head: arcs.setdefault(tail, []).append(head),
        new_node=lambda: next(hubs),
    )
    home = rng.choice(MEDIUM_REGIONS)
    excluded = frozenset(rng.sample(range(len(regions)), rng.randint(0, min(3, len(regions)))))
    found: dict[Distance, set[int]] = {}
    for distance, nodes in tree.classes(region=home, excluded=excluded):
        found[distance] = set().union(*(reachable(arcs, node) for node in nodes)) & set(
            range(len(regions))
        )
    for distance in Distance:
        expected = {
            index
            for index, region in enumerate(regions)
            if distance_between(home, region) is distance and index not in excluded
        }
        assert found.get(distance, set()) == expected, (home, regions, excluded, distance)


def test_classes_partition_the_studios_by_distance_with_exclusions_left_out():
    rng = random.Random(5)
    for _ in range(300):
        check_classes(rng)
