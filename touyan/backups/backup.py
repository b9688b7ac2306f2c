"""``touyan backup``: the database and the uploads into one archive, from one snapshot."""

import datetime as dt
import os
import time
from dataclasses import dataclass
from pathlib import Path

from django.core.files.storage import default_storage
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

import touyan
from touyan.core import crypto

from . import archive, folders, tables
from .snapshot import read_snapshot
from .values import dumps_row


@dataclass
class Summary:
    tables: int
    rows: int
    files: int
    size: int
    seconds: float


def uploaded_files(storage, folder: str = ""):
    """Every file name in the storage, depth first."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for name in sorted(folders):
        yield from uploaded_files(storage, f"{folder}/{name}" if folder else name)


def make_backup(*, output: Path, passphrase: str | None = None, database: str = "default"):
    started = time.monotonic()
    connection = connections[database]
    partial = output.with_name(output.name + ".partial")
    rows = files = 0
    try:
        with open(partial, "xb") as target, read_snapshot(connection):
            os.chmod(partial, 0o600)  # password hashes, sessions, ciphertext of ID numbers
            applied = sorted(MigrationRecorder(connection).applied_migrations())
            loader = MigrationLoader(connection, ignore_no_migrations=True)
            writer = archive.ArchiveWriter(target, passphrase)
            table_entries = {}
            for model in tables.models_at(loader, applied):
                label = model._meta.label_lower
                member = archive.table_member(label)
                count = 0
                with writer.text_member(member) as write:
                    for row in tables.stored_rows(model, connection):
                        write(dumps_row(row))
                        count += 1
                table_entries[label] = {
                    "table": model._meta.db_table,
                    "columns": [f.attname for f in tables.columns(model)],
                    "rows": count,
                }
                rows += count
            for name in uploaded_files(default_storage):
                with default_storage.open(name, "rb") as source:
                    writer.copy_member(archive.FILES + name, source)
                files += 1
            kept = folders.write_to(writer)
            writer.close(
                {
                    "format": archive.FORMAT,
                    "format_version": archive.FORMAT_VERSION,
                    "product_version": touyan.__version__,
                    "created_at": dt.datetime.now(dt.UTC).isoformat(),
                    "database_vendor": connection.vendor,
                    "migrations": migrations_by_app(applied),
                    "key_check_values": crypto.key_check_values(),
                    "tables": table_entries,
                    "files": files,
                    "key_files": kept,
                }
            )
        partial.replace(output)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return Summary(
        len(table_entries), rows, files, output.stat().st_size, time.monotonic() - started
    )


def migrations_by_app(applied) -> dict[str, list[str]]:
    by_app: dict[str, list[str]] = {}
    for app, name in applied:
        by_app.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(by_app.items())}
