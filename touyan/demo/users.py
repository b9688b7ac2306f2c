"""The demo accounts: created with ``create_user``, given their roles with ``grant_role``, and
(for the principals' own accounts) linked to their registry entry. Nothing is changed for an
account that already exists as it should."""

from dataclasses import dataclass

from django.db import transaction

from touyan.accounts.models import User
from touyan.accounts.services import create_user, grant_role
from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core import crypto
from touyan.core.actors import Actor
from touyan.people.models import Principal
from touyan.regions.models import Region

from .accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from .specs import LeaderSpec


@dataclass
class AccountsWritten:
    accounts: int = 0
    created: int = 0


def ensure_demo_users(*, actor: Actor, heads: dict[tuple[str, str], LeaderSpec]) -> AccountsWritten:
    """``heads`` maps (county code, school name) to the head drawn for that school."""
    regions = Region.objects.in_bulk(
        {code for account in DEMO_ACCOUNTS for code in account.regions}
    )
    written = AccountsWritten()
    for account in DEMO_ACCOUNTS:
        principal = None
        if account.principal_school is not None:
            head = heads[account.principal_school]
            principal = Principal.objects.get(id_digest=crypto.digest(head.id_number))
        user = User.objects.filter(username=account.username).first()
        if user is None:
            user = create_user(
                actor=actor,
                username=account.username,
                password=DEMO_PASSWORD,
                full_name=account.full_name or (principal.name if principal else ""),
            )
            written.created += 1
        written.accounts += 1
        if account.superuser:
            _make_superuser(actor=actor, user=user)
        for code in account.regions:
            grant_role(
                actor=actor,
                user=user,
                role=account.role,
                region=regions[code],
                sees_personal_data=account.sees_personal_data,
            )
        if principal is not None:
            _link(actor=actor, principal=principal, user=user)
    return written


@transaction.atomic
def _make_superuser(*, actor: Actor, user: User) -> None:
    # accounts.services has no service for this yet; the change is audited here the same way.
    if user.is_superuser and user.is_staff:
        return
    changes = {"is_superuser": [user.is_superuser, True], "is_staff": [user.is_staff, True]}
    user.is_superuser = user.is_staff = True
    user.save(update_fields=["is_superuser", "is_staff"])
    record(actor=actor, verb=Verb.UPDATE, target=user, changes=changes)


@transaction.atomic
def _link(*, actor: Actor, principal: Principal, user: User) -> None:
    # people.services has no service for linking an account to a registry entry yet.
    if principal.user_id is not None:
        return  # already linked (to this account, or deliberately to another): leave it alone
    if Principal.objects.filter(user=user).exists():
        return  # the account already belongs to someone else's entry: leave it alone
    principal.user = user
    principal.save(update_fields=["user"])
    record(
        actor=actor,
        verb=Verb.UPDATE,
        target=principal,
        scope_code=principal.school.region_id,
        changes={"user": [None, user.get_username()]},
    )
