"""One read transaction over every table, so that a backup of a live system is consistent."""

from contextlib import contextmanager

from django.db import transaction


@contextmanager
def read_snapshot(connection):
    """PostgreSQL: REPEATABLE READ, READ ONLY (one snapshot for all statements, no locks that
    hold writers back). SQLite: a deferred read transaction, which in WAL mode sees one state
    while writers go on. Inside a transaction already open, that transaction is the snapshot."""
    if connection.in_atomic_block:
        yield
        return
    if connection.vendor == "sqlite":
        # Not atomic(): our SQLite connections begin IMMEDIATE, which would take the write lock.
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("COMMIT")
        return
    with transaction.atomic(using=connection.alias):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield
