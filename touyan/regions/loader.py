"""Loads the division table shipped with the package into the Region table (idempotent)."""

import csv
from pathlib import Path

from . import codes

DATA_FILE = Path(__file__).parent / "data" / "gbt2260.csv"


def read_divisions(path: Path = DATA_FILE) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return [(row["code"], row["name"]) for row in csv.DictReader(handle)]


def sync_regions(region_model, path: Path = DATA_FILE) -> int:
    """Create or rename every division of the file; returns how many rows changed.

    Takes the model as an argument so that a data migration can pass its historical model.
    """
    divisions = read_divisions(path)
    known = {code for code, _name in divisions}
    existing = {r.code: r for r in region_model.objects.all()}
    changed = 0
    for code, name in sorted(divisions):
        parent = next((c for c in codes.parent_candidates(code) if c in known), None)
        wanted = {"name": name, "level": codes.level_of(code), "parent_id": parent}
        current = existing.get(code)
        if current is None:
            region_model.objects.create(code=code, **wanted)
            changed += 1
        elif any(getattr(current, k) != v for k, v in wanted.items()):
            region_model.objects.filter(code=code).update(**wanted)
            changed += 1
    return changed
