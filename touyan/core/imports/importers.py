"""The imports, found among the installed models: every concrete ``StoredUpload`` is one, known
by its model label ("people.rosterimport"), so that a task queue can name it with an id."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol

from django.apps import apps
from django.utils.module_loading import import_string

from touyan.core.actors import Actor

from .models import StoredUpload


@dataclass(frozen=True)
class Labels:
    """What the pages say about an import. ``done`` is formatted with the result of ``apply``."""

    done: str
    discarded: str
    nothing_new: str


class Importer(Protocol):
    permission: str  # checked with ``permission_object`` on upload and confirm
    refusals: tuple[type[Exception], ...]  # what ``apply`` raises to refuse, with a message
    labels: Labels

    def context(self, upload: StoredUpload, *, lock: bool) -> dict[str, Any]:
        """What ``plan`` and ``apply`` take besides the file, from a stored upload; with
        ``lock``, the rows that imports into the same place must wait for are locked."""

    def fields(self, **context) -> dict[str, Any]:
        """The model's own fields for a new upload, from the context it is uploaded with."""

    def permission_object(self, **context) -> Any: ...

    def read(self, file, actor: Actor, **context) -> Any:
        """The file read and each row checked on its own, before any transaction is open (the
        longest part of a large import). Raises ``SpreadsheetRefused`` when the file as a whole
        cannot be read."""

    def plan(self, rows, actor: Actor, **context) -> Any:
        """The dry run of what ``read`` returned against the database as it is: an object with
        ``report()``, ``rejected`` and ``has_changes``. Writes nothing."""

    def apply(
        self, plan, actor: Actor, *, skip_invalid: bool, note: str, progress, **context
    ) -> dict:
        """Write ``plan``; returns counts. Raises one of ``refusals`` to write nothing.
        ``progress(done, total)``, when given, is called at least every few hundred rows
        written (``progress.Tally``)."""

    def rejected_row(self, outcome) -> dict:
        """A rejected row as kept with the upload's result."""

    def audit_scope(self, upload: StoredUpload) -> str:
        """Where the audit entries of this upload are filed ("" for the actor's own area)."""


def kind_of(model: type[StoredUpload]) -> str:
    return model._meta.label_lower


@cache
def _imports() -> Mapping[str, tuple[type[StoredUpload], Importer]]:
    return {
        kind_of(model): (model, import_string(model.importer)())
        for model in apps.get_models()
        if issubclass(model, StoredUpload)
    }


def kinds() -> list[str]:
    return sorted(_imports())


def model_of(kind: str) -> type[StoredUpload]:
    return _imports()[kind][0]


def importer_of(kind: str) -> Importer:
    return _imports()[kind][1]
