"""What the demo builders produce: plain, immutable descriptions of schools and their leaders.

Builders only compute these (from a seeded random generator, touching no database), so the
same seed always describes the same registry; ``writer`` then adds whatever is missing.
"""

import datetime as dt
from dataclasses import dataclass

from touyan.people.enums import FULL_PRINCIPAL_POSITIONS


@dataclass(frozen=True)
class LeaderSpec:
    name: str
    gender: str
    birth_date: dt.date
    id_number: str
    mobile: str
    position: str
    title: str
    appointed_on: dt.date

    @property
    def is_head(self) -> bool:
        return self.position in FULL_PRINCIPAL_POSITIONS


@dataclass(frozen=True)
class SchoolSpec:
    region_code: str
    name: str
    kind: str
    is_public: bool = True
    is_rural: bool = False
    is_weak: bool = False
    leaders: tuple[LeaderSpec, ...] = ()

    @property
    def key(self) -> tuple[str, str]:
        return self.region_code, self.name

    @property
    def head(self) -> LeaderSpec:
        return next(leader for leader in self.leaders if leader.is_head)


@dataclass(frozen=True)
class SchoolDraft:
    """A school before its leaders are drawn: what a builder decides from names and places."""

    region_code: str
    name: str
    kind: str
    is_public: bool = True
    is_rural: bool = False
    famous: bool = False


@dataclass(frozen=True)
class Famous:
    """A real, well-known school that the demo names as it is."""

    name: str
    kind: str
    is_public: bool = True
