import rules

from touyan.accounts.rules import is_jurisdiction_staff, is_superuser, manages_accounts
from touyan.accounts.scopes import scope_of


@rules.predicate
def sees_school(user, school) -> bool:
    from .selectors import schools_visible_to

    return school is not None and schools_visible_to(user).filter(pk=school.pk).exists()


@rules.predicate
def sees_principal(user, principal) -> bool:
    from .selectors import principals_visible_to

    return principal is not None and principals_visible_to(user).filter(pk=principal.pk).exists()


# For a school or a principal as it is about to be written (a new one, or one moved to another
# school): it lies in the user's area.
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


@rules.predicate
def links_account_of(user, principal) -> bool:
    from touyan.accounts.selectors import principals_linkable_by

    return principal is not None and principals_linkable_by(user).filter(pk=principal.pk).exists()


can_manage_registry = is_superuser | is_jurisdiction_staff

rules.add_perm("people.view_registry", can_manage_registry)
rules.add_perm("people.import_roster", can_manage_registry)
rules.add_perm("people.export_roster", can_manage_registry)
rules.add_perm("people.add_school", can_manage_registry)
rules.add_perm("people.view_school", sees_school)
rules.add_perm("people.change_school", can_manage_registry & school_in_scope)
rules.add_perm("people.add_principal", can_manage_registry)
rules.add_perm("people.view_principal", sees_principal)
rules.add_perm("people.change_principal", can_manage_registry & principal_in_scope)
rules.add_perm("people.view_personal_data", sees_personal_data | is_own_record)
rules.add_perm("people.ask_personal_data_in_full", holds_personal_data_right)
# A principal's own sign-in: given by an admin whose area holds them, once.
rules.add_perm("people.link_account", manages_accounts & links_account_of)
