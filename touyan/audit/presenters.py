"""Turning stored changes into what a reader understands: field labels, choice labels, 是/否."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

from .models import AuditEntry


@dataclass
class ChangeRow:
    label: str
    old: str
    new: str


def change_rows(entry: AuditEntry) -> list[ChangeRow]:
    model = entry.target_type.model_class() if entry.target_type_id else None
    rows = []
    for name, values in entry.changes.items():
        old, new = values if isinstance(values, list) and len(values) == 2 else (None, values)
        field = _field(model, name)
        label = str(field.verbose_name) if field is not None else name
        rows.append(ChangeRow(label, _display(field, old), _display(field, new)))
    return rows


def _field(model, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name.removesuffix("_id"))
    except FieldDoesNotExist:
        return None


def _display(field, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)
