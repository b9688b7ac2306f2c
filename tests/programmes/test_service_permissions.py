"""Every write service of programmes refuses whoever does not manage the programme (pages answer
404 for what the service refuses; these tests call the services directly)."""

import datetime as dt

import pytest

from tests.factories import PrincipalFactory, SchoolFactory
from tests.programmes import SYSTEM, hainan
from tests.records.programme_people import with_hainan, with_hangzhou
from tests.refusals import PROGRAMME_CAST, check_service
from touyan.policies.presets import preset_text
from touyan.policies.services import publish_policy
from touyan.programmes import services
from touyan.programmes.models import Cohort, Programme, Studio, StudioMember, Theme, Trainee

pytestmark = pytest.mark.django_db

HAINAN_CENTRE = ("superuser", "hn_admin", "hn_centre")
HANGZHOU_CENTRE = ("superuser", "hz_admin", "hz_centre")
EVERYONE = pytest.mark.parametrize("name", PROGRAMME_CAST)


@pytest.fixture
def world(cast):
    cast.hn = with_hainan(cast, members=1)
    cast.hz = with_hangzhou(cast, trainees=2)
    return cast


def newcomer(region: str):
    return PrincipalFactory(school=SchoolFactory(region_id=region))


@EVERYONE
def test_creating_a_programme(world, name):
    version = world.hn.programme.policy_version
    check_service(
        world,
        name,
        HAINAN_CENTRE,
        lambda actor: services.create_programme(
            actor=actor,
            slug="hn-2028",
            name="海南省中学卓越校长工作室（2028—2031）",
            policy_version=version,
            starts_on=dt.date(2028, 9, 1),
        ),
        Programme,
    )


@EVERYONE
def test_changing_the_policy_version(world, name):
    programme = world.hn.programme
    newer = publish_policy(
        actor=SYSTEM, text=preset_text("hainan-studios").replace("max = 12", "max = 13")
    )
    check_service(
        world,
        name,
        HAINAN_CENTRE,
        lambda actor: services.change_policy_version(
            actor=actor, programme=programme, version=newer
        ),
        lambda: Programme.objects.get(pk=programme.pk).policy_version_id,
    )


@EVERYONE
def test_setting_a_yearly_theme(world, name):
    programme = world.hn.programme
    check_service(
        world,
        name,
        HAINAN_CENTRE,
        lambda actor: services.set_theme(actor=actor, programme=programme, year=1, title="主题"),
        Theme,
    )


@EVERYONE
def test_creating_a_studio(world, name):
    programme, host = world.hn.programme, newcomer("460106")
    check_service(
        world,
        name,
        HAINAN_CENTRE,
        lambda actor: services.create_studio(actor=actor, programme=programme, host=host),
        Studio,
    )


@EVERYONE
def test_carrying_a_studio_over_to_the_next_cycle(world, name):
    studio = world.hn.studios[0]
    following = hainan(studios=0, start=dt.date(2028, 9, 1)).programme
    check_service(
        world,
        name,
        HAINAN_CENTRE,
        lambda actor: services.carry_over_studio(actor=actor, studio=studio, programme=following),
        Studio,
        StudioMember,
    )


@EVERYONE
def test_adding_a_member(world, name):
    studio, principal = world.hn.studios[0], newcomer("460106")
    check_service(
        world,
        name,
        HAINAN_CENTRE,
        lambda actor: services.add_member(
            actor=actor, studio=studio, principal=principal, joined_on=dt.date(2025, 9, 1)
        ),
        StudioMember,
    )


@EVERYONE
def test_recording_that_a_member_leaves(world, name):
    hn = world.hn
    member = StudioMember.objects.get(
        studio=hn.studios[0], principal=hn.members[hn.studios[0].pk][0]
    )
    check_service(
        world,
        name,
        HAINAN_CENTRE,
        lambda actor: services.member_leaves(
            actor=actor, member=member, left_on=dt.date(2025, 12, 1), reason="工作调动"
        ),
        lambda: StudioMember.objects.get(pk=member.pk).left_on,
    )


@EVERYONE
def test_creating_a_cohort(world, name):
    programme = world.hz.programme
    check_service(
        world,
        name,
        HANGZHOU_CENTRE,
        lambda actor: services.create_cohort(
            actor=actor,
            programme=programme,
            number=2,
            name="第二期",
            starts_on=dt.date(2026, 9, 1),
        ),
        Cohort,
    )


@EVERYONE
def test_adding_a_trainee(world, name):
    cohort, principal = world.hz.cohort, newcomer("330106")
    check_service(
        world,
        name,
        HANGZHOU_CENTRE,
        lambda actor: services.add_trainee(
            actor=actor, cohort=cohort, principal=principal, joined_on=dt.date(2026, 3, 1)
        ),
        Trainee,
    )
