"""What part of the division tree a user acts in, read once per request from their grants."""

from dataclasses import dataclass

from touyan.regions import codes

from .roles import JURISDICTION_ROLES

_CACHE_ATTRIBUTE = "_touyan_scope"


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
    roles, registry, personal, region_codes = set(), set(), set(), set()
    for role, region_id, sees in user.grants.values_list("role", "region_id", "sees_personal_data"):
        roles.add(role)
        if region_id and role in JURISDICTION_ROLES:
            region_codes.add(region_id)
            prefix = codes.scope_prefix(region_id)
            registry.add(prefix)
            if sees:
                personal.add(prefix)
    scope = Scope(
        roles=frozenset(roles),
        registry_prefixes=tuple(sorted(registry)),
        personal_data_prefixes=tuple(sorted(personal)),
        everything=user.is_superuser,
        region_codes=tuple(sorted(region_codes)),
    )
    setattr(user, _CACHE_ATTRIBUTE, scope)
    return scope


def forget_scope(user) -> None:
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)
