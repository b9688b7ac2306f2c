"""``touyan restore``: an archive into an empty database, SQLite or PostgreSQL.

Every check runs before anything is written: the archive is whole (checksums), made by this
version or an older one (its migrations are all known here), under the configured personal-data
keys, and the database and the upload storage are empty. Then the database is migrated to the
archive's state, every row is loaded in one transaction (foreign keys are checked at its end),
PostgreSQL's sequences are moved past the loaded keys, the database is migrated forward to this
version, and the uploads are written."""

import hashlib
import time
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DatabaseError, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from packaging.version import InvalidVersion, Version

import touyan
from touyan.core import crypto

from . import archive, folders, tables
from .values import loader, loads_row

BATCH = 1000


class RestoreRefused(Exception):
    """Why the archive is not restored; nothing has been written."""


@dataclass
class Summary:
    tables: int
    rows: int
    files: int
    seconds: float
    phases: dict[str, float]


def restore(*, path, passphrase: str | None = None, database: str = "default") -> Summary:
    started = time.monotonic()
    connection = connections[database]
    try:
        reader = archive.ArchiveReader(path, passphrase)
    except archive.ArchiveError as exc:
        raise RestoreRefused(str(exc)) from exc
    with reader:
        manifest = reader.manifest
        try:
            reader.verify()
        except archive.ArchiveError as exc:
            raise RestoreRefused(str(exc)) from exc
        check_version(manifest)
        check_keys(manifest)
        applied = {(app, name) for app, names in manifest["migrations"].items() for name in names}
        loader = MigrationLoader(connection, ignore_no_migrations=True)
        check_migrations_known(applied, loader)
        check_database_empty(connection, applied)
        uploads = uploads_to_write(reader)
        key_files = folders.to_write(reader)

        phases = {"检查": time.monotonic() - started}

        def lap(phase: str) -> None:
            phases[phase] = time.monotonic() - started - sum(phases.values())

        migrate_to(connection, applied)
        lap("迁移到归档的状态")
        models = {m._meta.label_lower: m for m in tables.models_at(loader, applied)}
        try:
            rows = load_rows(reader, connection, models, manifest["tables"])
        except DatabaseError as exc:
            raise RestoreRefused(
                f"载入数据失败，已载入的行全部撤回，数据库仍可再次恢复（{exc}）"
            ) from exc
        lap("载入数据")
        call_command("migrate", database=database, interactive=False, verbosity=0)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # planner statistics now, not at autovacuum's leisure
        lap("迁移到当前版本")
        for name in uploads:
            with reader.open(archive.FILES + name) as source:
                saved = default_storage.save(name, File(source, name=name))
            if saved != name:
                raise RestoreRefused(f"上传文件 {name} 被存为 {saved}")
        lap("写入上传文件")
        folders.write_back(reader, key_files)
    seconds = time.monotonic() - started
    return Summary(len(manifest["tables"]), rows, manifest["files"], seconds, phases)


def check_version(manifest) -> None:
    try:
        theirs = Version(manifest["product_version"])
    except (KeyError, InvalidVersion) as exc:
        raise RestoreRefused("归档清单没有可识别的产品版本") from exc
    if theirs > Version(touyan.__version__):
        raise RestoreRefused(
            f"归档由更新的版本 {theirs} 生成，当前版本为 {touyan.__version__}：请先升级再恢复"
        )


def check_keys(manifest) -> None:
    configured = set(crypto.key_check_values())
    unknown = [v for v in manifest.get("key_check_values", []) if v not in configured]
    if unknown or not manifest.get("key_check_values"):
        raise RestoreRefused(
            "归档中的个人信息是用另一个密钥加密的：请在 PERSONAL_DATA_KEYS 中配置生成归档时所用的密钥"
            f"（归档的密钥校验值：{', '.join(manifest.get('key_check_values', []))}）"
        )


def check_migrations_known(applied, loader) -> None:
    unknown = sorted(node for node in applied if node not in loader.graph.nodes)
    if unknown:
        names = ", ".join(".".join(node) for node in unknown[:3])
        raise RestoreRefused(f"归档含当前版本不认识的数据库迁移（{names}）：请用更新的版本恢复")


