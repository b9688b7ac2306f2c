"""Errors sent to an error-tracking service (the Sentry protocol) when ``SENTRY_DSN`` is set.

Started from the settings, so this module needs nothing of Django. The SDK is imported only
when a DSN is given. It sends no personal data of its own accord (``send_default_pii=False``:
no user, no cookies, no address), and ``scrub`` drops what is left of a request body and masks
every ID and mobile number in what remains, the way the error mail is scrubbed. Local
variables are not sent at all: the service is outside the bureau."""

from __future__ import annotations

from typing import Any

from .logging import mask_personal_numbers

HIDDEN = "[Filtered]"
# Parts of an event's request that carry a body, a session or a credential: dropped outright.
_DROPPED_REQUEST_PARTS = ("data", "cookies")
_HIDDEN_HEADERS = {"cookie", "authorization", "x-csrftoken", "proxy-authorization"}


def scrub(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """``before_send``: the event as it may leave the server."""
    request = event.get("request")
    if isinstance(request, dict):
        for part in _DROPPED_REQUEST_PARTS:
            if part in request:
                request[part] = HIDDEN
        headers = request.get("headers")
        if isinstance(headers, dict):
            for name in headers:
                if name.lower() in _HIDDEN_HEADERS:
                    headers[name] = HIDDEN
    event.pop("user", None)
    return _masked(event)


def _masked(value: Any) -> Any:
    if isinstance(value, str):
        return mask_personal_numbers(value)
    if isinstance(value, dict):
        return {key: _masked(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_masked(item) for item in value)
    return value


def start_error_tracking(dsn: str, *, environment: str = "") -> None:
    import sentry_sdk

    sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        send_default_pii=False,
        # A frame's variables hold names and addresses no mask recognises: not sent.
        include_local_variables=False,
        max_request_body_size="never",
        before_send=scrub,
        before_send_transaction=scrub,
        traces_sample_rate=0,
    )
