"""The one way to write the audit trail. Services call these inside their transaction."""

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.accounts.scopes import scope_of
from touyan.core.actors import Actor
from touyan.core.personal_data import Disclosure, holds_right, is_own

from .models import AuditEntry, Verb

# What the trail writes in place of a secret (a password, a key).
MASK = "***"


def snapshot(
    instance: models.Model,
    fields: Iterable[str],
    *,
    masks: Mapping[str, Callable[[str], str]] | None = None,
) -> dict[str, Any]:
    """The values an audit entry may keep: related objects by name, sensitive values masked
    the way people without the right to see them see them (``139****5678``)."""
    masks = masks or {}
    values = {}
    for name in fields:
        value = getattr(instance, name)
        if name in masks:
            value = masks[name](value) if value else value
        elif isinstance(value, models.Model):
            value = str(value)
        values[name] = value
    return values


def field_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for the fields that differ between two snapshots."""
    changes = {}
    for field in sorted(set(before) | set(after)):
        old, new = before.get(field), after.get(field)
        if old != new:
            changes[field] = [_plain(old), _plain(new)]
    return changes


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def build_entry(
    *,
    actor: Actor,
    verb: Verb | str,
    target: models.Model | None = None,
    scope_code: str = "",
    changes: Mapping[str, Any] | None = None,
    note: str = "",
    at=None,
) -> AuditEntry:
    return AuditEntry(
        at=at or timezone.now(),
        actor=actor.user,
        actor_label=actor.label,
        source=actor.source,
        ip_address=actor.ip_address,
        verb=verb,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:255] if target is not None else "",
        scope_code=scope_code or _home_code(actor),
        changes=dict(changes or {}),
        note=note,
    )


def _home_code(actor: Actor) -> str:
    """Where an entry without a place of its own is filed: the acting user's own area."""
    if actor.user is None:
        return ""
    codes = scope_of(actor.user).region_codes
    return codes[0] if codes else ""


def record(**kwargs) -> AuditEntry:
    entry = build_entry(**kwargs)
    entry.save()
    return entry


def record_many(entries: list[AuditEntry]) -> None:
    AuditEntry.objects.bulk_create(entries, batch_size=2000)


# Exports and full numbers --------------------------------------------------------------------


def record_export(
    *,
    actor: Actor,
    what: str,
    count: int,
    unit: str = "",
    disclosure: Disclosure | None = None,
    target: models.Model | None = None,
    scope_code: str = "",
) -> None:
    """The audit of an export, written by the service that writes it: what left and how much
    (``count`` ``unit``: rows, people, forms; items when no unit is given), and, when the
    disclosure gave anyone's full numbers, how many people's (``record_disclosure``)."""
    unit = unit or _("条")
    record(
        actor=actor,
        verb=Verb.EXPORT,
        target=target,
        scope_code=scope_code,
        note=_("导出%(what)s，%(count)d %(unit)s") % {"what": what, "count": count, "unit": unit},
    )
    if disclosure is not None:
        record_disclosure(
            actor=actor,
            disclosure=disclosure,
            what=_("导出%(what)s") % {"what": what},
            target=target,
            scope_code=scope_code,
        )


def record_disclosure(
    *,
    actor: Actor,
    disclosure: Disclosure,
    what: str,
    target: models.Model | None = None,
    scope_code: str = "",
) -> None:
    """One entry for an export or an answer that gave full numbers: what, and how many
    people. Nothing when every number went out masked (or was the viewer's own)."""
    if not disclosure.disclosed:
        return
    record(
        actor=actor,
        verb=Verb.REVEAL,
        target=target,
        scope_code=scope_code,
        note=_("%(what)s：含完整身份证号与手机号 %(n)d 人")
        % {"what": what, "n": len(disclosure.disclosed)},
    )


@transaction.atomic
def reveal(*, actor: Actor, subject, scope_code: str = "") -> Disclosure:
    """Show one person's full numbers to the actor, once, and record who saw whose numbers."""
    if not (is_own(actor.user, subject) or holds_right(actor.user, subject)):
        raise PermissionDenied
    record(
        actor=actor,
        verb=Verb.REVEAL,
        target=subject,
        scope_code=scope_code,
        note=_("查看完整身份证号与手机号"),
    )
    disclosure = Disclosure(viewer=actor.user, full=True)
    disclosure.in_full(subject)
    return disclosure
