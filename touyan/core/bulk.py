"""Bulk writes for imports of tens of thousands of rows."""

from collections.abc import Sequence

from django.db import connection, models


def update_each(objects: Sequence[models.Model], fields: Sequence[str]) -> None:
    """Write ``fields`` of every object with one prepared UPDATE run for all rows.

    Django's ``bulk_update`` builds one CASE expression per field over the whole batch, which
    for 10,000 changed rows of 11 fields costs far more in Python than the SQL itself; a single
    statement executed with many parameter rows does the same work in a fraction of the time.
    Values go through each field's own preparation, so encrypted fields stay encrypted.
    """
    if not objects:
        return
    meta = type(objects[0])._meta
    columns = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in columns)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"
    rows = [
        [field.get_db_prep_save(getattr(obj, field.attname), connection) for field in columns]
        + [obj.pk]
        for obj in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
