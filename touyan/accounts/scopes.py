"""What part of the division tree a user acts in, read once per request from their grants."""

from dataclasses import dataclass

from touyan.regions import codes

from .roles import JURISDICTION_ROLES, Role

_CACHE_ATTRIBUTE = "_touyan_scope"
_GRANTS_ATTRIBUTE = "_touyan_grant_rows"


@dataclass(frozen=True)
class GrantRow:
    role: str
    region_id: str | None
    sees_personal_data: bool
    scope_type_id: int | None
    scope_id: int | None


def grant_rows(user) -> list[GrantRow]:
    """The user's grants, read once per request for every question asked of them."""
    cached = getattr(user, _GRANTS_ATTRIBUTE, None)
    if cached is None:
        cached = [
            GrantRow(*row)
            for row in user.grants.values_list(
                "role", "region_id", "sees_personal_data", "scope_type_id", "scope_id"
            )
        ]
        setattr(user, _GRANTS_ATTRIBUTE, cached)
    return cached


@dataclass(frozen=True)
class Scope:
    roles: frozenset[str]
    # Region prefixes inside which the user may see the registry (schools, principals).
    registry_prefixes: tuple[str, ...]
    # Region prefixes inside which they may also see full ID and mobile numbers.
    personal_data_prefixes: tuple[str, ...]
    everything: bool = False
    # The division codes of the user's jurisdiction grants, e.g. ("330106",).
    region_codes: tuple[str, ...] = ()
    # The division codes where the user is an authority admin (whose accounts they manage).
    authority_codes: tuple[str, ...] = ()

    def covers(self, region_code: str) -> bool:
        if self.everything:
            return True
        return bool(self.registry_prefixes) and region_code.startswith(self.registry_prefixes)

    def sees_personal_data_of(self, region_code: str) -> bool:
        if self.everything:
            return True
        return bool(self.personal_data_prefixes) and region_code.startswith(
            self.personal_data_prefixes
        )

    def has(self, *roles: str) -> bool:
        return not self.roles.isdisjoint(roles)


EMPTY = Scope(roles=frozenset(), registry_prefixes=(), personal_data_prefixes=())
# For the command line and system jobs, which act on the whole registry.
UNLIMITED = Scope(
    roles=frozenset(), registry_prefixes=(), personal_data_prefixes=(), everything=True
)


def scope_of(user) -> Scope:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return EMPTY
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    roles, registry, personal, region_codes, authority = set(), set(), set(), set(), set()
    for grant in grant_rows(user):
        role, region_id, sees = grant.role, grant.region_id, grant.sees_personal_data
        roles.add(role)
        if region_id and role in JURISDICTION_ROLES:
            region_codes.add(region_id)
            prefix = codes.scope_prefix(region_id)
            registry.add(prefix)
            if sees:
                personal.add(prefix)
            if role == Role.AUTHORITY_ADMIN:
                authority.add(region_id)
    scope = Scope(
        roles=frozenset(roles),
        registry_prefixes=tuple(sorted(registry)),
        personal_data_prefixes=tuple(sorted(personal)),
        everything=user.is_superuser,
        region_codes=tuple(sorted(region_codes)),
        authority_codes=tuple(sorted(authority)),
    )
    setattr(user, _CACHE_ATTRIBUTE, scope)
    return scope


def forget_scope(user) -> None:
    for attribute in (_CACHE_ATTRIBUTE, _GRANTS_ATTRIBUTE):
        if hasattr(user, attribute):
            delattr(user, attribute)
