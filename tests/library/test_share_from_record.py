"""A deliverable, a research outcome or a published post of the studio's site becomes a resource in one step (HN-4.1.5): its owners
find 分享到资源库 on its page, the form comes filled in from it, and one POST shares it —
its file copied, the source kept."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.access import ALLOWED, NOT_FOUND, check_access
from tests.files import pdf_bytes
from tests.programmes import SYSTEM
from tests.publishing.helpers import draft, published
from tests.records.programme_people import matrix, with_hainan, with_hangzhou
from touyan.library.models import Kind, Resource, Visibility
from touyan.library.selectors import resources_visible_to
from touyan.records import services as records
from touyan.records.models import ResearchOutcome

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HN-4.1.5")]

PLAN = pdf_bytes("studio work plan")


@pytest.fixture
def world(cast):
    cast.hn = with_hainan(cast, members=1)
    return cast


@pytest.fixture
def plan(world):
    hn = world.hn
    return records.submit_deliverable(
        actor=SYSTEM,
        programme=hn.programme,
        kind="work_plan",
        title="龙华工作室工作方案",
        studio=hn.studios[0],
        file=SimpleUploadedFile("方案.pdf", PLAN, content_type="application/pdf"),
        declared_chars=3000,
    )


def proposed(client, url) -> dict:
    """What the filled-in form would send as it is."""
    form = client.get(url).context["form"]
    return {name: form[name].value() or "" for name in form.fields if name != "file"}


def test_the_share_page_of_a_deliverable_is_for_its_owners(client, cast, world, plan):
    url = reverse("library:share_deliverable", args=[plan.pk])
    owners = matrix(cast, NOT_FOUND, superuser=ALLOWED, host=ALLOWED, member=ALLOWED)
    check_access(client, cast, url, owners)
    page = reverse("records:deliverable", args=[world.hn.programme.slug, plan.pk])
    client.force_login(cast.host)
    assert url in client.get(page).content.decode()
    client.force_login(cast.hn_centre)
    assert url not in client.get(page).content.decode()


def test_a_deliverable_is_shared_in_one_step_with_its_file(client, cast, world, plan):
    url = reverse("library:share_deliverable", args=[plan.pk])
    client.force_login(cast.host)
    data = proposed(client, url)
    assert data["title"] == "龙华工作室工作方案"
    assert data["visibility"] == Visibility.STUDIO
    response = client.post(url, data)
    resource = Resource.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("library:resource", args=[resource.pk])
    assert resource.deliverable == plan
    assert resource.studio == world.hn.studios[0]
    assert resource.author == cast.host
    assert resource.file.read() == PLAN
    assert resource.file.name != plan.file.name  # a copy: the record's file stays its own
    assert resource.file_name == "龙华工作室工作方案.pdf"
    assert resource in resources_visible_to(cast.member)
    client.force_login(cast.member)
    detail = client.get(response.url).content.decode()
    assert reverse("records:deliverable", args=[world.hn.programme.slug, plan.pk]) in detail


def test_what_the_owner_changes_before_sharing_is_kept(client, cast, world, plan):
    url = reverse("library:share_deliverable", args=[plan.pk])
    client.force_login(cast.member)
    data = proposed(client, url) | {
        "visibility": Visibility.PUBLIC,
        "kind": Kind.CASE,
        "tags": "工作方案，龙华",
    }
    client.post(url, data)
    resource = Resource.objects.get()
    assert (resource.visibility, resource.kind) == (Visibility.PUBLIC, Kind.CASE)
    assert sorted(tag.name for tag in resource.tags.all()) == ["工作方案", "龙华"]


def test_a_bad_link_is_said_and_nothing_is_shared(client, cast, world, plan):
    url = reverse("library:share_deliverable", args=[plan.pk])
    client.force_login(cast.host)
    data = proposed(client, url) | {"link": "javascript:alert(1)", "tags": "x" * 25}
    response = client.post(url, data)
    assert response.status_code == 200
    assert not Resource.objects.exists()
    page = response.content.decode()
    assert "龙华工作室工作方案" in page  # what was typed is still there


def test_a_trainee_shares_an_outcome_of_their_own_project(client, cast):
    hz = with_hangzhou(cast, trainees=2)
    trainee = hz.trainees[0]
    project = records.create_project(
        actor=SYSTEM,
        programme=hz.programme,
        leader=trainee.principal,
        title="集团化办学中的教师流动",
        level="city",
        approved_on=dt.date(2026, 4, 1),
    )
    outcome = ResearchOutcome.objects.create(
        project=project,
        kind=ResearchOutcome.Kind.PAPER,
        title="教师流动的三种模式",
        level="city",
        achieved_on=dt.date(2026, 9, 1),
    )
    url = reverse("library:share_outcome", args=[outcome.pk])
    check_access(client, cast, url, matrix(cast, NOT_FOUND, superuser=ALLOWED, trainee=ALLOWED))
    trainee_page = reverse("programmes:trainee", args=[hz.programme.slug, trainee.pk])
    client.force_login(cast.trainee)
    assert url in client.get(trainee_page).content.decode()
    data = proposed(client, url)
    assert data["visibility"] == Visibility.PROGRAMME  # no studio: the programme, or everyone
    client.post(url, data)
    resource = Resource.objects.get()
    assert resource.outcome == outcome
    assert resource.kind == Kind.PAPER
    assert resource.studio is None
    assert "集团化办学中的教师流动" in resource.summary
    assert resource in resources_visible_to(cast.other_trainee)


def test_a_published_post_becomes_a_public_resource_in_one_step(client, cast, world):
    studio = world.hn.studios[0]
    post = published(cast.host, studio, kind="case_review", title="一所乡村学校的课后服务")
    writing = draft(cast.host, studio, title="尚未发布")
    url = reverse("library:share_post", args=[post.pk])
    client.force_login(cast.host)
    assert client.get(reverse("library:share_post", args=[writing.pk])).status_code == 404
    assert url in client.get(reverse("publishing:manage", args=[post.pk])).content.decode()
    response = client.post(url, proposed(client, url))
    assert response.status_code == 302, response.context["form"].errors
    resource = Resource.objects.get(post=post)
    assert resource.title == post.title and resource.kind == Kind.CASE
    assert resource.visibility == Visibility.PUBLIC and resource.studio == studio
    assert resource.link.endswith(reverse("publishing:post", args=[post.pk]))
    check_access(client, cast, url, matrix(cast, NOT_FOUND, superuser=ALLOWED, host=ALLOWED))
