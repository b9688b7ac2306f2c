"""Parts of a signed-in user's page kept in the shared cache (``core/kept.py``), shown on the
registry's lists: built once per user, path and language, rebuilt once a change to the registry
or to anyone's grants commits, and never read inside the transaction that changed them."""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse

from tests.factories import PrincipalFactory, SchoolFactory, UserFactory, grant
from touyan.accounts.roles import Role

# Autocommit, so that changes commit as they do in production and the parts are really kept.
pytestmark = pytest.mark.usefixtures("reference_data")

PRINCIPALS = reverse("people:principal_list")
SCHOOLS = reverse("people:school_list")


@pytest.fixture(autouse=True)
def _empty_cache(transactional_db):
    # The cache table outlives a transactional test's flush: start and leave it empty.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def registry():
    xihu = SchoolFactory(name="西湖小学", region_id="330106")
    binjiang = SchoolFactory(name="滨江小学", region_id="330108")
    PrincipalFactory(name="西湖校长", school=xihu)
    PrincipalFactory(name="滨江校长", school=binjiang)
    centre = UserFactory(username="centre")
    grant(centre, Role.CENTRE_STAFF, "330100")
    officer = UserFactory(username="officer")
    grant(officer, Role.DISTRICT_OFFICER, "330106")
    return centre, officer, xihu


def page(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_each_user_reads_their_own_kept_list(client, registry, django_assert_max_num_queries):
    centre, officer, _xihu = registry
    assert "滨江校长" in page(client, centre, PRINCIPALS)
    client.force_login(centre)
    with django_assert_max_num_queries(11):
        again = client.get(PRINCIPALS).content.decode()
    assert "西湖校长" in again and "滨江校长" in again
    # The district officer's list is their own, not the centre's kept one.
    officers = page(client, officer, PRINCIPALS)
    assert "西湖校长" in officers and "滨江校长" not in officers
    assert "滨江小学" not in page(client, officer, SCHOOLS)


def test_a_committed_change_to_the_registry_is_read_at_once(client, registry):
    centre, _officer, xihu = registry
    assert "西湖小学" in page(client, centre, SCHOOLS)
    assert "新来的校长" not in page(client, centre, PRINCIPALS)
    PrincipalFactory(name="新来的校长", school=xihu)
    assert "新来的校长" in page(client, centre, PRINCIPALS)
    xihu.name = "西湖第一小学"
    xihu.save(update_fields=["name"])
    assert "西湖第一小学" in page(client, centre, SCHOOLS)


def test_a_new_grant_widens_the_kept_list_at_once(client, registry):
    _centre, officer, _xihu = registry
    assert "滨江校长" not in page(client, officer, PRINCIPALS)
    grant(officer, Role.DISTRICT_OFFICER, "330108")
    assert "滨江校长" in page(client, officer, PRINCIPALS)


def test_inside_the_changing_transaction_the_list_is_built_afresh(client, registry):
    centre, _officer, xihu = registry
    page(client, centre, PRINCIPALS)
    with transaction.atomic():
        PrincipalFactory(name="未提交的校长", school=xihu)
        assert "未提交的校长" in page(client, centre, PRINCIPALS)
        transaction.set_rollback(True)
    assert "未提交的校长" not in page(client, centre, PRINCIPALS)


def test_the_home_inbox_is_kept_until_the_user_does_some_work(client, registry, monkeypatch):
    """Work others add reaches a kept home page within the minute; the user's own successful
    write makes the next home page read the inbox afresh."""
    from touyan.core import inbox
    from touyan.core.registry import InboxItem, Slot

    waiting = ["第一项待办"]
    slot = Slot("inbox")
    slot.add(lambda user: [InboxItem(key=t, title=t, url="/") for t in waiting], weight=10)
    monkeypatch.setattr(inbox, "INBOX", slot)
    centre, _officer, _xihu = registry
    assert "第一项待办" in page(client, centre, "/")
    waiting.append("第二项待办")
    assert "第二项待办" not in page(client, centre, "/")  # kept for up to a minute
    assert "第二项待办" in page(client, centre, reverse("core:inbox"))  # the inbox itself is live
    response = client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert response.status_code == 302
    assert "第二项待办" in page(client, centre, "/")
