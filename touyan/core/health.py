"""`/livez` and `/healthz`, for load balancers and monitoring.

`HealthMiddleware` is the first middleware: it answers these two paths before anything else
runs — no host check (a probe knows no public name), no session, no template, no HTTPS
redirect — and passes every other request on. `/livez` says the process answers. `/healthz`
runs the database and cache checks and every check in `registry.HEALTH`, together in a small
thread pool, each bounded by `DEADLINE`; a check that raises or does not answer in time fails.
No check writes on every poll: the cache's marker is written at most once a minute per process.
The answer is 200 when all pass, else 503, and names no person.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, wait

from csp.utils import build_policy
from django.core.cache import caches
from django.db import close_old_connections, connection
from django.http import HttpResponse, JsonResponse

from . import registry

LIVE_PATH = "/livez"
HEALTH_PATH = "/healthz"
# Seconds all checks together may take before the answer is given without the slow ones.
DEADLINE = 2.0


def database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"name": "database", "ok": True, "detail": connection.vendor}


# The cache check writes a marker at most once per MARKER_REFRESH seconds per process and only
# reads it back in between, so that polling every few seconds costs no write (with the database
# cache, a write is a transaction on the shared database).
MARKER_REFRESH = 60.0
_marker: dict = {"key": "", "token": "", "written": float("-inf")}
_marker_lock = threading.Lock()


def _marker_key() -> str:
    # One per process: gunicorn's workers and several machines share the cache.
    return f"touyan:health:{socket.gethostname()}:{os.getpid()}"


def _write_marker(store) -> None:
    key = _marker_key()
    token = uuid.uuid4().hex
    # Kept well past the refresh, so that a read between two writes finds it.
    store.set(key, token, int(MARKER_REFRESH * 5))
    _marker.update(key=key, token=token, written=time.monotonic())


def cache() -> dict:
    """The cache answers with what this process wrote into it. A marker missing (evicted, the
    cache restarted empty) is written again once and must then read back; a cache that raises
    or never returns what was written fails."""
    store = caches["default"]
    with _marker_lock:
        wrote = False
        if (
            _marker["key"] != _marker_key()
            or time.monotonic() - _marker["written"] >= MARKER_REFRESH
        ):
            _write_marker(store)
            wrote = True
        ok = store.get(_marker["key"]) == _marker["token"]
        if not ok and not wrote:
            _write_marker(store)
            ok = store.get(_marker["key"]) == _marker["token"]
    return {"name": "cache", "ok": ok, "detail": "" if ok else "the value set was not read back"}


CHECKS: tuple[Callable[[], dict], ...] = (database, cache)

_pool: ThreadPoolExecutor | None = None
_pool_pid: int | None = None
_pool_lock = threading.Lock()


def _executor() -> ThreadPoolExecutor:
    # One pool per process: gunicorn forks its workers after the master imported this module.
    global _pool, _pool_pid
    with _pool_lock:
        if _pool is None or _pool_pid != os.getpid():
            _pool, _pool_pid = ThreadPoolExecutor(4, thread_name_prefix="health"), os.getpid()
        return _pool


def _run(check: Callable[[], dict]) -> dict:
    started = time.monotonic()
    try:
        result = dict(check())
    except Exception as error:
        # The class only: a driver's message may quote data.
        result = {"name": _name(check), "ok": False, "detail": type(error).__name__}
    finally:
        # The pool's threads keep no connection past a check (as a request would not).
        close_old_connections()
    result["ms"] = round((time.monotonic() - started) * 1000, 1)
    return result


def _name(check: Callable) -> str:
    return getattr(check, "__name__", "check")


def run_checks(deadline: float = DEADLINE) -> list[dict]:
    checks = [*CHECKS, *registry.HEALTH.contributions()]
    futures = [_executor().submit(_run, check) for check in checks]
    done, _late = wait(futures, timeout=deadline)
    return [
        future.result()
        if future in done
        else {"name": _name(check), "ok": False, "detail": f"no answer within {deadline:g} s"}
        for check, future in zip(checks, futures, strict=True)
    ]


def _answer(body: dict, status: int) -> HttpResponse:
    response = JsonResponse(body, status=status)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = build_policy()
    return response


class HealthMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == LIVE_PATH:
            return _answer({"status": "ok"}, 200)
        if request.path_info == HEALTH_PATH:
            checks = run_checks()
            ok = all(check["ok"] for check in checks)
            return _answer(
                {"status": "ok" if ok else "failing", "checks": checks}, 200 if ok else 503
            )
        return self.get_response(request)
