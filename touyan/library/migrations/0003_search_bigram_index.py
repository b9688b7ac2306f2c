"""On PostgreSQL, an index for two-character queries, which the trigram index (0002) cannot
serve (a pattern of two characters holds no trigram): every pair of adjacent characters of
``search_text``, as an array under a GIN index. Two characters are a substring exactly when they
are one of these pairs, so ``search.narrow`` asks this index instead of ``LIKE`` for a
two-character query, and finds the same rows as SQLite does. Nothing on SQLite."""

from django.db import migrations

FUNCTION = "library_bigrams"
INDEX = "library_resource_search_bigrams"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE OR REPLACE FUNCTION {FUNCTION}(value text) RETURNS text[] "
        "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ "
        "SELECT coalesce(array_agg(DISTINCT substr(value, i, 2)), '{}'::text[]) "
        "FROM generate_series(1, length(value) - 1) AS i $$"
    )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON library_resource "
        f"USING gin ({FUNCTION}(search_text))"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}(text)")


class Migration(migrations.Migration):
    dependencies = [("library", "0002_search_trigram_index")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
