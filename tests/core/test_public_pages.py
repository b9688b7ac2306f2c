"""Public pages for anonymous visitors come from the shared cache (``core/public_pages.py``):
built once, answered again without building, renewed once a change to what they show commits,
never answered to a signed-in user, with each visitor's own CSRF token in their forms."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UserFactory
from tests.formation import formation

# Autocommit, so that changes commit as they do in production and the pages are really kept.
pytestmark = pytest.mark.usefixtures("reference_data")

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _empty_cache(transactional_db):
    # The cache table outlives a transactional test's flush: start and leave it empty.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def studio():
    return formation(carried=1, members=1, new=0).studios[0]


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_kept_page_is_answered_without_building_it(client, studio, django_assert_num_queries):
    url = reverse("studios:public", args=[studio.pk])
    first = page(client, url)
    assert studio.name in first
    # The token of the public pages and the page itself: nothing of the studio is read.
    with django_assert_num_queries(2):
        again = page(Client(), url)
    assert TOKEN.sub("", again) == TOKEN.sub("", first)


def test_a_committed_change_is_read_by_the_next_visitor(client, studio):
    url = reverse("studios:public", args=[studio.pk])
    listing = reverse("studios:public_list")
    assert studio.name in page(client, url) and studio.name in page(client, listing)
    studio.name = "改名后的工作室"
    studio.save(update_fields=["name"])
    assert "改名后的工作室" in page(Client(), url)
    assert "改名后的工作室" in page(Client(), listing)


def test_each_visitor_gets_their_own_token_and_the_form_works(studio):
    url = reverse("studios:public", args=[studio.pk])
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    mine = TOKEN.findall(page(first, url))
    theirs = TOKEN.findall(page(second, url))
    assert mine and theirs and set(mine).isdisjoint(theirs)
    # The language switcher posts with the token of the kept page.
    response = second.post(
        reverse("set_language"), {"language": "en", "next": url, "csrfmiddlewaretoken": theirs[0]}
    )
    assert response.status_code == 302
    english = page(second, url)
    assert 'lang="en"' in english
    # The English page is kept apart from the Chinese one.
    assert 'lang="zh-hans"' in page(Client(), url)


def test_signed_in_users_read_the_page_built_for_them(client, studio):
    url = reverse("studios:public", args=[studio.pk])
    assert "退出" not in page(Client(), url)
    client.force_login(UserFactory())
    assert "退出" in page(client, url)


def test_a_change_not_yet_committed_is_read_inside_its_transaction(client, studio):
    from django.db import transaction

    url = reverse("studios:public", args=[studio.pk])
    page(client, url)
    with transaction.atomic():
        studio.name = "未提交的名称"
        studio.save(update_fields=["name"])
        assert "未提交的名称" in page(Client(), url)
        transaction.set_rollback(True)
    assert "未提交的名称" not in page(Client(), url)


def test_made_up_query_parameters_are_answered_but_not_kept(
    client, studio, django_assert_num_queries
):
    listing = reverse("studios:public_list")
    page(client, f"{listing}?programme={studio.programme.slug}")
    with django_assert_num_queries(2):
        page(Client(), f"{listing}?programme={studio.programme.slug}")
    page(client, f"{listing}?utm=1")
    with CaptureQueriesContext(connection) as built:
        assert studio.name in page(Client(), f"{listing}?utm=1")
    assert len(built) > 2
