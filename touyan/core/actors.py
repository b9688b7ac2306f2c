"""Who is acting, and from where: passed to every service so the audit trail can say it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from .addresses import client_address

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser as User
    from django.http import HttpRequest


class Source(models.TextChoices):
    WEB = "web", _("网页")
    API = "api", _("接口")
    CLI = "cli", _("命令行")
    SYSTEM = "system", _("系统")


@dataclass(frozen=True)
class Actor:
    user: User | None
    source: str = Source.SYSTEM
    ip_address: str | None = None

    @classmethod
    def from_request(
        cls, request: HttpRequest, *, user: User | None = None, source: str = Source.WEB
    ) -> Actor:
        if user is None:
            current = getattr(request, "user", None)
            user = current if current is not None and current.is_authenticated else None
        return cls(user=user, source=source, ip_address=client_address(request))

    @classmethod
    def command_line(cls, user: User | None = None) -> Actor:
        return cls(user=user, source=Source.CLI)

    @classmethod
    def system(cls) -> Actor:
        return cls(user=None, source=Source.SYSTEM)

    @cached_property
    def label(self) -> str:
        """The user name, kept in the trail even if the account is later removed; empty for
        the command line and the system, which the entry's source names."""
        return self.user.get_username() if self.user is not None else ""
