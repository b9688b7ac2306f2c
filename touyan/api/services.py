"""Creating and revoking API tokens. The key is returned once and never stored."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.accounts.models import User
from touyan.accounts.scopes import scope_of
from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor

from . import tokens
from .models import ApiToken


def _home_of(user: User) -> str:
    codes = scope_of(user).region_codes
    return codes[0] if codes else ""


@transaction.atomic
def create_api_token(
    *, actor: Actor, user: User, name: str, personal_data: bool = False
) -> tuple[ApiToken, str]:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("请写明令牌的用途，例如对接的平台名称")})
    if not user.is_active:
        raise ValidationError({"user": _("账号 %(user)s 已停用") % {"user": user.get_username()}})
    key = tokens.new_key()
    while ApiToken.objects.filter(prefix=tokens.prefix_of(key)).exists():
        key = tokens.new_key()
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        prefix=tokens.prefix_of(key),
        digest=tokens.digest_of(key),
        personal_data=personal_data,
    )
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=token,
        scope_code=_home_of(user),
        changes={
            "user": [None, user.get_username()],
            "name": [None, token.name],
            "personal_data": [None, personal_data],
        },
    )
    return token, key


def normalise_prefix(value: str) -> str:
    value = value.strip().rstrip("…. ")
    if not value.startswith(tokens.KEY_START):
        value = tokens.KEY_START + value
    return tokens.prefix_of(value)


@transaction.atomic
def revoke_api_token(*, actor: Actor, prefix: str) -> ApiToken:
    token = (
        ApiToken.objects.select_for_update()
        .select_related("user")
        .filter(prefix=normalise_prefix(prefix))
        .first()
    )
    if token is None:
        raise ValidationError({"prefix": _("没有前缀为 %(prefix)s 的令牌") % {"prefix": prefix}})
    if token.revoked_at is not None:
        raise ValidationError(
            {
                "prefix": _("令牌 %(prefix)s 已于 %(when)s 吊销")
                % {
                    "prefix": token.prefix,
                    "when": f"{timezone.localtime(token.revoked_at):%Y-%m-%d %H:%M}",
                }
            }
        )
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(
        actor=actor,
        verb=Verb.REVOKE,
        target=token,
        scope_code=_home_of(token.user),
        changes={"revoked_at": [None, token.revoked_at.isoformat()]},
    )
    return token
