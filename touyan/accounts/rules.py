"""Role predicates shared by every domain's rules."""

import rules

from .roles import Role
from .scopes import scope_of


def has_role(*roles: str) -> rules.Predicate:
    @rules.predicate(name="has_role:" + "|".join(roles))
    def predicate(user) -> bool:
        return scope_of(user).has(*roles)

    return predicate


is_superuser = rules.is_superuser
is_authority_admin = has_role(Role.AUTHORITY_ADMIN)
is_centre_staff = has_role(Role.CENTRE_STAFF)
is_district_officer = has_role(Role.DISTRICT_OFFICER)
is_jurisdiction_staff = has_role(Role.AUTHORITY_ADMIN, Role.CENTRE_STAFF, Role.DISTRICT_OFFICER)
