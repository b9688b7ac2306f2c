"""Calling the API in tests: as a signed-in session or with a bearer token."""

import json

from touyan.api.services import create_api_token
from touyan.core.actors import Actor

ALLOWED, NOT_FOUND, UNAUTHENTICATED = "allowed", "404", "401"


def url(path: str) -> str:
    return "/api/v1" + path


def token_for(user, name: str = "省级平台") -> str:
    _token, key = create_api_token(actor=Actor.system(), user=user, name=name)
    return key


def bearer(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


def send(client, method: str, path: str, body=None, *, key: str | None = None, **extra):
    """A JSON request; with ``key`` it carries the bearer token, without it the session."""
    headers = bearer(key) if key else {}
    data = json.dumps(body, ensure_ascii=False) if body is not None else None
    return getattr(client, method.lower())(
        url(path), data=data, content_type="application/json", headers=headers, **extra
    )


def outcome(response) -> str:
    return {200: ALLOWED, 404: NOT_FOUND, 401: UNAUTHENTICATED}.get(
        response.status_code, f"HTTP {response.status_code}"
    )


def check_api_access(client, cast, path: str, expected: dict[str, str]) -> None:
    """GET ``path`` as each named member of the cast (by session) and compare outcomes."""
    assert "anonymous" in expected
    actual = {}
    for name in expected:
        client.logout()
        if cast[name] is not None:
            client.force_login(cast[name])
        actual[name] = outcome(client.get(url(path)))
    client.logout()
    assert actual == expected, f"access to {path}"
