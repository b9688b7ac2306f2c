"""The demo's shared library (HN-4.1.5): the Hainan studios share cases, lesson designs,
reports and tools across studios, some public, some shared in one step from the record, with
downloads counted; the visitor's public library and the studio-only resource's readers."""

import pytest
from django.db import transaction
from django.db.models import Sum
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from touyan.accounts.models import User
from touyan.demo.build import build_demo
from touyan.demo.library_hainan import story
from touyan.library.models import Kind, Resource, Visibility
from touyan.library.selectors import resources_visible_to

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
pytestmark = pytest.mark.clause("HN-4.1.5")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo built once for this module, as of today, and rolled back after it."""
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHER, MEDIA_ROOT=media),
        transaction.atomic(),
    ):
        summary = build_demo(today=timezone.localdate())
        yield summary, media
        transaction.set_rollback(True)


@pytest.fixture
def built(demo, db, settings):
    summary, media = demo
    settings.MEDIA_ROOT = media  # where the demo's files were written
    return summary


def test_studios_share_every_kind_across_studios(built):
    written = built.hainan_library
    resources = Resource.objects.filter(programme__slug__startswith="hainan-studios-")
    assert written.created and written.resources == resources.count()
    assert resources.values("studio").distinct().count() >= 8
    kinds = set(resources.values_list("kind", flat=True))
    assert {Kind.CASE, Kind.LESSON_DESIGN, Kind.REPORT, Kind.TOOL} <= kinds
    assert set(resources.values_list("visibility", flat=True)) == set(Visibility.values)
    assert resources.filter(file="").exclude(link="").exists()  # one is a link
    assert written.from_record >= 1
    assert resources.filter(deliverable__isnull=False).exists()
    assert written.downloads == resources.aggregate(total=Sum("downloads"))["total"]
    assert written.downloads >= sum(entry["downloads"] for entry in story()["resources"])


def test_the_demo_accounts_share_under_their_own_names(built):
    host, member = User.objects.get(username="host"), User.objects.get(username="member")
    assert Resource.objects.filter(author=host).exists()
    assert Resource.objects.filter(author=member, kind=Kind.LESSON_DESIGN).exists()


def test_a_visitor_reads_and_searches_the_public_library(built, client):
    page = client.get(reverse("library:public"), {"q": "乡村学校"})
    titles = {resource.title for resource in page.context["page"]}
    assert "“双减”背景下的作业设计案例集" in titles
    assert "农村寄宿制学校心理健康教育的实践探索" not in titles  # the studio's own
    public = Resource.objects.filter(visibility=Visibility.PUBLIC, file__gt="").first()
    response = client.get(reverse("library:download", args=[public.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_studio_only_resource_stays_with_its_studio(built):
    studio_only = Resource.objects.get(visibility=Visibility.STUDIO)
    member = User.objects.get(username="member")
    assert studio_only not in resources_visible_to(member)
    assert studio_only in resources_visible_to(User.objects.get(username="hn-centre"))
