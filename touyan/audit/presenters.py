"""Turning stored changes into what a reader understands: field labels, choice labels, 是/否.

Total by construction: an entry's ``changes`` is whatever JSON a service stored, so every JSON
shape (None, booleans, numbers, strings, lists, objects, nested) and every kind of name (a
concrete field, a reverse relation such as an activity's ``files``, a name that is no field at
all) must render as text; nothing here may raise on stored data.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _

from .models import AuditEntry

EMPTY = "—"


@dataclass
class ChangeRow:
    label: str
    old: str
    new: str


def change_rows(entry: AuditEntry) -> list[ChangeRow]:
    model = entry.target_type.model_class() if entry.target_type_id else None
    changes = entry.changes
    if not isinstance(changes, Mapping):
        return (
            [] if changes in (None, "", [], {}) else [ChangeRow("", EMPTY, _display(None, changes))]
        )
    rows = []
    for name, values in changes.items():
        old, new = (
            values if isinstance(values, list | tuple) and len(values) == 2 else (None, values)
        )
        field = _field(model, str(name))
        rows.append(ChangeRow(_label(field, str(name)), _display(field, old), _display(field, new)))
    return rows


def _field(model, name: str):
    if model is None:
        return None
    for candidate in (name, name.removesuffix("_id")):
        try:
            return model._meta.get_field(candidate)
        except FieldDoesNotExist:
            continue
    return None


def _label(field, name: str) -> str:
    if field is None:
        return name
    if field.auto_created and not field.concrete:
        # A reverse relation (an activity's ``files``): named after the related model.
        return str(field.related_model._meta.verbose_name_plural)
    return str(getattr(field, "verbose_name", None) or name)


def _display(field, value: Any) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, list | tuple | set | frozenset):
        return "、".join(_display(field, item) for item in value)
    if isinstance(value, Mapping):
        return "；".join(f"{key}：{_display(None, item)}" for key, item in value.items())
    if isinstance(value, str | int) and _has_choices(field):
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def _has_choices(field) -> bool:
    return isinstance(field, models.Field) and bool(field.choices)
