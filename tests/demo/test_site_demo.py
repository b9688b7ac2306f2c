"""The demo's studio sites (HN-4.1.6): every Hainan studio has published posts in every column
of the policy, some with photos; the demo host has a member's post to approve; a post the
centre took down with its reason; the site's freshness rule holds for most studios; the feed
of a studio opens."""

import xml.etree.ElementTree as ET

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from touyan.accounts.models import User
from touyan.compliance.engine import evaluate
from touyan.compliance.verdicts import State
from touyan.demo.build import build_demo
from touyan.programmes.models import Programme
from touyan.programmes.policy import spec_of
from touyan.publishing.models import Post, PostPhoto

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
pytestmark = pytest.mark.clause("HN-4.1.6")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    today = timezone.localdate()
    with (
        django_db_blocker.unblock(),
        override_settings(
            PASSWORD_HASHERS=FAST_HASHER, MEDIA_ROOT=tmp_path_factory.mktemp("media")
        ),
        transaction.atomic(),
    ):
        summary = build_demo(today=today)
        yield today, summary
        transaction.set_rollback(True)


@pytest.fixture
def built(demo, db):
    return demo


def hainan() -> Programme:
    return Programme.objects.get(slug__startswith="hainan-studios-", status="running")


def test_every_studio_publishes_in_every_column(built):
    _today, summary = built
    programme = hainan()
    columns = {column.code for column in spec_of(programme).site.columns}
    studios = programme.studios.filter(revoked_on__isnull=True)
    assert studios.count() >= 3
    for studio in studios:
        published = set(
            Post.objects.filter(studio=studio, status=Post.Status.PUBLISHED).values_list(
                "column", flat=True
            )
        )
        assert published == columns, studio.name
    assert PostPhoto.objects.filter(post__studio__programme=programme).count() >= 3
    assert summary.hainan_site.published >= 3 * studios.count()


def test_the_host_has_a_members_post_to_approve_and_one_was_taken_down(built):
    host = User.objects.get(username="host")
    waiting = Post.objects.get(status=Post.Status.SUBMITTED)
    assert waiting.studio.host.user == host and waiting.author_principal != waiting.studio.host
    down = Post.objects.get(status=Post.Status.TAKEN_DOWN)
    assert down.note and down.studio == waiting.studio


def test_the_freshness_rule_holds_for_most_studios(built):
    today, _summary = built
    programme = hainan()
    evaluation = evaluate(programme, as_of=today)
    cells = [cell for (sid, rule), cell in evaluation.cells.items() if rule == "hn-site-freshness"]
    met = [cell for cell in cells if cell.state is State.MET]
    assert cells and len(met) >= len(cells) // 2


def test_a_studios_site_and_feed_open(built, client):
    studio = Post.objects.filter(status=Post.Status.PUBLISHED).first().studio
    page = client.get(reverse("publishing:site", args=[studio.pk]))
    assert page.status_code == 200
    feed = client.get(reverse("publishing:atom", args=[studio.pk]))
    entries = ET.fromstring(feed.content).findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) >= 6
