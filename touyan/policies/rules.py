import rules

from touyan.accounts.rules import is_superuser
from touyan.accounts.scopes import scope_of


@rules.predicate
def has_any_grant(user) -> bool:
    return bool(scope_of(user).roles)


can_read_policies = is_superuser | has_any_grant

rules.add_perm("policies.view_policy", can_read_policies)