def check_database_empty(connection, applied) -> None:
    existing = set(connection.introspection.table_names())
    if not existing:
        return
    recorder = MigrationRecorder(connection)
    if recorder.has_table():
        ahead = set(recorder.applied_migrations()) - applied
        if ahead:
            raise RestoreRefused(
                "目标数据库已迁移到比归档更新的状态，无法先退回：请恢复到一个新建的空数据库"
            )
    skipped = {"django_migrations", *cache_tables()}
    skipped |= {apps.get_model(label)._meta.db_table for label in tables.FILLED_BY_MIGRATE}
    quote = connection.ops.quote_name
    holding = []
    with connection.cursor() as cursor:
        for table in sorted(existing - skipped):
            cursor.execute(f"SELECT 1 FROM {quote(table)} LIMIT 1")
            if cursor.fetchone():
                holding.append(table)
    if holding:
        raise RestoreRefused(
            f"目标数据库不是空的（{', '.join(sorted(holding)[:5])} 等表中已有数据）："
            "只能恢复到空数据库"
        )


def cache_tables() -> set[str]:
    """The database cache's tables: disposable, so rows there do not make a database non-empty."""
    return {
        cache["LOCATION"]
        for cache in settings.CACHES.values()
        if cache["BACKEND"].endswith("DatabaseCache")
    }


def uploads_to_write(reader) -> list[str]:
    """The archive's uploads not yet in the storage; one there with other content refuses."""
    missing = []
    for member in reader.members(archive.FILES):
        name = member.removeprefix(archive.FILES)
        if not default_storage.exists(name):
            missing.append(name)
            continue
        digest = hashlib.sha256()
        with default_storage.open(name, "rb") as handle:
            while block := handle.read(archive.COPY_BLOCK):
                digest.update(block)
        if digest.hexdigest() != reader.manifest["checksums"][member]:
            raise RestoreRefused(f"上传文件存储中已有内容不同的 {name}：只能恢复到空的存储")
    return missing


def migrate_to(connection, applied) -> None:
    """Migrations up to the archive's state, without post-migrate hooks: the archive brings the
    content types and permissions."""
    executor = MigrationExecutor(connection)
    targets = tables.latest_nodes(executor.loader, applied)
    executor.migrate(targets, plan=executor.migration_plan(targets))
    reached = set(MigrationRecorder(connection).applied_migrations())
    if reached != applied:
        raise RestoreRefused("无法把数据库迁移到归档的状态")


def load_rows(reader, connection, models, table_entries) -> int:
    total = 0
    quote = connection.ops.quote_name
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for label in table_entries:
            if label not in models:
                raise RestoreRefused(f"归档中的表 {label} 在它的迁移状态中不存在")
            cursor.execute(f"DELETE FROM {quote(models[label]._meta.db_table)}")
        for label, entry in table_entries.items():
            model = models[label]
            by_attname = {f.attname: f for f in tables.columns(model)}
            fields = [by_attname.get(name) for name in entry["columns"]]
            if None in fields:
                raise RestoreRefused(f"归档中表 {label} 的列与它的迁移状态不符")
            sql = "INSERT INTO {} ({}) VALUES ({})".format(
                quote(model._meta.db_table),
                ", ".join(quote(f.column) for f in fields),
                ", ".join(["%s"] * len(fields)),
            )
            loaders = [loader(f, connection) for f in fields]
            batch = []
            for line in reader.lines(archive.table_member(label)):
                values = loads_row(line)
                batch.append(
                    [
                        value if load is None or value is None else load(value)
                        for load, value in zip(loaders, values, strict=True)
                    ]
                )
                if len(batch) >= BATCH:
                    cursor.executemany(sql, batch)
                    total += len(batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
                total += len(batch)
        for statement in connection.ops.sequence_reset_sql(no_style(), list(models.values())):
            cursor.execute(statement)
    return total
