"""A large synthetic national registry for benchmarks (``touyan seed --scale national``).

The shipped division table has only province-level rows for most provinces, so synthetic
cities (codes ``PP51 00``–``PP58 00``, named 第1市…) and counties (``PP51 01``…, named 第1县…)
are added under each of the 31 mainland provinces. City numbers 51–58 are not used by
GB/T 2260, so the synthetic rows never collide with real ones.

Principals are written exactly as a roster import writes them (``plan_rows`` + ``apply_plan``),
in batches; the rows come from a fixed seed, so a second run finds every row unchanged.
"""

import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from touyan.accounts.scopes import Scope
from touyan.core.actors import Actor
from touyan.people.enums import SchoolKind
from touyan.people.roster.importer import apply_plan, plan_rows
from touyan.people.roster.rows import RosterRow
from touyan.regions.models import Level, Region

from .leaders import LeaderMaker
from .names import NATIONAL_SURNAMES

SEED = 20260100
DEFAULT_PRINCIPALS = 100_000
BATCH_SIZE = 20_000
NOT_MAINLAND = frozenset({"710000", "810000", "820000"})  # 台湾、香港、澳门
CITY_NUMBERS = range(51, 59)
COUNTIES_PER_CITY = 12
EVERYTHING = Scope(
    roles=frozenset(), registry_prefixes=(), personal_data_prefixes=(), everything=True
)

KINDS = (
    (SchoolKind.PRIMARY, "小学", 42),
    (SchoolKind.KINDERGARTEN, "幼儿园", 22),
    (SchoolKind.JUNIOR, "初级中学", 18),
    (SchoolKind.SENIOR, "高级中学", 6),
    (SchoolKind.COMPLETE, "中学", 4),
    (SchoolKind.NINE_YEAR, "九年一贯制学校", 6),
    (SchoolKind.TWELVE_YEAR, "实验学校", 2),
)


@dataclass
class BatchResult:
    number: int
    rows: int
    principals_created: int
    schools_created: int
    seconds: float


@dataclass
class SeedResult:
    regions_created: int = 0
    counties: int = 0
    batches: list[BatchResult] = field(default_factory=list)

    @property
    def principals_created(self) -> int:
        return sum(batch.principals_created for batch in self.batches)

    @property
    def schools_created(self) -> int:
        return sum(batch.schools_created for batch in self.batches)

    @property
    def rows(self) -> int:
        return sum(batch.rows for batch in self.batches)


def mainland_provinces() -> list[Region]:
    return list(Region.objects.filter(level=Level.PROVINCE).exclude(code__in=NOT_MAINLAND))


def synthetic_regions(provinces: list[Region]) -> tuple[list[Region], list[Region]]:
    """The synthetic cities and counties (unsaved), in code order."""
    cities, counties = [], []
    for province in provinces:
        prefix = province.code[:2]
        for city_index, city_number in enumerate(CITY_NUMBERS, start=1):
            city_code = f"{prefix}{city_number:02d}00"
            cities.append(
                Region(
                    code=city_code,
                    name=f"第{city_index}市",
                    level=Level.CITY,
                    parent_id=province.code,
                )
            )
            for county_number in range(1, COUNTIES_PER_CITY + 1):
                code = f"{prefix}{city_number:02d}{county_number:02d}"
                counties.append(
                    Region(
                        code=code,
                        name=f"第{county_number}县",
                        level=Level.COUNTY,
                        parent_id=city_code,
                    )
                )
    return cities, counties


def ensure_synthetic_regions() -> tuple[list[Region], int]:
    """Add the synthetic cities and counties that are missing; returns (counties, how many added)."""
    cities, counties = synthetic_regions(mainland_provinces())
    existing = set(
        Region.objects.filter(code__in=[r.code for r in (*cities, *counties)]).values_list(
            "code", flat=True
        )
    )
    created = 0
    for rows in (cities, counties):  # parents first
        missing = [region for region in rows if region.code not in existing]
        Region.objects.bulk_create(missing, batch_size=1000)
        created += len(missing)
    return counties, created


def national_rows(
    rng: random.Random, counties: list[Region], principals: int
) -> Iterator[RosterRow]:
    """``principals`` roster rows: school by school, a head and often a party secretary."""
    maker = LeaderMaker(rng, NATIONAL_SURNAMES)
    kinds = [(kind, suffix) for kind, suffix, _weight in KINDS]
    weights = [weight for _kind, _suffix, weight in KINDS]
    numbering: dict[tuple[str, str], int] = {}
    produced = 0
    while produced < principals:
        county = rng.choice(counties)
        kind, suffix = rng.choices(kinds, weights=weights)[0]
        number = numbering.get((county.code, suffix), 0) + 1
        numbering[(county.code, suffix)] = number
        rural = rng.random() < 0.4
        school = {
            "school_name": f"{county.name}第{number}{suffix}",
            "region_code": county.code,
            "kind": kind,
            "is_public": rng.random() < (0.7 if kind == SchoolKind.KINDERGARTEN else 0.93),
            "is_rural": rural,
            "is_weak": rng.random() < (0.2 if rural else 0.05),
        }
        with_secretary = rng.random() < 0.45
        leaders = [maker.head(region_code=county.code, kind=kind, with_secretary=with_secretary)]
        if with_secretary:
            leaders.append(maker.secretary(region_code=county.code, kind=kind))
        for leader in leaders:
            if produced == principals:
                return
            produced += 1
            yield RosterRow(
                number=produced,
                name=leader.name,
                gender=leader.gender,
                birth_date=leader.birth_date,
                id_number=leader.id_number,
                position=leader.position,
                mobile=leader.mobile,
                title=leader.title,
                appointed_on=leader.appointed_on,
                appointed_given=True,
                in_service=True,
                established=True,
                **school,
            )


def _batches(rows: Iterator[RosterRow], size: int) -> Iterator[list[RosterRow]]:
    batch: list[RosterRow] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def seed_national(
    *,
    principals: int = DEFAULT_PRINCIPALS,
    batch_size: int = BATCH_SIZE,
    seed: int = SEED,
    progress: Callable[[BatchResult], None] | None = None,
) -> SeedResult:
    result = SeedResult()
    counties, result.regions_created = ensure_synthetic_regions()
    result.counties = len(counties)
    actor = Actor.command_line()
    rows = national_rows(random.Random(seed), counties, principals)
    for number, batch in enumerate(_batches(rows, batch_size), start=1):
        started = time.perf_counter()
        plan = plan_rows(batch, scope=EVERYTHING)
        written = {"principals_created": 0, "schools_created": 0}
        if plan.has_changes:
            written = apply_plan(
                plan, actor=actor, skip_invalid=False, note="seed --scale national"
            )
        outcome = BatchResult(
            number=number,
            rows=len(batch),
            principals_created=written["principals_created"],
            schools_created=written["schools_created"],
            seconds=time.perf_counter() - started,
        )
        result.batches.append(outcome)
        if progress is not None:
            progress(outcome)
    return result
