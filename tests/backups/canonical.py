"""Every table's row count and a digest of its rows, on a canonical form computed apart from the
archive's own encoding: decimals normalised, times in UTC, JSON with sorted keys, encrypted
fields by their clear value (read through the model, so also proving the key still opens them)."""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json

from django.apps import apps


def canonical(value) -> str:
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    if isinstance(value, memoryview | bytes):
        return bytes(value).hex()
    return repr(value)


def digests(alias: str) -> dict[str, tuple[int, str]]:
    found = {}
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.managed or model._meta.proxy:
            continue
        names = [f.attname for f in model._meta.concrete_fields]
        digest, count = hashlib.sha256(), 0
        for row in model._base_manager.using(alias).order_by("pk").values_list(*names):
            digest.update("\x1f".join(canonical(v) for v in row).encode() + b"\n")
            count += 1
        found[model._meta.label_lower] = (count, digest.hexdigest())
    return found
