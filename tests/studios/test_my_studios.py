"""我的工作室: the host and the members reach every place of their studio's work from one page in
the menu; the host also the prospectus and the public page."""

import pytest
from django.urls import reverse

from tests.access import ALLOWED, LOGIN, NOT_FOUND, check_access
from tests.formation import approve_prospectus
from tests.records.programme_people import with_hainan

pytestmark = pytest.mark.django_db
MINE = "/studios/mine/"


def menu_of(client, user) -> list[str]:
    client.force_login(user)
    nav = client.get(reverse("core:home")).context["nav_items"]
    return [str(entry.label) for entry, _current in nav]


@pytest.mark.clause("HN-3.5")
def test_the_host_reaches_every_place_of_the_studio_from_my_studios(client, cast):
    hn = with_hainan(cast, members=1)
    studio, other = hn.studios
    approve_prospectus(studio, cast.hn_centre)
    check_access(
        client,
        cast,
        MINE,
        {
            "anonymous": LOGIN,
            "host": ALLOWED,
            "member": ALLOWED,
            "other_host": ALLOWED,
            "own": ALLOWED,  # a principal without a studio: an empty page
            "nobody": NOT_FOUND,
            "hn_centre": NOT_FOUND,
            "longhua": NOT_FOUND,
            "expert": NOT_FOUND,
        },
    )
    client.force_login(cast.host)
    page = client.get(MINE).content.decode()
    slug = hn.programme.slug
    for url in (
        reverse("programmes:studio", args=[slug, studio.pk]),
        reverse("compliance:mine", args=[slug]),
        reverse("studios:edit", args=[studio.pk]),
        reverse("studios:public", args=[studio.pk]),
    ):
        assert url in page
    assert reverse("programmes:studio", args=[slug, other.pk]) not in page
    assert "工作室简介（已公开）" in page


def test_a_member_reaches_their_studio_but_not_its_prospectus(client, cast):
    hn = with_hainan(cast, members=1)
    studio = hn.studios[0]
    client.force_login(cast.member)
    page = client.get(MINE).content.decode()
    assert reverse("programmes:studio", args=[hn.programme.slug, studio.pk]) in page
    assert reverse("studios:edit", args=[studio.pk]) not in page


def test_my_studios_is_in_the_menu_of_hosts_and_members_only(client, cast):
    with_hainan(cast, members=1)
    assert "我的工作室" in menu_of(client, cast.host)
    assert "我的工作室" in menu_of(client, cast.member)
    assert "我的工作室" not in menu_of(client, cast.own)
    assert "我的工作室" not in menu_of(client, cast.hn_centre)
