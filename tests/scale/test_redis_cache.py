"""The shared cache on Redis (CACHE_URL=redis://…): what one process writes or invalidates,
another process sees. Skipped without a Redis server, unless TOUYAN_REQUIRE_REDIS=1 (CI), which
makes a missing server a failure."""

import datetime as dt
import os

import pytest
from django.core.cache import caches
from django.test import override_settings

from touyan.compliance import freshness

REDIS_URL = os.environ.get("TOUYAN_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
REDIS = {
    "BACKEND": "django.core.cache.backends.redis.RedisCache",
    "LOCATION": REDIS_URL,
    "KEY_PREFIX": "touyan-test",
}


def _redis_answers() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


if not _redis_answers():
    if os.environ.get("TOUYAN_REQUIRE_REDIS") == "1":
        raise RuntimeError(f"TOUYAN_REQUIRE_REDIS=1 but no Redis answers at {REDIS_URL}")
    pytest.skip(f"no Redis at {REDIS_URL}", allow_module_level=True)


@pytest.fixture
def redis_cache():
    with override_settings(CACHES={"default": REDIS, "other": REDIS}):
        caches["default"].clear()
        yield caches["default"]
        caches["default"].clear()


def test_what_one_client_writes_and_deletes_another_sees(redis_cache):
    other = caches["other"]  # its own connection, like another worker's
    assert other is not redis_cache
    redis_cache.set("greeting", {"a": 1})
    assert other.get("greeting") == {"a": 1}
    other.delete("greeting")
    assert redis_cache.get("greeting") is None


@pytest.mark.django_db
def test_a_touch_in_one_process_changes_the_key_in_every_other(
    redis_cache, django_capture_on_commit_callbacks
):
    from tests.programmes import hainan

    programme = hainan(studios=1, members=0).programme
    day = dt.date(2025, 12, 10)
    key = freshness.evaluation_key(programme, as_of=day)
    assert key == freshness.evaluation_key(programme, as_of=day)
    with django_capture_on_commit_callbacks(execute=True):
        freshness.touch(programme.pk)
    token = caches["other"].get(f"freshness:compliance:records:{programme.pk}")
    assert token not in key
    assert token in freshness.evaluation_key(programme, as_of=day)


@pytest.mark.django_db
def test_sessions_live_in_the_shared_cache_and_the_database(redis_cache, client, cast):
    from django.contrib.sessions.models import Session

    client.force_login(cast.hn_admin)
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    assert caches["other"].get(f"django.contrib.sessions.cached_db{key}") is not None
