"""Who may call each publishing service (HN-4.1.6): the rest are refused and nothing is
written."""

import pytest

from tests.refusals import HAINAN_CAST, check_service
from tests.selection_chain import actor_of
from touyan.publishing import services
from touyan.publishing.models import Post

from .helpers import draft, published, site_people

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HN-4.1.6")]
MANAGERS = {"superuser", "hn_admin", "hn_centre"}
TEXT = {"column": "exchange", "kind": "news", "title": "标题", "body": "<p>正文</p>"}


@pytest.fixture
def hn(cast):
    return site_people(cast)


@pytest.mark.parametrize("name", HAINAN_CAST)
def test_write_post(cast, hn, name):
    # The superuser passes the permission but writes for no studio: refused by the service
    # with a reason, not a permission.
    allowed = {"host", "member"}
    if name == "superuser":
        return
    check_service(
        cast,
        name,
        allowed,
        lambda actor: services.write_post(actor=actor, studio=hn.studios[0], **TEXT),
        Post,
    )


@pytest.mark.parametrize("name", HAINAN_CAST)
def test_submit_post(cast, hn, name):
    post = draft(cast.member, hn.studios[0])
    check_service(
        cast,
        name,
        {"member", "superuser"},
        lambda actor: services.submit_post(actor=actor, post=post),
        lambda: Post.objects.get(pk=post.pk).status,
    )


@pytest.mark.parametrize("name", HAINAN_CAST)
def test_approve_post(cast, hn, name):
    post = draft(cast.member, hn.studios[0])
    services.submit_post(actor=actor_of(cast.member), post=post)
    check_service(
        cast,
        name,
        {"host", "superuser"},
        lambda actor: services.approve_post(actor=actor, post=post),
        lambda: Post.objects.get(pk=post.pk).status,
    )


@pytest.mark.parametrize("name", HAINAN_CAST)
def test_take_down_post(cast, hn, name):
    post = published(cast.host, hn.studios[0])
    check_service(
        cast,
        name,
        MANAGERS,
        lambda actor: services.take_down_post(actor=actor, post=post, reason="不宜公开"),
        lambda: Post.objects.get(pk=post.pk).status,
    )


@pytest.mark.parametrize("name", HAINAN_CAST)
def test_export_wechat(cast, hn, name):
    post = draft(cast.member, hn.studios[0])
    services.submit_post(actor=actor_of(cast.member), post=post)
    services.approve_post(actor=actor_of(cast.host), post=post)
    check_service(
        cast,
        name,
        {"member", "host", "superuser"},
        lambda actor: services.export_wechat(actor=actor, post=post),
    )
