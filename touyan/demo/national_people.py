"""Who takes part in the national benchmark programmes, chosen from the synthetic registry.

The training programme takes its trainees first (the cities with the most principals, heads
and party secretaries alike, HZ-2.1); the studios then take hosts and members from the rest of
each province, so nobody is a trainee and a studio member at once. Both programmes call the
same choice with the same seed, so each can be seeded on its own and they still agree.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass

from touyan.people.enums import FULL_PRINCIPAL_POSITIONS, MIDDLE_SCHOOL_KINDS
from touyan.people.models import Principal
from touyan.regions import codes

# Members at most, a host, and one replacement when a member leaves.
SEATS_PER_STUDIO = 12 + 1 + 1


class NotEnoughPrincipals(Exception):
    pass


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    school_id: int
    school_name: str
    region_id: str
    kind: str
    position: str
    rural_or_weak: bool

    @property
    def province(self) -> str:
        return self.region_id[:2]

    @property
    def city(self) -> str:
        return codes.city_of(self.region_id)


@dataclass
class Team:
    host: Person
    members: list[Person]
    replacement: Person | None  # joins when one of the members leaves


def load_registry() -> list[Person]:
    rows = Principal.objects.order_by("pk").values_list(
        "pk",
        "name",
        "school_id",
        "school__name",
        "school__region_id",
        "school__kind",
        "position",
        "school__is_rural",
        "school__is_weak",
    )
    return [
        Person(pk, name, school, school_name, region, kind, position, rural or weak)
        for pk, name, school, school_name, region, kind, position, rural, weak in rows
    ]


def trainees_by_city(
    people: list[Person], *, cities: int, per_city: int, seed: int
) -> dict[str, list[Person]]:
    """``per_city`` principals of each of the ``cities`` cities with the most principals."""
    if cities == 0:
        return {}
    rng = random.Random(seed)
    by_city: dict[str, list[Person]] = defaultdict(list)
    for person in people:
        by_city[person.city].append(person)
    ranked = sorted(by_city, key=lambda code: (-len(by_city[code]), code))[:cities]
    if len(ranked) < cities or len(by_city[ranked[-1]]) < per_city:
        raise NotEnoughPrincipals(
            f"登记册中没有 {cities} 个各有 {per_city} 名校长的城市，请先生成更多校长"
        )
    return {code: rng.sample(by_city[code], per_city) for code in sorted(ranked)}


def studio_teams(
    people: list[Person], *, studios: int, reserved: set[int], seed: int
) -> list[Team]:
    """``studios`` teams: a host (a middle-school head where the province has enough) and
    10–12 members from the host's province, spread over provinces by their number of
    principals. Sorted by province and county, so neighbouring teams are often neighbours."""
    rng = random.Random(seed)
    pools: dict[str, list[Person]] = defaultdict(list)
    for person in people:
        if person.id not in reserved:
            pools[person.province].append(person)
    quotas = _quotas({p: len(pool) for p, pool in pools.items()}, studios)
    teams = []
    for province in sorted(quotas):
        pool = pools[province]
        rng.shuffle(pool)
        heads = [p for p in pool if p.position in FULL_PRINCIPAL_POSITIONS]
        middle = [p for p in heads if p.kind in MIDDLE_SCHOOL_KINDS]
        order = middle + [p for p in heads if p.kind not in MIDDLE_SCHOOL_KINDS]
        hosts = (order + [p for p in pool if p.position not in FULL_PRINCIPAL_POSITIONS])[
            : quotas[province]
        ]
        taken = {host.id for host in hosts}
        rest = [p for p in pool if p.id not in taken]
        for host in hosts:
            size = rng.randint(10, 12)
            churn = rng.random() < 0.05
            members, rest = rest[:size], rest[size:]
            replacement = None
            if churn:
                replacement, rest = rest[0], rest[1:]
            teams.append(Team(host, members, replacement))
    teams.sort(key=lambda team: (team.host.region_id, team.host.id))
    return teams


def _quotas(sizes: dict[str, int], studios: int) -> dict[str, int]:
    """Studios per province, proportional to its principals (largest remainder), never more
    than its principals can staff."""
    capacity = {p: size // SEATS_PER_STUDIO for p, size in sizes.items()}
    if sum(capacity.values()) < studios:
        raise NotEnoughPrincipals(
            f"登记册中的校长只够组建 {sum(capacity.values())} 个工作室（需要 {studios} 个），"
            "请先生成更多校长"
        )
    total = sum(sizes.values())
    shares = {p: studios * size / total for p, size in sizes.items()}
    quotas = {p: min(int(share), capacity[p]) for p, share in shares.items()}
    by_remainder = sorted(sizes, key=lambda p: (-(shares[p] - int(shares[p])), p))
    while sum(quotas.values()) < studios:
        for province in by_remainder:
            if sum(quotas.values()) == studios:
                break
            if quotas[province] < capacity[province]:
                quotas[province] += 1
    return {p: quota for p, quota in quotas.items() if quota}
