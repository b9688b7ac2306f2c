"""/livez and /healthz: answered first, JSON, 200 or 503, no session, any Host."""

import json
import time

import pytest
from django.db import OperationalError

from touyan.core import health, registry


def _body(response):
    return json.loads(response.content)


def test_livez_says_the_process_answers(client):
    response = client.get("/livez")
    assert response.status_code == 200
    assert _body(response) == {"status": "ok"}
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert not response.cookies


# The checks run in threads on connections of their own, as in a server: a test transaction
# held open would keep their cache writes out on SQLite.
@pytest.mark.django_db(transaction=True)
def test_healthz_checks_the_database_and_the_cache(client):
    response = client.get("/healthz")
    assert response.status_code == 200, response.content
    body = _body(response)
    assert body["status"] == "ok"
    # core's own two, then those the apps register (the queue's).
    assert [check["name"] for check in body["checks"]][:2] == ["database", "cache"]
    assert all(check["ok"] for check in body["checks"])
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies


@pytest.mark.django_db(transaction=True)
def test_healthz_answers_503_when_the_database_fails(client, monkeypatch):
    def database():
        raise OperationalError("connection to 10.0.0.5 refused for user touyan")

    monkeypatch.setattr(health, "CHECKS", (database, health.cache))
    response = client.get("/healthz")
    assert response.status_code == 503
    body = _body(response)
    assert body["status"] == "failing"
    failed = {check["name"]: check for check in body["checks"]}["database"]
    # The error's kind, never its message.
    assert failed["ok"] is False and failed["detail"] == "OperationalError"
    assert "10.0.0.5" not in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_checks_other_apps_register_count(client, monkeypatch):
    slot = registry.Slot("health checks")
    monkeypatch.setattr(registry, "HEALTH", slot)
    slot.add(lambda: {"name": "queue", "ok": True, "detail": "oldest job 3 s"}, weight=10)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert _body(response)["checks"][-1]["name"] == "queue"

    slot.add(
        lambda: {"name": "worker", "ok": False, "detail": "last heartbeat 10 min ago"}, weight=20
    )
    response = client.get("/healthz")
    assert response.status_code == 503
    assert _body(response)["checks"][-1]["detail"] == "last heartbeat 10 min ago"


@pytest.mark.django_db(transaction=True)
def test_a_check_that_does_not_answer_in_time_fails_without_holding_the_answer(monkeypatch):
    def slow_queue():
        time.sleep(1)
        return {"name": "queue", "ok": True, "detail": ""}

    monkeypatch.setattr(health, "CHECKS", (health.cache, slow_queue))
    started = time.monotonic()
    checks = health.run_checks(deadline=0.2)
    assert time.monotonic() - started < 0.9
    assert checks[0]["ok"] is True
    assert checks[1] == {"name": "slow_queue", "ok": False, "detail": "no answer within 0.2 s"}


@pytest.mark.django_db(transaction=True)
def test_the_two_paths_are_answered_before_the_host_check_and_the_https_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/livez", HTTP_HOST="evil.example").status_code == 200
    assert client.get("/healthz", HTTP_HOST="evil.example").status_code == 200
    assert client.get("/livez").status_code == 200
    assert client.get("/accounts/login/").status_code == 301
    assert client.get("/accounts/login/", HTTP_HOST="evil.example").status_code == 400
    assert client.get("/livez/", HTTP_HOST="evil.example").status_code == 400


class _CountingCache:
    """The configured cache, counting the writes that reach it."""

    def __init__(self, store):
        self.store, self.writes = store, 0

    def set(self, *args, **kwargs):
        self.writes += 1
        return self.store.set(*args, **kwargs)

    def get(self, *args, **kwargs):
        return self.store.get(*args, **kwargs)

    def delete(self, *args, **kwargs):
        return self.store.delete(*args, **kwargs)


@pytest.fixture
def counting_cache(monkeypatch):
    from django.core.cache import caches

    counting = _CountingCache(caches["default"])
    monkeypatch.setattr(health, "caches", {"default": counting})
    monkeypatch.setitem(health._marker, "key", "")
    return counting


@pytest.mark.django_db(transaction=True)
def test_polling_the_cache_writes_at_most_once_per_refresh(counting_cache, monkeypatch):
    for _poll in range(20):
        assert health.cache()["ok"] is True
    assert counting_cache.writes == 1

    # A minute later the marker is written again, once.
    clock = time.monotonic() + health.MARKER_REFRESH + 1
    monkeypatch.setattr(health.time, "monotonic", lambda: clock)
    for _poll in range(5):
        assert health.cache()["ok"] is True
    assert counting_cache.writes == 2


@pytest.mark.django_db(transaction=True)
def test_a_cache_that_lost_the_marker_is_written_again_and_passes(counting_cache):
    assert health.cache()["ok"] is True
    counting_cache.delete(health._marker["key"])  # evicted, or the cache restarted empty
    assert health.cache()["ok"] is True
    assert counting_cache.writes == 2


@pytest.mark.django_db(transaction=True)
def test_a_dead_cache_fails_between_writes_too(counting_cache, monkeypatch):
    assert health.cache()["ok"] is True

    # A cache that forgets everything (a dummy backend, a broken server that answers nothing).
    monkeypatch.setattr(counting_cache, "get", lambda *args, **kwargs: None)
    assert health.cache() == {
        "name": "cache",
        "ok": False,
        "detail": "the value set was not read back",
    }

    def refused(*args, **kwargs):
        raise ConnectionError("cache at 10.0.0.5:6379 refused")

    # A cache that raises, as Redis does when it is down: the check fails by its kind.
    monkeypatch.setattr(counting_cache, "get", refused)
    checks = health.run_checks()
    assert {check["name"]: check for check in checks}["cache"]["detail"] == "ConnectionError"
