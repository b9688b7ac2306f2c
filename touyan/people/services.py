"""Writes to the registry. Each function is one transaction with its audit entry."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from touyan.audit.models import Verb
from touyan.audit.services import field_changes, record, snapshot
from touyan.core import freshness, identity
from touyan.core.actors import Actor
from touyan.core.steps import require
from touyan.regions.models import Region

from .models import Principal, School

SCHOOL_FIELDS = ("name", "region", "kind", "is_public", "is_rural", "is_weak")
PRINCIPAL_FIELDS = (
    "name",
    "gender",
    "birth_date",
    "id_number",
    "mobile",
    "school",
    "position",
    "title",
    "appointed_on",
    "in_service",
    "established",
)
MASKS = {"id_number": identity.mask_id_number, "mobile": identity.mask_mobile}


@transaction.atomic
def create_school(
    *,
    actor: Actor,
    name: str,
    region: Region,
    kind: str,
    is_public: bool = True,
    is_rural: bool = False,
    is_weak: bool = False,
) -> School:
    school = School(
        name=name, region=region, kind=kind, is_public=is_public, is_rural=is_rural, is_weak=is_weak
    )
    require(actor, "people.add_school")
    require(actor, "people.change_school", school)
    school.full_clean()
    school.save()
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=school,
        scope_code=school.region_id,
        changes=field_changes({}, snapshot(school, SCHOOL_FIELDS)),
    )
    return school


@transaction.atomic
def update_school(*, actor: Actor, school: School, **values) -> School:
    require(actor, "people.change_school", school)
    before = snapshot(school, SCHOOL_FIELDS)
    for field, value in values.items():
        setattr(school, field, value)
    require(actor, "people.change_school", school)  # and where it is moved to
    changes = field_changes(before, snapshot(school, SCHOOL_FIELDS))
    if changes:
        school.updated_at = timezone.now()
        school.full_clean()
        school.save()
        record(
            actor=actor,
            verb=Verb.UPDATE,
            target=school,
            scope_code=school.region_id,
            changes=changes,
        )
        freshness.touch(freshness.REGISTRY)
    return school


@dataclass
class PrincipalData:
    """A registry entry as a form or an import row gives it, already validated."""

    name: str
    gender: str
    birth_date: dt.date
    id_number: str
    school: School
    position: str
    title: str
    mobile: str = ""
    appointed_on: dt.date | None = None
    in_service: bool = True
    established: bool = True

    def apply_to(self, principal: Principal) -> None:
        principal.name = self.name
        principal.gender = self.gender
        principal.birth_date = self.birth_date
        principal.assign_id_number(self.id_number)
        principal.mobile = self.mobile
        principal.school = self.school
        principal.position = self.position
        principal.title = self.title
        principal.appointed_on = self.appointed_on
        principal.in_service = self.in_service
        principal.established = self.established


@transaction.atomic
def create_principal(*, actor: Actor, data: PrincipalData) -> Principal:
    require(actor, "people.add_principal")
    principal = Principal()
    data.apply_to(principal)
    require(actor, "people.change_principal", principal)
    principal.full_clean()
    principal.save()
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=principal,
        scope_code=principal.school.region_id,
        changes=field_changes({}, snapshot(principal, PRINCIPAL_FIELDS, masks=MASKS)),
    )
    return principal


@transaction.atomic
def update_principal(*, actor: Actor, principal: Principal, data: PrincipalData) -> Principal:
    require(actor, "people.change_principal", principal)
    before = snapshot(principal, PRINCIPAL_FIELDS, masks=MASKS)
    data.apply_to(principal)
    require(actor, "people.change_principal", principal)  # and where it is moved to
    changes = field_changes(before, snapshot(principal, PRINCIPAL_FIELDS, masks=MASKS))
    if changes:
        principal.updated_at = timezone.now()
        principal.full_clean()
        principal.save()
        record(
            actor=actor,
            verb=Verb.UPDATE,
            target=principal,
            scope_code=principal.school.region_id,
            changes=changes,
        )
        # Results kept elsewhere show names and schools (a compliance evaluation).
        freshness.touch(freshness.REGISTRY)
    return principal


@transaction.atomic
def link_account(*, actor: Actor, principal: Principal, user) -> Principal:
    """Give a principal their own sign-in: they then see their own record in full.

    Linking again to the same account changes nothing; an entry or an account that is already
    linked elsewhere is refused.
    """
    if principal.user_id == user.pk:
        return principal
    require(actor, "people.link_account", principal)
    if principal.user_id is not None or Principal.objects.filter(user=user).exists():
        raise ValueError("The principal or the account is already linked to another.")
    principal.user = user
    principal.save(update_fields=["user"])
    record(
        actor=actor,
        verb=Verb.UPDATE,
        target=principal,
        scope_code=principal.school.region_id,
        changes={"user": [None, user.get_username()]},
    )
    return principal
