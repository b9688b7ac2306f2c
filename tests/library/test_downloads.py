"""Downloads (HN-4.1.5): counted once each, in the database, so that downloads at the same moment
are all counted; served as attachments with the project's headers; a resource that is not
public only to those who see it."""

import pytest
from django.urls import reverse

from tests.access import ALLOWED, LOGIN, NOT_FOUND, outcome
from tests.records.programme_people import matrix
from touyan.core.actors import Actor
from touyan.library.models import Resource
from touyan.library.services import record_download

from .helpers import with_shelf

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HN-4.1.5")]


@pytest.fixture
def shelf(cast):
    return with_shelf(cast)


def count(resource) -> int:
    return Resource.objects.get(pk=resource.pk).downloads


def test_each_download_is_counted_with_the_project_headers(client, cast, shelf):
    url = reverse("library:download", args=[shelf.public.pk])
    for _ in range(3):
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "%E6%A1%88%E4%BE%8B.pdf" in response["Content-Disposition"]  # 案例.pdf
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    client.force_login(cast.member)
    client.get(url)
    assert count(shelf.public) == 4


def test_counting_reads_no_stale_count(shelf):
    """Two requests holding the same row, each counting: both count (F(), not a read-modify-
    write of what each read)."""
    first = Resource.objects.get(pk=shelf.public.pk)
    second = Resource.objects.get(pk=shelf.public.pk)
    record_download(actor=Actor.system(), resource=first)
    record_download(actor=Actor.system(), resource=second)
    assert count(shelf.public) == 2


def test_a_studio_resource_is_downloaded_only_by_those_who_see_it(client, cast, shelf):
    url = reverse("library:download", args=[shelf.studio.pk])
    expected = matrix(
        cast,
        NOT_FOUND,
        superuser=ALLOWED,
        hn_admin=ALLOWED,
        hn_centre=ALLOWED,
        host=ALLOWED,
        member=ALLOWED,
        longhua=ALLOWED,
    )
    actual = {}
    for name in expected:
        client.logout()
        if name != "anonymous":
            client.force_login(cast[name])
        actual[name] = outcome(client.get(url))
    client.logout()
    assert actual == expected
    assert expected["anonymous"] == LOGIN
    allowed = sum(1 for result in expected.values() if result == ALLOWED)
    assert count(shelf.studio) == allowed


def test_a_link_is_opened_and_counted(client, cast, shelf):
    client.force_login(cast.host)
    response = client.get(reverse("library:download", args=[shelf.programme.pk]))
    assert response.status_code == 302
    assert response.url == "https://example.org/resource"
    assert count(shelf.programme) == 1
