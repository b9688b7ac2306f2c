"""What posts put in the 待办 inbox (HN-4.1.6): the host, members' posts waiting for them; the
centre, where the policy has it review, the posts hosts approved."""

import pytest

from tests.selection_chain import actor_of
from touyan.publishing import inbox, services

from .helpers import draft, site_people

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HN-4.1.6")]


def test_the_host_is_asked_to_review_members_posts(cast):
    studio = site_people(cast).studios[0]
    assert inbox.posts_for_host(cast.host) == []
    for title in ("一", "二"):
        services.submit_post(
            actor=actor_of(cast.member), post=draft(cast.member, studio, title=title)
        )
    (item,) = inbox.posts_for_host(cast.host)
    assert (item.key, item.count, item.subject) == (f"publishing.host:{studio.pk}", 2, studio.name)
    assert inbox.posts_for_host(cast.other_host) == []
    assert inbox.posts_for_centre(cast.hn_centre) == []


def test_the_centre_is_asked_where_it_reviews(cast):
    hn = site_people(cast, centre_review=True)
    post = draft(cast.host, hn.studios[0])
    services.approve_post(actor=actor_of(cast.host), post=post)
    (item,) = inbox.posts_for_centre(cast.hn_centre)
    assert item.key == f"publishing.centre:{hn.programme.pk}" and item.count == 1
    assert inbox.posts_for_centre(cast.hz_centre) == []
