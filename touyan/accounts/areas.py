"""Who may give which grant where: the rules of account management, as pure functions of the
acting user's ``Scope`` and division codes.

* An authority admin manages the accounts of their own area (the divisions inside the region
  of their authority-admin grant); a superuser manages every area.
* Any role may be granted inside that area, except that an authority-admin grant is given only
  from a higher level: a province's admin grants it for a city or county, a city's admin for a
  county, and only a superuser grants it for a province.
* The personal-data right is given only by someone who holds it for that area.
* Nobody manages their own account or grants (checked by the predicates in ``rules.py``).
"""

from touyan.regions import codes

from .roles import JURISDICTION_ROLES, Role
from .scopes import Scope


def manages_place(scope: Scope, region_code: str) -> bool:
    if scope.everything:
        return True
    return bool(region_code) and any(codes.contains(c, region_code) for c in scope.authority_codes)


def may_grant(scope: Scope, role: str, region_code: str) -> bool:
    if scope.everything:
        return True
    if not region_code:
        return False
    for code in scope.authority_codes:
        if not codes.contains(code, region_code):
            continue
        if role != Role.AUTHORITY_ADMIN or codes.level_of(region_code) > codes.level_of(code):
            return True
    return False


def may_give_personal_data(scope: Scope, role: str, region_code: str) -> bool:
    """Only jurisdiction grants carry the right (``scopes.scope_of`` reads it from them)."""
    return (
        role in JURISDICTION_ROLES
        and may_grant(scope, role, region_code)
        and scope.sees_personal_data_of(region_code)
    )


def area_prefixes(scope: Scope) -> list[str]:
    return sorted({codes.scope_prefix(code) for code in scope.authority_codes})
