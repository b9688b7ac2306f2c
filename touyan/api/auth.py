"""Who is calling: a bearer token of a provincial platform, or a signed-in browser session.

A request carrying a bearer token is judged by that token alone: a wrong or revoked token is
refused even if the browser also has a session. A session request must pass Django's CSRF check
on unsafe methods; a token request has no cookie to forge, so it needs none.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from . import tokens
from .models import ApiToken

# last_used_at is a hint for administrators, not a log: write it at most once a minute.
USE_RECORDED_EVERY = dt.timedelta(minutes=1)


class TokenAuth(HttpBearer):
    def __call__(self, request):
        header = request.headers.get("Authorization", "")
        if not header:
            return None
        scheme, _space, key = header.partition(" ")
        if scheme.lower() != "bearer":
            raise AuthenticationError(message=_("只支持 Bearer 令牌认证"))
        return self.authenticate(request, key.strip())

    def authenticate(self, request, token: str):
        found = None
        if tokens.looks_like_key(token):
            found = (
                ApiToken.objects.select_related("user")
                .filter(digest=tokens.digest_of(token), revoked_at__isnull=True)
                .first()
            )
        if found is None or not found.user.is_active:
            raise AuthenticationError(message=_("接口令牌无效或已吊销"))
        request.api_token = found
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at > USE_RECORDED_EVERY:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        return found.user


class SessionAuth(APIKeyCookie):
    """The browser session of a signed-in user (the interactive docs use it)."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self):
        super().__init__(csrf=True)

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if check_csrf(request) is not None:
            raise HttpError(403, _("CSRF 校验失败：请在请求头 X-CSRFToken 中附上页面的 CSRF 令牌"))
        return user

    def authenticate(self, request, key):  # required by the base class; __call__ decides
        return None
