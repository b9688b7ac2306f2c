"""How a user stands towards funds, read once per request from their grants: where they act as
training-centre staff or as authority admin, and the studios and cohorts whose finance contact
they are (``Role.FINANCE_CONTACT`` granted on the object)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType

from touyan.accounts.roles import Role
from touyan.accounts.scopes import grant_rows
from touyan.regions import codes

_CACHE_ATTRIBUTE = "_touyan_funding_access"


@dataclass(frozen=True)
class FundingAccess:
    everything: bool
    centre_prefixes: tuple[str, ...]
    centre_programmes: frozenset[int]
    authority_prefixes: tuple[str, ...]
    finance_studios: frozenset[int]
    finance_cohorts: frozenset[int]

    def centre_staff_of(self, programme) -> bool:
        if self.everything or programme.pk in self.centre_programmes:
            return True
        return bool(self.centre_prefixes) and programme.jurisdiction_id.startswith(
            self.centre_prefixes
        )

    def authority_of(self, programme) -> bool:
        if self.everything:
            return True
        return bool(self.authority_prefixes) and programme.jurisdiction_id.startswith(
            self.authority_prefixes
        )


NOBODY = FundingAccess(False, (), frozenset(), (), frozenset(), frozenset())


def funding_access(user) -> FundingAccess:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOBODY
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    from touyan.programmes.models import Cohort, Programme, Studio

    types = ContentType.objects.get_for_models(Programme, Studio, Cohort)
    programme_type, studio_type, cohort_type = (
        types[Programme].pk,
        types[Studio].pk,
        types[Cohort].pk,
    )
    centre, centre_programmes, authority, studios, cohorts = set(), set(), set(), set(), set()
    for grant in grant_rows(user):
        if grant.role == Role.CENTRE_STAFF:
            if grant.region_id:
                centre.add(codes.scope_prefix(grant.region_id))
            elif grant.scope_type_id == programme_type:
                centre_programmes.add(grant.scope_id)
        elif grant.role == Role.AUTHORITY_ADMIN and grant.region_id:
            authority.add(codes.scope_prefix(grant.region_id))
        elif grant.role == Role.FINANCE_CONTACT:
            if grant.scope_type_id == studio_type:
                studios.add(grant.scope_id)
            elif grant.scope_type_id == cohort_type:
                cohorts.add(grant.scope_id)
    access = FundingAccess(
        everything=user.is_superuser,
        centre_prefixes=tuple(sorted(centre)),
        centre_programmes=frozenset(centre_programmes),
        authority_prefixes=tuple(sorted(authority)),
        finance_studios=frozenset(studios),
        finance_cohorts=frozenset(cohorts),
    )
    setattr(user, _CACHE_ATTRIBUTE, access)
    return access
