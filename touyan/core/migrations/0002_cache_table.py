"""The table of the shared database cache (CACHE_URL=db://), made by ``migrate`` so that one
command prepares a new installation; created whatever the cache in use, so that switching from
Redis to the database needs nothing more."""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "touyan_cache"


def create(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("core", "0001_throttle_buckets")]

    operations = [migrations.RunPython(create, drop)]
