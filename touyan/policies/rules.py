import rules

from touyan.accounts.rules import is_superuser
from touyan.accounts.scopes import scope_of
from touyan.regions import codes
from touyan.regions.models import Region

from .models import Policy, PolicyDraft, PolicyVersion


@rules.predicate
def has_any_grant(user) -> bool:
    return bool(scope_of(user).roles)


def _jurisdiction_of(target) -> str | None:
    """The division code a policy, a draft, a region or a code stands for."""
    if target is None or isinstance(target, str):
        return target
    if isinstance(target, PolicyDraft | PolicyVersion):
        return _jurisdiction_of(target.policy)
    if isinstance(target, Policy):
        return target.jurisdiction_id
    if isinstance(target, Region):
        return target.pk
    raise TypeError(f"no jurisdiction for {target!r}")


@rules.predicate
def edits_policies(user, target=None) -> bool:
    """A superuser edits every policy; an authority admin those whose jurisdiction lies in
    their area. Without a target (the menu, a policy not written yet): whether they may edit
    any; a new policy's jurisdiction is checked when it is published."""
    scope = scope_of(user)
    if scope.everything:
        return True
    code = _jurisdiction_of(target)
    if code is None:
        return bool(scope.authority_codes)
    return any(code.startswith(codes.scope_prefix(own)) for own in scope.authority_codes)


@rules.predicate
def wrote_new_draft(user, draft) -> bool:
    """A draft of a policy not published yet belongs to its author alone."""
    return draft is not None and draft.policy_id is None and draft.created_by_id == user.pk


@rules.predicate
def is_new_draft(user, draft) -> bool:
    return draft is not None and draft.policy_id is None


@rules.predicate
def sees_a_programme_under(user, target=None) -> bool:
    """Whoever sees a programme run under this policy — its trainees, hosts and members too —
    reads the policy's versions: the public rules asked of them, linked from the programme's
    page. One query."""
    from touyan.programmes.selectors import programmes_visible_to

    if isinstance(target, PolicyVersion):
        policy_id = target.policy_id
    elif isinstance(target, Policy):
        policy_id = target.pk
    else:
        return False
    return programmes_visible_to(user).filter(policy_version__policy_id=policy_id).exists()


can_read_policies = is_superuser | has_any_grant

# Without a target (the list, the menu, the API): those with a grant; a version's page also
# whoever takes part in a programme under its policy.
rules.add_perm("policies.view_policy", can_read_policies | sees_a_programme_under)
rules.add_perm("policies.change_policy", edits_policies)
# A draft of a published policy: whoever may edit that policy; of a new one: its author (and
# superusers), while they may still edit policies at all.
rules.add_perm(
    "policies.change_draft",
    is_superuser | (edits_policies & ~is_new_draft) | (wrote_new_draft & edits_policies),
)
