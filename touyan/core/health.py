"""`/livez` and `/healthz`, for load balancers and monitoring.

`HealthMiddleware` is the first middleware: it answers these two paths before anything else
runs — no host check (a probe knows no public name), no session, no template, no HTTPS
redirect — and passes every other request on. `/livez` says the process answers. `/healthz`
runs the database and cache checks and every check in `registry.HEALTH`, together in a small
thread pool, each bounded by `DEADLINE`; a check that raises or does not answer in time fails.
The answer is 200 when all pass, else 503, and names no person.
"""

from __future__ import annotations

import os
import threading
import time
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


def cache() -> dict:
    key, token = f"touyan:health:{os.getpid()}", str(time.monotonic_ns())
    caches["default"].set(key, token, 60)
    ok = caches["default"].get(key) == token
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
