import rules

from touyan.accounts.rules import is_jurisdiction_staff, is_superuser
from touyan.accounts.scopes import scope_of


@rules.predicate
def school_in_scope(user, school) -> bool:
    return school is not None and scope_of(user).covers(school.region_id)


@rules.predicate
def principal_in_scope(user, principal) -> bool:
    return principal is not None and scope_of(user).covers(principal.school.region_id)


@rules.predicate
def is_own_record(user, principal) -> bool:
    return principal is not None and principal.user_id is not None and principal.user_id == user.pk


@rules.predicate
def sees_personal_data(user, principal) -> bool:
    if principal is None:
        return False
    return scope_of(user).sees_personal_data_of(principal.school.region_id)


@rules.predicate
def holds_personal_data_right(user) -> bool:
    """The right to see full numbers somewhere in the registry (offering the option)."""
    scope = scope_of(user)
    return scope.everything or bool(scope.personal_data_prefixes)


can_manage_registry = is_superuser | is_jurisdiction_staff

rules.add_perm("people.view_registry", can_manage_registry)
rules.add_perm("people.import_roster", can_manage_registry)
rules.add_perm("people.export_roster", can_manage_registry)
rules.add_perm("people.add_school", can_manage_registry)
rules.add_perm("people.view_school", school_in_scope)
rules.add_perm("people.change_school", can_manage_registry & school_in_scope)
rules.add_perm("people.add_principal", can_manage_registry)
rules.add_perm("people.view_principal", principal_in_scope | is_own_record)
rules.add_perm("people.change_principal", can_manage_registry & principal_in_scope)
rules.add_perm("people.view_personal_data", sees_personal_data | is_own_record)
rules.add_perm("people.ask_personal_data_in_full", holds_personal_data_right)
