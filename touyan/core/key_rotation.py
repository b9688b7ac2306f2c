"""Moving every stored personal value to the newest personal-data key.

The fields are found over the app registry (every ``EncryptedTextField`` of every model), so
core names no domain. A table is walked in primary-key order, one batch per transaction, its
rows locked while they are rewritten: a value the newest key already reads, with a digest that
already matches, is left alone, so a rerun after an interruption only does what is left.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.db import IntegrityError, models, transaction
from django.db.models import Case, ExpressionWrapper, F, Value, When
from django.utils.translation import gettext as _

from touyan.audit.models import Verb
from touyan.audit.services import record

from . import crypto
from .actors import Actor
from .fields import EncryptedTextField, encrypted_fields

Progress = Callable[[str, int, int], None]


class DuplicatePerson(Exception):
    """Two rows hold the same value under a unique digest (written under two keys while
    processes rolled over); someone has to merge them before the rotation can finish."""


@dataclass
class Count:
    values: int = 0
    stale: int = 0
    stale_digests: int = 0
    unreadable: int = 0

    def add(self, other: "Count") -> None:
        self.values += other.values
        self.stale += other.stale
        self.stale_digests += other.stale_digests
        self.unreadable += other.unreadable

    @property
    def left(self) -> int:
        return self.stale + self.stale_digests


@dataclass
class Report:
    """Per ``app.Model.field``: values seen, still under an older key (or, after a rotation,
    moved to the newest), digests out of date, values no configured key reads."""

    fields: dict[str, Count] = field(default_factory=dict)

    @property
    def total(self) -> Count:
        total = Count()
        for count in self.fields.values():
            total.add(count)
        return total


def encrypted_models() -> Iterator[tuple[type[models.Model], list[EncryptedTextField]]]:
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        found = encrypted_fields(model)
        if found:
            yield model, found


def check(*, batch_size: int = 1000) -> Report:
    """What a rotation would still have to do; writes nothing."""
    report = Report()
    for model, found in encrypted_models():
        for _batch in _walk(model, found, report, batch_size=batch_size, write=False):
            pass
    return report


def rotate(*, actor: Actor, batch_size: int = 1000, progress: Progress | None = None) -> Report:
    """Re-encrypt every value under the newest key and recompute its digest, batch by batch.
    One audit entry for the run, with the counts, also when the run is interrupted."""
    report = Report()
    try:
        for model, found in encrypted_models():
            total = model._base_manager.count()
            for done in _walk(model, found, report, batch_size=batch_size, write=True):
                if progress is not None:
                    progress(model._meta.label, done, total)
    except BaseException:
        _record(actor, report, interrupted=True)
        raise
    _record(actor, report, interrupted=False)
    return report


def _record(actor: Actor, report: Report, *, interrupted: bool) -> None:
    total = report.total
    note = _(
        "个人信息密钥轮换：检查 %(values)d 个加密值，重新加密 %(stale)d 个，"
        "重算摘要 %(digests)d 个，无法解密 %(unreadable)d 个"
    ) % {
        "values": total.values,
        "stale": total.stale,
        "digests": total.stale_digests,
        "unreadable": total.unreadable,
    }
    if interrupted:
        note += _("（中断，可重新运行以继续）")
    record(actor=actor, verb=Verb.UPDATE, note=note)


def _walk(model, found, report: Report, *, batch_size: int, write: bool) -> Iterator[int]:
    """Yields the number of rows done after each batch; a batch counts once it is committed."""
    totals = {f.name: report.fields.setdefault(_label(model, f), Count()) for f in found}
    after, done = None, 0
    while True:
        counts = {f.name: Count() for f in found}
        with transaction.atomic():
            rows = _batch(model, found, after, batch_size=batch_size, lock=write)
            if not rows:
                return
            changes = [_changes(model, found, row, counts) for row in rows]
            if write:
                _write(model, found, [c for c in changes if c[1]])
        for name, count in counts.items():
            totals[name].add(count)
        after = rows[-1]["pk"]
        done += len(rows)
        yield done


def _label(model, encrypted: EncryptedTextField) -> str:
    return f"{model._meta.label}.{encrypted.name}"


def _raw(encrypted: EncryptedTextField) -> str:
    return f"stored_{encrypted.attname}"


def _batch(model, found, after, *, batch_size: int, lock: bool) -> list[dict]:
    # The stored text as such: read through a plain text output, not the field's decryption.
    stored = {
        _raw(f): ExpressionWrapper(F(f.attname), output_field=models.TextField()) for f in found
    }
    digest_names = [f.digest_field for f in found if f.digest_field]
    rows = model._base_manager.order_by("pk")
    if after is not None:
        rows = rows.filter(pk__gt=after)
    if lock:
        rows = rows.select_for_update()
    return list(rows.values("pk", *digest_names, **stored)[:batch_size])


def _changes(model, found, row: dict, counts: dict[str, Count]) -> tuple[object, dict[str, str]]:
    changed: dict[str, str] = {}
    for encrypted in found:
        count = counts[encrypted.name]
        token = row[_raw(encrypted)]
        if not token:
            continue
        count.values += 1
        try:
            clear, current = crypto.read(token)
        except crypto.InvalidToken:
            count.unreadable += 1
            continue
        if not current:
            count.stale += 1
            changed[encrypted.attname] = crypto.encrypt(clear)
        if encrypted.digest_field:
            expected = crypto.digest(clear)
            if row[encrypted.digest_field] != expected:
                count.stale_digests += 1
                changed[encrypted.digest_field] = expected
    return row["pk"], changed


def _write(model, found, changes: list[tuple[object, dict[str, str]]]) -> None:
    """One UPDATE for the batch; values go in as stored text, past the field's encryption."""
    if not changes:
        return
    columns = {name for _pk, changed in changes for name in changed}
    assignments = {
        name: Case(
            *[
                When(pk=pk, then=Value(changed[name], output_field=models.TextField()))
                for pk, changed in changes
                if name in changed
            ],
            default=F(name),
            output_field=models.TextField(),
        )
        for name in columns
    }
    try:
        with transaction.atomic():
            model._base_manager.filter(pk__in=[pk for pk, _c in changes]).update(**assignments)
    except IntegrityError as exc:
        raise DuplicatePerson(_duplicates_message(model, found, changes)) from exc


def _duplicates_message(model, found, changes) -> str:
    """Which rows would share a digest: named by primary key only, never by the value."""
    clashes = []
    for encrypted in found:
        name = encrypted.digest_field
        if not name:
            continue
        wanted = {changed[name]: pk for pk, changed in changes if name in changed}
        holders = model._base_manager.filter(**{f"{name}__in": list(wanted)})
        for other_pk, digest in holders.values_list("pk", name):
            if other_pk != wanted[digest]:
                clashes.append(f"{wanted[digest]}/{other_pk}")
    label = model._meta.label
    pairs = "、".join(clashes) or "?"
    return f"{label}：以下记录是同一人的重复记录（编号 {pairs}），请合并后重新运行。"
