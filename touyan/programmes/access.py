"""How a user stands towards programmes, read once per request from their grants and their own
registry record. Selectors and rules predicates both read this; nothing else decides access."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType

from touyan.accounts.roles import Role
from touyan.accounts.scopes import grant_rows, scope_of
from touyan.regions import codes

_CACHE_ATTRIBUTE = "_touyan_programme_access"
MANAGING_ROLES = frozenset({Role.AUTHORITY_ADMIN, Role.CENTRE_STAFF})


@dataclass(frozen=True)
class ProgrammeAccess:
    everything: bool
    # Region prefixes where the user runs programmes (authority admin, centre staff).
    managed_prefixes: tuple[str, ...]
    # Programmes granted to the user as objects, by role.
    managed_programmes: frozenset[int]
    viewed_programmes: frozenset[int]
    # District officers: the districts whose participants they follow.
    district_codes: tuple[str, ...]
    # The user's own registry record, if any (hosts, members, trainees).
    principal_id: int | None

    def manages(self, programme) -> bool:
        if self.everything or programme.pk in self.managed_programmes:
            return True
        return bool(self.managed_prefixes) and programme.jurisdiction_id.startswith(
            self.managed_prefixes
        )

    def follows_district_of(self, programme) -> bool:
        prefix = codes.scope_prefix(programme.jurisdiction_id)
        return any(code.startswith(prefix) for code in self.district_codes)


NOBODY = ProgrammeAccess(False, (), frozenset(), frozenset(), (), None)


def access_of(user) -> ProgrammeAccess:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOBODY
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    from touyan.people.models import Principal

    from .models import Programme

    programme_type = ContentType.objects.get_for_model(Programme)
    managed_prefixes, managed, viewed, districts = set(), set(), set(), set()
    for grant in grant_rows(user):
        role, region_id = grant.role, grant.region_id
        scope_type_id, scope_id = grant.scope_type_id, grant.scope_id
        if region_id and role in MANAGING_ROLES:
            managed_prefixes.add(codes.scope_prefix(region_id))
        elif region_id and role == Role.DISTRICT_OFFICER:
            districts.add(region_id)
        elif scope_type_id == programme_type.pk:
            (managed if role in MANAGING_ROLES else viewed).add(scope_id)
    principal_id = Principal.objects.filter(user=user).values_list("pk", flat=True).first()
    access = ProgrammeAccess(
        everything=scope_of(user).everything,
        managed_prefixes=tuple(sorted(managed_prefixes)),
        managed_programmes=frozenset(managed),
        viewed_programmes=frozenset(viewed),
        district_codes=tuple(sorted(districts)),
        principal_id=principal_id,
    )
    setattr(user, _CACHE_ATTRIBUTE, access)
    return access
