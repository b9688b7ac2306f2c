"""The archive's database-neutral form of a column value, and back.

A row is one JSON array per line, its values in the order of the table's columns: times in UTC
in ISO 8601, decimals as strings (their exact digits), durations in ISO 8601, binary in base64,
JSON documents with their keys sorted. Encrypted fields keep their stored ciphertext: they are
read and written as the raw column value, never through the field's decryption."""

import base64
import datetime as dt
import decimal
import json
import uuid

from django.utils.duration import duration_iso_string

from touyan.core.fields import EncryptedTextField


def is_raw(field) -> bool:
    """Fields whose stored value is copied as it is (ciphertext stays ciphertext)."""
    return isinstance(field, EncryptedTextField)


def encode(value):
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dt.timedelta):
        return duration_iso_string(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview | bytearray):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def dumps_row(values) -> str:
    return json.dumps(
        [encode(v) for v in values], ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )


def loads_row(line: str) -> list:
    return json.loads(line)


# Column types whose archived JSON value (int, str, bool) is already what the driver takes.
AS_ARCHIVED = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "SmallAutoField",
        "IntegerField",
        "BigIntegerField",
        "SmallIntegerField",
        "PositiveIntegerField",
        "PositiveBigIntegerField",
        "PositiveSmallIntegerField",
        "CharField",
        "TextField",
        "SlugField",
        "EmailField",
        "URLField",
        "BooleanField",
    }
)


def loader(field, connection):
    """A function turning ``field``'s archived value (not None) into the value to insert, or
    None when the archived value goes in as it is."""
    if is_raw(field):
        return None
    target = field.target_field if field.is_relation else field
    built_in = type(target).__module__.startswith("django.db.models.")  # no own conversions
    if built_in and target.get_internal_type() in AS_ARCHIVED:
        return None
    return lambda value: field.get_db_prep_save(field.to_python(value), connection)
