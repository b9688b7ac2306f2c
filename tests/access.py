"""The permission-matrix helper every view test uses: each user × one URL → expected outcome."""

from django.conf import settings
from django.db import connection
from django.shortcuts import resolve_url

from .csp import csp_problems

ALLOWED, NOT_FOUND, LOGIN = "allowed", "404", "login"


def outcome(response) -> str:
    if response.status_code == 200:
        return ALLOWED
    if response.status_code == 404:
        return NOT_FOUND
    if response.status_code == 302 and response.url.startswith(resolve_url(settings.LOGIN_URL)):
        return LOGIN
    return f"HTTP {response.status_code}"


# What reading a page may still write: the session, the shared cache, the login throttle's
# bookkeeping, and the audit trail's record that someone exported or downloaded personal data.
MAY_WRITE_ON_READ = ('"django_session"', '"touyan_cache"', '"axes_', '"audit_auditentry"')


class WriteRecorder:
    """Collects the statements that would change a row, while installed as an execute wrapper."""

    def __init__(self):
        self.writes: list[str] = []

    def __call__(self, execute, sql, params, many, context):
        verb = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else ""
        if verb in {"INSERT", "UPDATE", "DELETE"} and not any(
            table in sql for table in MAY_WRITE_ON_READ
        ):
            self.writes.append(sql)
        return execute(sql, params, many, context)


def check_access(client, cast, url: str, expected: dict[str, str]) -> None:
    """Request ``url`` as each named member of the cast and compare with ``expected``; and,
    whoever asks, the GET must change nothing.

    ``anonymous`` must always be present. All mismatches are reported together. Every
    response, whatever its outcome, must also carry the strict Content-Security-Policy and
    contain no code it would block.
    """
    assert "anonymous" in expected, "every matrix states what an anonymous visitor gets"
    actual, policy, writes = {}, {}, {}
    for name in expected:
        client.logout()
        user = cast[name]
        if user is not None:
            client.force_login(user)
        recorder = WriteRecorder()
        with connection.execute_wrapper(recorder):
            response = client.get(url)
        actual[name] = outcome(response)
        if problems := csp_problems(response):
            policy[name] = problems
        if recorder.writes:
            writes[name] = recorder.writes
    client.logout()
    assert actual == expected, f"access to {url}"
    assert policy == {}, f"Content-Security-Policy of {url}"
    assert not writes, f"GET {url} changed rows: {writes}"
