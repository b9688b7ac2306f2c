"""Every write service of the library refuses whoever may not (HN-4.1.5): nothing is written,
no row, no file, no audit entry; whoever may gets it done, audited."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType

from tests.programmes import SYSTEM
from tests.records.programme_people import with_hainan, with_hangzhou
from tests.refusals import PROGRAMME_CAST, check_service
from touyan.audit.models import AuditEntry, Verb
from touyan.core.actors import Actor
from touyan.library.models import Resource, Visibility
from touyan.library.services import record_download, withdraw_resource
from touyan.records import services as records
from touyan.records.models import ResearchOutcome

from .helpers import share

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HN-4.1.5")]

HAINAN_CENTRE = ("superuser", "hn_admin", "hn_centre")
HANGZHOU_CENTRE = ("superuser", "hz_admin", "hz_centre")
EVERYONE = pytest.mark.parametrize("name", PROGRAMME_CAST)


@pytest.fixture
def world(cast):
    cast.hn = with_hainan(cast, members=1)
    cast.hz = with_hangzhou(cast, trainees=2)
    return cast


def downloads_of(resource):
    return lambda: Resource.objects.get(pk=resource.pk).downloads


@EVERYONE
def test_sharing_for_a_studio(world, name):
    hn = world.hn
    check_service(
        world,
        name,
        (*HAINAN_CENTRE, "host", "member"),
        lambda actor: share(actor, hn.programme, studio=hn.studios[0]),
        Resource,
    )


@EVERYONE
def test_sharing_for_a_programme_without_a_studio(world, name):
    hz = world.hz
    check_service(
        world,
        name,
        (*HANGZHOU_CENTRE, "trainee", "other_trainee"),
        lambda actor: share(actor, hz.programme, visibility=Visibility.PROGRAMME),
        Resource,
    )


@EVERYONE
def test_sharing_a_studio_deliverable_is_for_its_host_and_members(world, name):
    hn = world.hn
    deliverable = records.submit_deliverable(
        actor=SYSTEM,
        programme=hn.programme,
        kind="work_plan",
        title="工作室三年规划",
        studio=hn.studios[0],
        body="规划正文" * 50,
    )
    check_service(
        world,
        name,
        ("superuser", "host", "member"),
        lambda actor: share(
            actor, hn.programme, studio=hn.studios[0], title="规划", source=deliverable
        ),
        Resource,
    )


@EVERYONE
def test_sharing_a_research_outcome_is_for_the_studio_people(world, name):
    hn = world.hn
    project = records.create_project(
        actor=SYSTEM,
        programme=hn.programme,
        studio=hn.studios[0],
        leader=hn.studios[0].host,
        title="乡村学校课程建设研究",
        level="province",
        approved_on=dt.date(2025, 10, 1),
    )
    outcome = ResearchOutcome.objects.create(
        project=project,
        kind=ResearchOutcome.Kind.REPORT,
        title="乡村学校课程建设研究报告",
        achieved_on=dt.date(2026, 6, 1),
    )
    check_service(
        world,
        name,
        ("superuser", "host", "member"),
        lambda actor: share(actor, hn.programme, studio=hn.studios[0], source=outcome),
        Resource,
    )


@EVERYONE
def test_withdrawing_is_for_whoever_shared_and_the_centre(world, name):
    hn = world.hn
    resource = share(Actor(user=world.host), hn.programme, studio=hn.studios[0])
    check_service(
        world,
        name,
        (*HAINAN_CENTRE, "host"),
        lambda actor: withdraw_resource(actor=actor, resource=resource),
        Resource,
    )


@EVERYONE
def test_counting_a_download_is_for_whoever_sees_the_resource(world, name):
    hn = world.hn
    resource = share(
        Actor(user=world.host), hn.programme, studio=hn.studios[0], visibility=Visibility.STUDIO
    )
    check_service(
        world,
        name,
        (*HAINAN_CENTRE, "host", "member", "longhua"),
        lambda actor: record_download(actor=actor, resource=resource),
        downloads_of(resource),
    )


def test_sharing_is_audited_with_its_source(world):
    hn = world.hn
    resource = share(
        Actor(user=world.member),
        hn.programme,
        studio=hn.studios[0],
        title="课例：函数的图像",
        tags="初中数学、课例",
    )
    entry = AuditEntry.objects.get(
        target_type=ContentType.objects.get_for_model(Resource),
        target_id=str(resource.pk),
        verb=Verb.CREATE,
    )
    assert entry.changes["title"] == [None, "课例：函数的图像"]
    assert entry.changes["tags"] == [None, "初中数学、课例"]
    assert entry.scope_code == hn.studios[0].region_id
    assert resource.author == world.member
    pk = resource.pk
    withdraw_resource(actor=Actor(user=world.hn_centre), resource=resource)
    assert AuditEntry.objects.filter(verb=Verb.DELETE, target_id=str(pk)).exists()
