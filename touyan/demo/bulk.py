"""Writing millions of generated rows quickly, for benchmark data only.

Rows are plain tuples in a declared column order. Ids are reserved before writing, so rows of
one table can point at rows of another that are written in the same batch. On PostgreSQL the
rows go through ``COPY … FROM STDIN`` and the ids come from the table's own sequence, so later
inserts by the application never collide with them; elsewhere (SQLite) they go through one
prepared ``INSERT`` per batch and the ids continue after the largest one in the table, which is
safe because the caller holds the database's write lock for the whole transaction.

On PostgreSQL, when the role may (a superuser), foreign keys are not checked row by row while
loading (``session_replication_role = replica`` for the transaction): that per-row check is
half the server's work. ``finish`` then checks every foreign key of the rows written with one
set-based query per key and fails the transaction on any dangling reference.

Nothing here validates or audits: it is for data that was generated consistent, never for data
people typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db import IntegrityError, connection, models


class FastWriter:
    def __init__(self) -> None:
        self.postgresql = connection.vendor == "postgresql"
        self._next_id: dict[str, int] = {}
        self._first_id: dict[type[models.Model], int] = {}
        self.rows_written: dict[str, int] = {}
        self.checks_deferred = False

    def begin(self) -> None:
        """Call once inside the transaction. Foreign keys are checked at the end of each
        statement rather than at commit, so the queue of pending checks stays one batch long,
        or not per row at all where the role allows it (see ``finish``)."""
        if not self.postgresql:
            return
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SELECT current_setting('is_superuser') = 'on'")
            if cursor.fetchone()[0]:
                cursor.execute("SET LOCAL session_replication_role = replica")
                self.checks_deferred = True

    def finish(self) -> None:
        """Call once before the transaction ends: checks the foreign keys of everything written
        when they were not checked row by row."""
        if not self.checks_deferred:
            return
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = origin")
            for model, first in self._first_id.items():
                for field in model._meta.concrete_fields:
                    if field.is_relation:
                        _check_references(cursor, model, field, first)
        self.checks_deferred = False

    def reserve(self, model: type[models.Model], count: int) -> list[int]:
        """``count`` fresh primary keys for ``model``, in increasing order."""
        if count <= 0:
            return []
        ids = self._reserve(model, count)
        self._first_id.setdefault(model, ids[0])
        return ids

    def _reserve(self, model: type[models.Model], count: int) -> list[int]:
        table = model._meta.db_table
        if self.postgresql:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [table, model._meta.pk.column, count],
                )
                return sorted(row[0] for row in cursor.fetchall())
        if table not in self._next_id:
            with connection.cursor() as cursor:
                cursor.execute(f'SELECT COALESCE(MAX("{model._meta.pk.column}"), 0) FROM "{table}"')
                self._next_id[table] = cursor.fetchone()[0] + 1
        first = self._next_id[table]
        self._next_id[table] = first + count
        return list(range(first, first + count))

    def write(
        self, model: type[models.Model], columns: Sequence[str], rows: Iterable[tuple]
    ) -> int:
        """Write ``rows`` (tuples in the order of ``columns``, field attnames) and return how
        many were written. Every concrete field must be named: nothing relies on defaults."""
        fields = {field.attname: field for field in model._meta.concrete_fields}
        missing = set(fields) - set(columns)
        unknown = set(columns) - set(fields)
        if missing or unknown:
            raise ValueError(
                f"{model.__name__}: missing {sorted(missing)}, unknown {sorted(unknown)}"
            )
        table = model._meta.db_table
        names = ", ".join(f'"{fields[name].column}"' for name in columns)
        if self.postgresql:
            written = self._copy(f'COPY "{table}" ({names}) FROM STDIN', rows)
        else:
            written = self._insert(table, names, [fields[name] for name in columns], rows)
        self.rows_written[table] = self.rows_written.get(table, 0) + written
        return written

    def _copy(self, statement: str, rows: Iterable[tuple]) -> int:
        written = 0
        with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
                written += 1
        return written

    def _insert(self, table: str, names: str, fields: list, rows: Iterable[tuple]) -> int:
        adapters = [_adapter(field) for field in fields]
        if any(adapters):
            rows = (
                tuple(
                    value if adapt is None or value is None else adapt(value)
                    for adapt, value in zip(adapters, row, strict=True)
                )
                for row in rows
            )
        marks = ", ".join("?" * len(fields))
        rows = list(rows)
        connection.ensure_connection()
        connection.connection.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)
        return len(rows)


def _check_references(cursor, model: type[models.Model], field, first_id: int) -> None:
    target = field.target_field
    table, column = model._meta.db_table, field.column
    cursor.execute(
        f'SELECT COUNT(*) FROM "{table}" AS child WHERE child."{model._meta.pk.column}" >= %s '
        f'AND child."{column}" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM '
        f'"{target.model._meta.db_table}" AS parent '
        f'WHERE parent."{target.column}" = child."{column}")',
        [first_id],
    )
    dangling = cursor.fetchone()[0]
    if dangling:
        raise IntegrityError(f"{table}.{column}: {dangling} rows point at nothing")


def _adapter(field: models.Field):
    """The conversion the SQLite driver does not do by itself, cached per distinct value
    (timestamps and times repeat a great deal in generated data)."""
    if isinstance(field, models.DateTimeField):
        convert = connection.ops.adapt_datetimefield_value
    elif isinstance(field, models.TimeField):
        convert = connection.ops.adapt_timefield_value
    else:
        return None
    cache: dict[dt.datetime | dt.time, str] = {}

    def adapt(value):
        if value not in cache:
            cache[value] = convert(value)
        return cache[value]

    return adapt
