"""Factories for tests: real model instances written through the ORM."""

import datetime as dt
import itertools

import factory

from touyan.accounts.models import RoleGrant, User
from touyan.core import crypto, identity
from touyan.people.enums import Position, SchoolKind, Title
from touyan.people.models import Principal, School
from touyan.regions.models import Region

_sequence = itertools.count(1)


def id_number_for(
    region_code: str, *, born: dt.date = dt.date(1975, 6, 1), male: bool = True
) -> str:
    """A fresh checksum-valid ID number; the sequence digit carries the gender."""
    n = next(_sequence) % 500
    return identity.make_id_number(region_code, born, n * 2 + (1 if male else 0))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.PostGenerationMethodCall("set_password", "secret-pass-123")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    name = factory.Sequence(lambda n: f"第{n}中学")
    region = factory.LazyFunction(lambda: Region.objects.get(code="330106"))
    kind = SchoolKind.JUNIOR


class PrincipalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Principal
        exclude = ["raw_id_number"]

    name = factory.Sequence(lambda n: f"校长{n}")
    school = factory.SubFactory(SchoolFactory)
    raw_id_number = factory.LazyAttribute(lambda o: id_number_for(o.school.region_id))
    id_number = factory.SelfAttribute("raw_id_number")
    id_digest = factory.LazyAttribute(lambda o: crypto.digest(o.raw_id_number))
    gender = factory.LazyAttribute(lambda o: identity.gender_from_id(o.raw_id_number))
    birth_date = factory.LazyAttribute(lambda o: identity.birth_date_from_id(o.raw_id_number))
    mobile = "13800138000"
    position = Position.PRINCIPAL
    title = Title.SENIOR
    appointed_on = dt.date(2018, 9, 1)


def grant(
    user: User, role: str, region_code: str, *, sees_personal_data: bool = False
) -> RoleGrant:
    return RoleGrant.objects.create(
        user=user, role=role, region_id=region_code, sees_personal_data=sees_personal_data
    )
