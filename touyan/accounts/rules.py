"""Role predicates shared by every domain's rules, and the permissions of account management."""

from dataclasses import dataclass

import rules

from .areas import manages_place, may_give_personal_data, may_grant
from .roles import Role
from .scopes import scope_of
from .selectors import footprint_of, grant_place, users_visible_to


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


# Account management: who manages which accounts and grants (the rules are in ``areas.py``).


@dataclass(frozen=True)
class Proposal:
    """A grant not given yet: the object the ``accounts.add_grant`` permission is asked about."""

    user: object
    role: str
    place: str


def _is_self(user, account) -> bool:
    return account is not None and getattr(account, "pk", None) == user.pk


@rules.predicate
def manages_accounts(user) -> bool:
    scope = scope_of(user)
    return scope.everything or bool(scope.authority_codes)


@rules.predicate
def manages_account(user, account) -> bool:
    """The account lies wholly inside the user's area and holds no authority-admin grant the
    user could not have given (no peer or superior); never one's own."""
    if account is None or _is_self(user, account):
        return False
    scope = scope_of(user)
    if scope.everything:
        return True
    if account.is_superuser:
        return False
    footprint = footprint_of(account)
    return (
        bool(footprint.places)
        and all(manages_place(scope, place) for place in footprint.places)
        and all(may_grant(scope, Role.AUTHORITY_ADMIN, code) for code in footprint.authority_codes)
    )


@rules.predicate
def sees_account(user, account) -> bool:
    return account is not None and users_visible_to(user).filter(pk=account.pk).exists()


@rules.predicate
def may_add_grant(user, proposal) -> bool:
    if proposal is None or _is_self(user, proposal.user):
        return False
    return sees_account(user, proposal.user) and may_grant(
        scope_of(user), proposal.role, proposal.place
    )


@rules.predicate
def manages_grant(user, grant) -> bool:
    if grant is None or grant.user_id == user.pk:
        return False
    return may_grant(scope_of(user), grant.role, grant_place(grant))


@rules.predicate
def gives_personal_data(user, grant) -> bool:
    return (
        grant is not None
        and grant.region_id is not None
        and may_give_personal_data(scope_of(user), grant.role, grant.region_id)
    )


rules.add_perm("accounts.manage_accounts", manages_accounts)
rules.add_perm("accounts.view_account", manages_accounts & sees_account)
rules.add_perm("accounts.add_account", manages_accounts)
rules.add_perm("accounts.change_account", manages_accounts & manages_account)
rules.add_perm("accounts.add_grant", manages_accounts & may_add_grant)
rules.add_perm("accounts.change_grant", manages_accounts & manages_grant)
rules.add_perm(
    "accounts.give_personal_data", manages_accounts & manages_grant & gives_personal_data
)


@rules.predicate
def is_other_account(user, account) -> bool:
    return account is not None and not _is_self(user, account)


rules.add_perm("accounts.grant_to_account", manages_accounts & sees_account & is_other_account)
