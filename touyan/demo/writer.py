"""Writing school specs through the registry services, adding only what is missing.

Schools are matched by (county, name) and principals by their ID number's digest, so writing
the same specs again creates nothing and leaves no audit entry. Existing rows are never changed.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from touyan.core import crypto
from touyan.core.actors import Actor
from touyan.people import services
from touyan.people.models import Principal, School
from touyan.regions.models import Region

from .specs import LeaderSpec, SchoolSpec

CHUNK = 500


@dataclass
class Written:
    schools: int = 0
    schools_created: int = 0
    principals: int = 0
    principals_created: int = 0


def write_schools(specs: list[SchoolSpec], *, actor: Actor) -> Written:
    regions = Region.objects.in_bulk({spec.region_code for spec in specs})
    existing = {
        (school.region_id, school.name): school
        for school in School.objects.filter(region_id__in=list(regions))
    }
    digests = {
        leader.id_number: crypto.digests(leader.id_number)
        for spec in specs
        for leader in spec.leaders
    }
    known = _known_digests(d for all_keys in digests.values() for d in all_keys)
    written = Written()
    for spec in specs:
        school = existing.get(spec.key)
        if school is None:
            school = services.create_school(
                actor=actor,
                name=spec.name,
                region=regions[spec.region_code],
                kind=spec.kind,
                is_public=spec.is_public,
                is_rural=spec.is_rural,
                is_weak=spec.is_weak,
            )
            written.schools_created += 1
        written.schools += 1
        for leader in spec.leaders:
            written.principals += 1
            if not known.isdisjoint(digests[leader.id_number]):
                continue
            services.create_principal(actor=actor, data=_principal_data(leader, school))
            written.principals_created += 1
    return written


def _principal_data(leader: LeaderSpec, school: School) -> services.PrincipalData:
    return services.PrincipalData(
        name=leader.name,
        gender=leader.gender,
        birth_date=leader.birth_date,
        id_number=leader.id_number,
        school=school,
        position=leader.position,
        title=leader.title,
        mobile=leader.mobile,
        appointed_on=leader.appointed_on,
    )


def _known_digests(digests: Iterable[str]) -> set[str]:
    wanted = list(digests)
    known: set[str] = set()
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        known.update(
            Principal.objects.filter(id_digest__in=chunk).values_list("id_digest", flat=True)
        )
    return known
