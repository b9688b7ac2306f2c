"""Every write service of the registry refuses whoever may not write there (pages answer 404
for what the service refuses; these tests call the services directly)."""

import datetime as dt

import pytest

from tests.factories import UserFactory
from tests.refusals import CAST, check_service
from touyan.people import services
from touyan.people.enums import SchoolKind
from touyan.people.models import Principal, School

pytestmark = pytest.mark.django_db

# The registry of 西湖区 (330106): superusers, Hangzhou's authority and centre, 西湖区.
XIHU_REGISTRY = ("superuser", "hz_admin", "hz_centre", "xihu")
EVERYONE = pytest.mark.parametrize("name", CAST)


def data(school, **changes) -> services.PrincipalData:
    values = dict(
        name="新校长",
        gender="M",
        birth_date=dt.date(1975, 5, 1),
        id_number="110101197505010016",
        school=school,
        position="principal",
        title="senior",
    )
    return services.PrincipalData(**(values | changes))


def school_state(school):
    return lambda: School.objects.filter(pk=school.pk).values_list("name", "region_id").get()


def principal_state(principal):
    return lambda: Principal.objects.filter(pk=principal.pk).values_list("name", "school").get()


@EVERYONE
def test_adding_a_school(cast, name):
    region = cast.xihu_school.region
    check_service(
        cast,
        name,
        XIHU_REGISTRY,
        lambda actor: services.create_school(
            actor=actor, name="新学校", region=region, kind=SchoolKind.PRIMARY
        ),
        School,
    )


@EVERYONE
def test_changing_a_school(cast, name):
    school = cast.xihu_school
    check_service(
        cast,
        name,
        XIHU_REGISTRY,
        lambda actor: services.update_school(actor=actor, school=school, name="改名学校"),
        school_state(school),
    )


@EVERYONE
def test_moving_a_school_out_of_ones_area(cast, name):
    school, elsewhere = cast.xihu_school, cast.binjiang_school.region
    check_service(
        cast,
        name,
        ("superuser", "hz_admin", "hz_centre"),
        lambda actor: services.update_school(actor=actor, school=school, region=elsewhere),
        school_state(school),
    )


@EVERYONE
def test_adding_a_principal(cast, name):
    school = cast.xihu_school
    check_service(
        cast,
        name,
        XIHU_REGISTRY,
        lambda actor: services.create_principal(actor=actor, data=data(school)),
        Principal,
    )


@EVERYONE
def test_changing_a_principal(cast, name):
    principal = cast.binjiang_principal
    check_service(
        cast,
        name,
        ("superuser", "hz_admin", "hz_centre", "binjiang"),
        lambda actor: services.update_principal(
            actor=actor,
            principal=Principal.objects.get(pk=principal.pk),
            data=data(principal.school, id_number=principal.id_number, name="改名"),
        ),
        principal_state(principal),
    )


@EVERYONE
def test_linking_a_principals_own_account(cast, name):
    principal, account = cast.binjiang_principal, UserFactory(username="binjiang-principal")
    check_service(
        cast,
        name,
        ("superuser", "hz_admin"),
        lambda actor: services.link_account(actor=actor, principal=principal, user=account),
        lambda: Principal.objects.filter(user__isnull=False).count(),
    )
