"""How far the writing of a confirmed import got, readable by others while it writes.

An import is written in one transaction, so that everyone sees all of it or nothing. A job's
progress written through that transaction's connection would show only at its commit, so the
writing reports through a channel of its own (``LiveProgress``):

- **PostgreSQL**: a second connection, in autocommit, updates the job's row: every page and
  every machine reads it as before. It waits at most a second for a row lock and then gives the
  report up: progress is advice, never a reason to fail an import.
- **SQLite** allows one writer at a time, and the import's transaction holds the write lock
  until it commits, so no connection can write the job's row meanwhile. The progress goes to a
  small database of its own beside the main one (``<database>-progress``, in WAL mode), which the
  job's status (``live``) reads while the job runs. SQLite serves one machine, so a file beside
  the database is seen by the web and the worker alike.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections

log = logging.getLogger(__name__)

# Rows written between two reports, at most.
EVERY = 250


def chunked(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Tally:
    """Counts the rows written and reports every ``every`` of them, and at the end."""

    def __init__(
        self, total: int, report: Callable[[int, int], None] | None, *, every: int | None = None
    ):
        self.total, self.report, self.every = total, report, every or EVERY
        self.done = self.reported = 0

    def add(self, rows: int) -> None:
        if not rows:
            return
        self.done += rows
        if self.report and (self.done - self.reported >= self.every or self.done >= self.total):
            self.reported = self.done
            self.report(self.done, self.total)


def _side_file() -> Path:
    name = str(connection.settings_dict["NAME"])
    if name.startswith("file:") or name == ":memory:" or not name:
        # An in-memory database (the tests) is one process's: so is its side file.
        return Path(tempfile.gettempdir()) / f"touyan-progress-{os.getpid()}.sqlite3"
    return Path(f"{name}-progress")


def _side_database() -> sqlite3.Connection:
    side = sqlite3.connect(_side_file(), timeout=1, isolation_level=None)
    side.execute("PRAGMA journal_mode=WAL")
    side.execute(
        "CREATE TABLE IF NOT EXISTS progress (job INTEGER PRIMARY KEY, current INTEGER, "
        "total INTEGER, message TEXT)"
    )
    return side


class LiveProgress:
    """Reports a job's progress where other connections read it at once; ``close`` after."""

    def __init__(self, job):
        self.job = job
        self._side = None

    def __call__(self, current: int, total: int, message: str) -> None:
        message = str(message)[:200]
        self.job.progress_current, self.job.progress_total = current, total
        self.job.progress_message = message
        try:
            if connection.vendor == "sqlite":
                self._sqlite(current, total, message)
            else:
                self._second_connection(current, total, message)
        except (DatabaseError, sqlite3.Error):
            log.warning("progress of job %s not reported", self.job.pk, exc_info=True)

    def _second_connection(self, current: int, total: int, message: str) -> None:
        if self._side is None:
            self._side = connections.create_connection(DEFAULT_DB_ALIAS)
            with self._side.cursor() as cursor:
                cursor.execute("SET lock_timeout = '1s'")
        meta = type(self.job)._meta
        quote = self._side.ops.quote_name
        columns = ", ".join(
            f"{quote(meta.get_field(name).column)} = %s"
            for name in ("progress_current", "progress_total", "progress_message")
        )
        with self._side.cursor() as cursor:
            cursor.execute(
                f"UPDATE {quote(meta.db_table)} SET {columns} WHERE {quote(meta.pk.column)} = %s",
                [current, total, message, self.job.pk],
            )

    def _sqlite(self, current: int, total: int, message: str) -> None:
        if self._side is None:
            self._side = _side_database()
        self._side.execute(
            "INSERT OR REPLACE INTO progress VALUES (?, ?, ?, ?)",
            (self.job.pk, current, total, message),
        )

    def close(self) -> None:
        side, self._side = self._side, None
        if side is None:
            return
        try:
            if isinstance(side, sqlite3.Connection):
                side.execute("DELETE FROM progress WHERE job = ?", (self.job.pk,))
            side.close()
        except (DatabaseError, sqlite3.Error):
            log.warning("progress of job %s not cleared", self.job.pk, exc_info=True)


def live(job):
    """``job`` with the progress its writing reported on the side (SQLite), while it runs."""
    if connection.vendor != "sqlite" or job is None or job.state != job.State.RUNNING:
        return job
    try:
        side = sqlite3.connect(f"file:{_side_file()}?mode=ro", uri=True, timeout=1)
        try:
            found = side.execute(
                "SELECT current, total, message FROM progress WHERE job = ?", (job.pk,)
            ).fetchone()
        finally:
            side.close()
    except sqlite3.Error:
        return job  # no side file yet: nothing reported on the side
    if found:
        job.progress_current, job.progress_total, job.progress_message = found
    return job
