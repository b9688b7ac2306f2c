"""The registry of job kinds: ``@job("allocation.run")`` on a function ``(job, **payload)``.

Kinds are found in each installed app's ``jobs.py`` or ``tasks.py`` (and in the modules named
by ``TOUYAN_JOB_MODULES``), imported once when the jobs app is ready."""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings


@dataclass(frozen=True)
class Kind:
    name: str
    body: Callable
    # The body runs in one transaction with the job marked done: its database effect is
    # applied exactly once. Bodies that commit as they go (and are idempotent by their own
    # state) say ``atomic=False``.
    atomic: bool
    max_attempts: int
    # A result that holds what only its own page may show (names, say) is kept off the job
    # pages, which show every result raw to whoever may see the job.
    shows_result: bool = True


KINDS: dict[str, Kind] = {}


def job(name: str, *, atomic: bool = True, max_attempts: int = 3, shows_result: bool = True):
    def register(body: Callable) -> Callable:
        KINDS[name] = Kind(
            name=name,
            body=body,
            atomic=atomic,
            max_attempts=max_attempts,
            shows_result=shows_result,
        )
        return body

    return register


def kind_of(name: str) -> Kind:
    if name not in KINDS:
        discover()
    return KINDS[name]


def discover() -> None:
    for config in apps.get_app_configs():
        if not config.name.startswith("touyan."):
            continue
        for module in ("jobs", "tasks"):
            if importlib.util.find_spec(f"{config.name}.{module}") is not None:
                importlib.import_module(f"{config.name}.{module}")
    for name in getattr(settings, "TOUYAN_JOB_MODULES", []):
        importlib.import_module(name)


def shows_result(name: str) -> bool:
    """Whether the job pages may show the raw result of a job of this kind (unknown: no)."""
    try:
        return kind_of(name).shows_result
    except KeyError:
        return False
