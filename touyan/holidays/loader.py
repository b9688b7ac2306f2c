"""The shipped holiday arrangements (``data/china.json``, generated once from the
``chinese-calendar`` package) loaded into the database: by the data migration, and by tests
that empty every table."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

DATA = Path(__file__).with_name("data") / "china.json"


def shipped_years() -> dict[int, dict]:
    document = json.loads(DATA.read_text(encoding="utf-8"))
    return {
        int(year): {"source": document["source"], **days}
        for year, days in document["years"].items()
    }


def sync_holidays(year_model, day_model) -> None:
    """Add the shipped years that are missing; a year already present is left as it is."""
    known = set(year_model.objects.values_list("year", flat=True))
    for year, data in sorted(shipped_years().items()):
        if year in known:
            continue
        row = year_model.objects.create(year=year, source=data["source"], shipped=True)
        day_model.objects.bulk_create(
            [
                day_model(year=row, date=dt.date.fromisoformat(day), kind=kind, name=name)
                for kind, key in (("holiday", "holidays"), ("workday", "workdays"))
                for day, name in data[key]
            ]
        )
