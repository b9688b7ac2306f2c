"""How long each kind of data is kept: the one place that says it.

``settings.RETENTION`` maps a kind to days (``RETENTION_<KIND>_DAYS`` in the environment). The
periodic job ``retention.purge`` asks every purge registered in ``registry.RETENTION`` to remove
what is older than its kind's period; unconfirmed uploads keep their own nightly job
(``uploads.purge``), whose age comes from here too. Core names the kinds; the domains purge."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from . import registry
from .actors import Actor


@dataclass(frozen=True)
class Kind:
    name: str
    label: str | Promise
    default_days: float
    minimum_days: float = 0
    # Why the default is what it is, for docs/operations.md and the system check.
    reason: str = ""


# Cybersecurity Law Art. 21: network logs kept no less than six months.
AUDIT_MINIMUM_DAYS = 180

KINDS = {
    kind.name: kind
    for kind in (
        Kind(
            "uploads",
            _("未确认的导入上传"),
            1,
            reason="an import waiting for confirmation holds ID numbers",
        ),
        Kind(
            "job_files",
            _("后台任务生成的文件"),
            1,
            reason="a file made for one person (a district's forms) is for downloading, not keeping",
        ),
        Kind(
            "objectors",
            _("公示异议人的姓名和联系方式"),
            90,
            reason="an objector's name and contact after the notice closes",
        ),
        Kind(
            "notifications", _("通知"), 180, reason="read or unread, a notification is a reminder"
        ),
        Kind(
            "login_attempts",
            _("登录尝试记录"),
            90,
            reason="login throttling needs minutes; audits a season",
        ),
        Kind(
            "audit",
            _("审计日志"),
            3 * 365,
            minimum_days=AUDIT_MINIMUM_DAYS,
            reason="Cybersecurity Law Art. 21: at least six months",
        ),
    )
}


def days(kind: str) -> float:
    configured = getattr(settings, "RETENTION", {}) or {}
    return float(configured.get(kind, KINDS[kind].default_days))


def kept_for(kind: str) -> dt.timedelta:
    # Never below the kind's legal minimum (nor below nothing), even when the system check was
    # not run.
    return dt.timedelta(days=max(days(kind), KINDS[kind].minimum_days, 0))


def kept_words(kind: str) -> str:
    """How long this kind is kept, for the pages that promise it: "24 小时" under two days,
    else whole days ("3 天")."""
    hours = kept_for(kind).total_seconds() / 3600
    if hours < 48:
        n = max(round(hours), 1)
        return ngettext("%(n)d 小时", "%(n)d 小时", n) % {"n": n}
    n = round(hours / 24)
    return ngettext("%(n)d 天", "%(n)d 天", n) % {"n": n}


def cutoff(kind: str, now: dt.datetime | None = None) -> dt.datetime:
    """Rows of this kind from before this moment are past their time."""
    return (now or timezone.now()) - kept_for(kind)


@dataclass(frozen=True)
class Purged:
    """What one purge removed (or blanked): counts only, never what the rows held."""

    kind: str
    count: int


def purged(kind: str, count: int, *, before: dt.datetime) -> Purged:
    """The audit entry of one purge, in the purge's transaction: which kind, how many rows, and
    the moment before which they were; nothing of what they held. Nothing purged, no entry."""
    from touyan.audit.models import Verb
    from touyan.audit.services import record

    if count:
        record(
            actor=Actor.system(),
            verb=Verb.DELETE,
            changes={"retention": kind, "count": count, "before": before.isoformat()},
            note=gettext("保存期限届满：%(kind)s %(count)d 条")
            % {"kind": KINDS[kind].label, "count": count},
        )
    return Purged(kind=kind, count=count)


def apply(now: dt.datetime | None = None) -> dict[str, int]:
    """Run every registered purge. Each works in its own transaction and audits its counts: if
    one fails, the job stops and is tried again, and what the purges before it did is done and
    not repeated (they find nothing left)."""
    now = now or timezone.now()
    counts: dict[str, int] = {}
    for result in registry.RETENTION.items(now):
        counts[result.kind] = counts.get(result.kind, 0) + result.count
    return counts


@register(Tags.compatibility)
def retention_is_lawful(app_configs, **kwargs):
    errors = []
    configured = getattr(settings, "RETENTION", {}) or {}
    for name in configured:
        if name not in KINDS:
            errors.append(
                Error(
                    f"RETENTION names an unknown kind {name!r}.",
                    hint="Known kinds: " + ", ".join(KINDS),
                    id="touyan.E020",
                )
            )
    for kind in KINDS.values():
        if kind.name not in configured:
            continue
        try:
            value = days(kind.name)
        except (TypeError, ValueError):
            errors.append(
                Error(f"RETENTION[{kind.name!r}] is not a number of days.", id="touyan.E021")
            )
            continue
        if value < max(kind.minimum_days, 0):
            errors.append(
                Error(
                    f"RETENTION[{kind.name!r}] is {value:g} days; it may not be below "
                    f"{kind.minimum_days:g} days ({kind.reason}).",
                    hint=f"Set RETENTION_{kind.name.upper()}_DAYS to {kind.minimum_days:g} or more.",
                    id="touyan.E022",
                )
            )
    return errors
