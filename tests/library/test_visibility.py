"""Who sees which resource (HN-4.1.5): studio resources their studio's people and whoever sees
the studio, programme resources the programme's participants and followers, public ones
everyone, visitors too on the public library. Every page through check_access."""

import pytest
from django.urls import reverse

from tests.access import ALLOWED, LOGIN, NOT_FOUND, check_access
from tests.records.programme_people import matrix
from touyan.library.selectors import resources_visible_to

from .helpers import with_shelf

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HN-4.1.5")]

HAINAN = dict(superuser=ALLOWED, hn_admin=ALLOWED, hn_centre=ALLOWED)
HANGZHOU = dict(superuser=ALLOWED, hz_admin=ALLOWED, hz_centre=ALLOWED)


@pytest.fixture
def shelf(cast):
    return with_shelf(cast)


def resource_url(resource) -> str:
    return reverse("library:resource", args=[resource.pk])


def test_a_studio_resource_is_seen_by_its_studio_and_those_who_see_the_studio(client, cast, shelf):
    check_access(
        client,
        cast,
        resource_url(shelf.studio),
        matrix(cast, NOT_FOUND, **HAINAN, host=ALLOWED, member=ALLOWED, longhua=ALLOWED),
    )


def test_a_programme_resource_is_seen_by_every_participant_and_follower(client, cast, shelf):
    hainan = dict(host=ALLOWED, member=ALLOWED, other_host=ALLOWED, longhua=ALLOWED)
    check_access(
        client,
        cast,
        resource_url(shelf.programme),
        matrix(cast, NOT_FOUND, **HAINAN, **hainan),
    )
    hangzhou = dict(xihu=ALLOWED, binjiang=ALLOWED, trainee=ALLOWED, other_trainee=ALLOWED)
    check_access(
        client,
        cast,
        resource_url(shelf.hangzhou),
        matrix(cast, NOT_FOUND, **HANGZHOU, **hangzhou),
    )


def test_a_public_resource_is_seen_by_everyone_and_by_visitors_on_the_public_library(
    client, cast, shelf
):
    check_access(client, cast, resource_url(shelf.public), matrix(cast, ALLOWED))
    public_page = reverse("library:public_resource", args=[shelf.public.pk])
    check_access(client, cast, public_page, matrix(cast, ALLOWED, anonymous=ALLOWED))
    for hidden in (shelf.studio, shelf.programme, shelf.hangzhou):
        url = reverse("library:public_resource", args=[hidden.pk])
        check_access(client, cast, url, matrix(cast, NOT_FOUND, anonymous=NOT_FOUND))


def test_the_library_pages_are_for_those_who_take_part_in_or_follow_a_programme(
    client, cast, shelf
):
    followers = dict(
        **(HAINAN | HANGZHOU),
        xihu=ALLOWED,
        binjiang=ALLOWED,
        host=ALLOWED,
        member=ALLOWED,
        other_host=ALLOWED,
        longhua=ALLOWED,
        trainee=ALLOWED,
        other_trainee=ALLOWED,
    )
    check_access(client, cast, reverse("library:list"), matrix(cast, NOT_FOUND, **followers))
    check_access(client, cast, reverse("library:public"), matrix(cast, ALLOWED, anonymous=ALLOWED))
    sharers = dict(
        **(HAINAN | HANGZHOU),
        host=ALLOWED,
        member=ALLOWED,
        other_host=ALLOWED,
        trainee=ALLOWED,
        other_trainee=ALLOWED,
    )
    check_access(client, cast, reverse("library:share"), matrix(cast, NOT_FOUND, **sharers))
    check_access(client, cast, reverse("library:mine"), matrix(cast, NOT_FOUND, **sharers))


def test_the_list_shows_what_the_selector_gives(client, cast, shelf):
    client.force_login(cast.member)
    page = client.get(reverse("library:list")).content.decode()
    seen = set(resources_visible_to(cast.member).values_list("title", flat=True))
    assert seen == {shelf.studio.title, shelf.programme.title, shelf.public.title}
    for title in seen:
        assert title in page
    assert shelf.hangzhou.title not in page


def test_the_public_library_lists_public_resources_only_and_names_no_one(client, cast, shelf):
    page = client.get(reverse("library:public")).content.decode()
    assert shelf.public.title in page
    for hidden in (shelf.studio, shelf.programme, shelf.hangzhou):
        assert hidden.title not in page
    detail = client.get(reverse("library:public_resource", args=[shelf.public.pk]))
    assert "分享人" not in detail.content.decode()  # studios are named, their people are not


def test_a_member_who_left_no_longer_sees_the_studio_resources(cast, shelf):
    import datetime as dt

    from touyan.programmes.models import StudioMember

    StudioMember.objects.filter(principal__user=cast.member).update(left_on=dt.date(2025, 10, 1))
    visible = resources_visible_to(cast.member)
    assert shelf.studio not in visible
    assert shelf.public in visible


def test_the_front_door_shows_the_newest_public_resources(client, shelf):
    page = client.get("/").content.decode()
    assert shelf.public.title in page
    assert shelf.studio.title not in page


def test_the_menu_offers_the_library_to_participants(client, cast, shelf):
    client.force_login(cast.member)
    assert reverse("library:list") in client.get(reverse("library:public")).content.decode()
    client.force_login(cast.nobody)
    assert 'href="/library/"' not in client.get(reverse("library:public")).content.decode()


def test_visitors_are_sent_to_sign_in_for_a_resource_that_is_not_public(client, shelf):
    response = client.get(reverse("library:download", args=[shelf.studio.pk]))
    assert response.status_code == 302 and LOGIN and "login" in response.url
