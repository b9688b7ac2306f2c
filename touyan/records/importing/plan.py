"""What importing a record workbook would do, row by row: the plan ``planning.plan_import``
builds and ``writing.apply_plan`` writes."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from touyan.core.uploads import shorten
from touyan.programmes.models import Cohort, Programme, Studio
from touyan.records.models import Activity, Attendance, Deliverable

from .columns import ACTIVITIES, ATTENDANCE, DELIVERABLES
from .rows import DeliverableRow, PersonMark

CREATE, UPDATE, UNCHANGED, REJECTED = "create", "update", "unchanged", "rejected"
STATUSES = (CREATE, UPDATE, UNCHANGED, REJECTED)
SHEET_KINDS = (ACTIVITIES, ATTENDANCE, DELIVERABLES)


@dataclass
class RowOutcome:
    sheet: str
    row: int
    status: str
    label: str = ""
    detail: str = ""
    messages: list[str] = field(default_factory=list)


@dataclass
class ActivityPlan:
    """An activity to create, or one already recorded whose fields or attendance change."""

    studios: tuple[Studio, ...]
    cohort: Cohort | None
    # For a new activity every field of ``records.services.ACTIVITY_FIELDS``; for one already
    # recorded, the fields that change, with their new values.
    fields: dict
    existing: Activity | None = None
    row: int | None = None
    # Attendance to write: new marks, and marks that change (``old`` holds the current rows).
    marks: list[PersonMark] = field(default_factory=list)
    old: dict[int, Attendance] = field(default_factory=dict)
    # Every mark the file gives for this activity, by person, to find duplicates.
    seen: dict[int, PersonMark] = field(default_factory=dict)

    @property
    def has_changes(self) -> bool:
        return self.existing is None or bool(self.fields) or bool(self.marks)


@dataclass
class DeliverablePlan:
    row: DeliverableRow
    existing: Deliverable | None = None

    @property
    def changed(self) -> list[str]:
        if self.existing is None:
            return []
        names = []
        if self.existing.char_count != self.row.char_count:
            names.append("char_count")
        if self.existing.body != self.row.body:
            names.append("body")
        return names


@dataclass
class RecordPlan:
    programme: Programme
    sheets: dict[str, str] = field(default_factory=dict)  # kind → the sheet's title in the file
    outcomes: list[RowOutcome] = field(default_factory=list)
    activities: list[ActivityPlan] = field(default_factory=list)
    deliverables: list[DeliverablePlan] = field(default_factory=list)

    def count(self, status: str, sheet: str | None = None) -> int:
        return sum(
            1
            for outcome in self.outcomes
            if outcome.status == status and (sheet is None or outcome.sheet == sheet)
        )

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        for outcome in self.outcomes:
            counts[outcome.status] += 1
        return counts

    @property
    def counts_by_sheet(self) -> dict[str, dict[str, int]]:
        counts = {kind: dict.fromkeys(STATUSES, 0) for kind in self.sheets}
        for outcome in self.outcomes:
            counts[outcome.sheet][outcome.status] += 1
        return counts

    @property
    def rejected(self) -> list[RowOutcome]:
        return [outcome for outcome in self.outcomes if outcome.status == REJECTED]

    @property
    def has_changes(self) -> bool:
        return any(a.has_changes for a in self.activities) or any(
            d.existing is None or d.changed for d in self.deliverables
        )

    def report(self, *, rows_per_status: int = 200) -> dict:
        """What the uploader is shown, small enough to keep with the upload: counts, per sheet
        and in all, and the first rows of each kind (every rejected row, up to a few thousand)."""
        limits = dict.fromkeys(STATUSES, rows_per_status)
        limits[REJECTED] = 5000
        rows: dict[str, list] = {status: [] for status in STATUSES}
        for outcome in self.outcomes:
            kept = rows[outcome.status]
            if len(kept) < limits[outcome.status]:
                kept.append(asdict(outcome))
        return shorten(
            {
                "sheets": self.sheets,
                "counts": self.counts,
                "counts_by_sheet": self.counts_by_sheet,
                "rows": rows,
                "has_changes": self.has_changes,
            }
        )
