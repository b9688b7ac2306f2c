"""A request id on every log line of a request, and on its response (``X-Request-ID``).

A proxy's id is kept when it is a plain token, so that one request can be followed through
the proxy's log and ours; anything else (too long, odd characters: a header is client input)
is replaced by a new one."""

from __future__ import annotations

import re
import uuid

from .logging import Context, current

HEADER = "X-Request-ID"
_PLAIN = re.compile(r"[A-Za-z0-9._-]{8,64}")


def request_id_from(value: str | None) -> str:
    if value and _PLAIN.fullmatch(value):
        return value
    return uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        context = Context(request_id=request_id_from(request.headers.get(HEADER)))
        request.request_id = context.request_id
        token = current.set(context)
        try:
            response = self.get_response(request)
        finally:
            current.reset(token)
        response[HEADER] = context.request_id
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        # After the authentication middleware: the user is known from here on. Only the id is
        # logged, never the name.
        user, context = getattr(request, "user", None), current.get()
        if context is not None and user is not None and user.is_authenticated:
            context.user_id = user.pk
        return None
