"""The permission-matrix helper every view test uses: each user × one URL → expected outcome."""

from django.conf import settings
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


def check_access(client, cast, url: str, expected: dict[str, str]) -> None:
    """Request ``url`` as each named member of the cast and compare with ``expected``.

    ``anonymous`` must always be present. All mismatches are reported together. Every
    response, whatever its outcome, must also carry the strict Content-Security-Policy and
    contain no code it would block.
    """
    assert "anonymous" in expected, "every matrix states what an anonymous visitor gets"
    actual, policy = {}, {}
    for name in expected:
        client.logout()
        user = cast[name]
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        actual[name] = outcome(response)
        if problems := csp_problems(response):
            policy[name] = problems
    client.logout()
    assert actual == expected, f"access to {url}"
    assert policy == {}, f"Content-Security-Policy of {url}"
