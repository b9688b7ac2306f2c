"""The demo accounts: created with ``create_user``, given their roles with ``grant_role``, and
(for the principals' own accounts) linked to their registry entry. Nothing is changed for an
account that already exists as it should."""

from dataclasses import dataclass

from touyan.accounts.models import User
from touyan.accounts.services import create_user, grant_role
from touyan.core import crypto
from touyan.core.actors import Actor
from touyan.people.models import Principal
from touyan.people.services import link_account
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
            principal = Principal.objects.get(id_digest__in=crypto.digests(head.id_number))
        user = User.objects.filter(username=account.username).first()
        if user is None:
            user = create_user(
                actor=actor,
                username=account.username,
                password=DEMO_PASSWORD,
                full_name=account.full_name or (principal.name if principal else ""),
                is_superuser=account.superuser,
            )
            written.created += 1
        written.accounts += 1
        for code in account.regions:
            grant_role(
                actor=actor,
                user=user,
                role=account.role,
                region=regions[code],
                sees_personal_data=account.sees_personal_data,
            )
        if principal is not None and principal.user_id is None:
            link_account(actor=actor, principal=principal, user=user)
    return written
