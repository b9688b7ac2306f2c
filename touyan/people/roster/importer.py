"""Roster import in three steps: ``read_roster`` reads the file and checks each row on its own,
``plan_checked`` matches the rows against the registry (both write nothing; ``plan_import`` is
the two together); ``apply_plan`` writes a plan in one transaction (all of it, or nothing).

Principals are matched by ID number (through its digest); schools by county and name. Importing
the same file twice finds every row unchanged and writes nothing.
"""

import datetime as dt
from dataclasses import asdict, dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.accounts.scopes import Scope
from touyan.audit.models import Verb
from touyan.audit.services import build_entry, field_changes, record_many, snapshot
from touyan.core import crypto, freshness, identity, personal_data
from touyan.core.actors import Actor
from touyan.core.bulk import update_each
from touyan.core.imports.progress import Tally, chunked
from touyan.core.text import join_list
from touyan.core.uploads import shorten
from touyan.people.enums import Title
from touyan.people.models import Principal, School
from touyan.people.services import MASKS, PRINCIPAL_FIELDS
from touyan.regions.models import Region

from .cells import clean_text
from .reading import open_roster
from .rows import RegionResolver, RosterRow, RowValidator

CHUNK = 500
CREATE, UPDATE, UNCHANGED, REJECTED = "create", "update", "unchanged", "rejected"
SCHOOL_FLAGS = ("kind", "is_public", "is_rural", "is_weak")
OPTIONAL_PRINCIPAL_FIELDS = ("mobile", "title", "in_service", "established")
PRINCIPAL_COLUMNS = [
    "name",
    "gender",
    "birth_date",
    "mobile",
    "school",
    "position",
    "title",
    "appointed_on",
    "in_service",
    "established",
    "updated_at",
]


class RosterRejected(Exception):
    """Raised when an all-or-nothing import meets rejected rows."""


@dataclass
class RowOutcome:
    row: int
    status: str
    name: str = ""
    id_masked: str = ""
    school: str = ""
    messages: list[str] = field(default_factory=list)


@dataclass
class RosterPlan:
    sheet_title: str
    outcomes: list[RowOutcome]
    new_principals: list[RosterRow]
    changed_principals: list[tuple[Principal, RosterRow]]
    new_schools: dict[tuple[str, str], RosterRow]
    changed_schools: list[tuple[School, RosterRow]]
    # The schools already in the registry that the valid rows name, by (county, name).
    known_schools: dict[tuple[str, str], School] = field(default_factory=dict)

    def count(self, status: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    @property
    def counts(self) -> dict[str, int]:
        return {status: self.count(status) for status in (CREATE, UPDATE, UNCHANGED, REJECTED)}

    @property
    def rejected(self) -> list[RowOutcome]:
        return [outcome for outcome in self.outcomes if outcome.status == REJECTED]

    def report(self, *, rows_per_status: int = 200) -> dict:
        """What the uploader is shown, small enough to keep: counts, the new schools, and the
        first rows of each kind (every rejected row, up to a few thousand)."""
        limits = {
            CREATE: rows_per_status,
            UPDATE: rows_per_status,
            UNCHANGED: rows_per_status,
            REJECTED: 5000,
        }
        rows: dict[str, list] = {status: [] for status in limits}
        for outcome in self.outcomes:
            kept = rows[outcome.status]
            if len(kept) < limits[outcome.status]:
                kept.append(asdict(outcome))
        return shorten(
            {
                "counts": self.counts,
                "new_schools": self.new_school_names[:rows_per_status],
                "new_school_count": len(self.new_schools),
                "rows": rows,
                "has_changes": self.has_changes,
            }
        )

    @property
    def new_school_names(self) -> list[str]:
        return sorted(name for _region, name in self.new_schools)

    @property
    def has_changes(self) -> bool:
        return bool(
            self.new_principals
            or self.changed_principals
            or self.new_schools
            or self.changed_schools
        )


@dataclass
class CheckedRoster:
    """A roster file read, each row checked on its own: what ``plan_rows`` matches."""

    sheet_title: str
    rows: list[RosterRow]
    rejected: list[RowOutcome]


def read_roster(source, *, scope: Scope, today: dt.date | None = None) -> CheckedRoster:
    """Read a roster and check each row on its own (cells, region, dates). Reads no principal
    or school: that is ``plan_rows``'s, in the writing transaction.

    Raises ``SpreadsheetRefused`` (or ``RosterFileError``) when the file as a whole cannot be
    read.
    """
    today = today or timezone.localdate()
    sheet = open_roster(source)
    validator = RowValidator(regions=RegionResolver(scope), today=today, labels=sheet.labels)
    rejected: list[RowOutcome] = []
    rows: list[RosterRow] = []
    for number, values in sheet.rows:
        row, errors = validator.validate(number, values)
        if row is None:
            rejected.append(
                RowOutcome(
                    row=number,
                    status=REJECTED,
                    name=clean_text(values.get("name")),
                    id_masked=identity.mask_id_number(
                        clean_text(values.get("id_number")).replace(" ", "")
                    ),
                    school=clean_text(values.get("school")),
                    messages=errors,
                )
            )
        else:
            rows.append(row)
    return CheckedRoster(sheet.title, rows, rejected)


def plan_checked(checked: CheckedRoster, *, scope: Scope) -> RosterPlan:
    # Outcomes are changed by planning: a plan of its own copies, so a checked roster can be
    # planned again.
    rejected = [RowOutcome(**asdict(outcome)) for outcome in checked.rejected]
    plan = plan_rows(checked.rows, scope=scope, rejected=rejected)
    plan.sheet_title = checked.sheet_title
    return plan


def plan_import(source, *, scope: Scope, today: dt.date | None = None) -> RosterPlan:
    """Read a roster and decide, row by row, what importing it would do. Writes nothing.

    Raises ``SpreadsheetRefused`` (or ``RosterFileError``) when the file as a whole cannot be
    read.
    """
    return plan_checked(read_roster(source, scope=scope, today=today), scope=scope)


def plan_rows(
    rows: list[RosterRow], *, scope: Scope, rejected: list[RowOutcome] = ()
) -> RosterPlan:
    """Match valid rows against the registry and against each other. Writes nothing."""
    outcomes = {outcome.row: outcome for outcome in rejected}
    valid: list[RosterRow] = []
    first_row_of_id: dict[str, int] = {}
    school_rows: dict[tuple[str, str], RosterRow] = {}
    for row in rows:
        outcome = RowOutcome(
            row=row.number,
            status=REJECTED,
            name=row.name,
            school=row.school_name,
            id_masked=identity.mask_id_number(row.id_number),
        )
        outcomes[row.number] = outcome
        if row.id_number in first_row_of_id:
            outcome.messages = [
                _("身份证号与第%(row)d行重复") % {"row": first_row_of_id[row.id_number]}
            ]
            continue
        other = school_rows.get(row.school_key)
        conflict = other and _school_conflict(other, row)
        if conflict:
            outcome.messages = [
                _("学校“%(school)s”的%(field)s与第%(row)d行不一致")
                % {"school": row.school_name, "field": conflict, "row": other.number}
            ]
            continue
        first_row_of_id[row.id_number] = row.number
        school_rows.setdefault(row.school_key, row)
        valid.append(row)

    schools = _existing_schools(school_rows)
    existing = _existing_principals(valid)
    plan = RosterPlan("", [], [], [], {}, [], known_schools=schools)
    for key, row in school_rows.items():
        school = schools.get(key)
        if school is None:
            plan.new_schools[key] = row
        elif _school_changes(school, row):
            plan.changed_schools.append((school, row))

    for row in valid:
        outcome = outcomes[row.number]
        current = existing.get(crypto.digest(row.id_number))
        if current is None:
            outcome.status = CREATE
            plan.new_principals.append(row)
            continue
        if not scope.covers(current.school.region_id):
            outcome.messages = [str(personal_data.OUTSIDE_SCOPE)]
            continue
        changed = _principal_changes(current, row, schools.get(row.school_key))
        if changed:
            outcome.status, outcome.messages = UPDATE, changed
            plan.changed_principals.append((current, row))
        else:
            outcome.status = UNCHANGED
    plan.outcomes = [outcomes[number] for number in sorted(outcomes)]
    return plan


@transaction.atomic
def apply_plan(
    plan: RosterPlan, *, actor: Actor, skip_invalid: bool, note: str = "", progress=None
) -> dict[str, int]:
    """Write a plan. With rejected rows and ``skip_invalid`` false nothing is written.
    ``progress(done, total)`` hears of the principals written, every few hundred."""
    if plan.rejected and not skip_invalid:
        raise RosterRejected(
            _("有%(n)d行未通过校验，按“全部或不导入”的选择，本次没有写入任何数据")
            % {"n": len(plan.rejected)}
        )
    now = timezone.now()
    tally = Tally(len(plan.new_principals) + len(plan.changed_principals), progress)
    entries = []
    freshness.touch(freshness.REGISTRY)
    schools = _write_schools(plan, actor=actor, now=now, entries=entries)
    record_many(entries)

    for rows in chunked(plan.new_principals, tally.every):
        created = []
        for row in rows:
            principal = Principal(created_at=now, updated_at=now)
            _fill_principal(principal, row, schools[row.school_key])
            created.append(principal)
        Principal.objects.bulk_create(created, batch_size=CHUNK)
        record_many(
            [
                build_entry(
                    actor=actor,
                    verb=Verb.CREATE,
                    target=principal,
                    scope_code=principal.school.region_id,
                    changes=field_changes({}, snapshot(principal, PRINCIPAL_FIELDS, masks=MASKS)),
                    note=note,
                    at=now,
                )
                for principal in created
            ]
        )
        tally.add(len(created))

    for pairs in chunked(plan.changed_principals, tally.every):
        updated, entries = [], []
        for principal, row in pairs:
            before = snapshot(principal, PRINCIPAL_FIELDS, masks=MASKS)
            _fill_principal(principal, row, schools[row.school_key])
            principal.updated_at = now
            updated.append(principal)
            entries.append(
                build_entry(
                    actor=actor,
                    verb=Verb.UPDATE,
                    target=principal,
                    scope_code=principal.school.region_id,
                    changes=field_changes(
                        before, snapshot(principal, PRINCIPAL_FIELDS, masks=MASKS)
                    ),
                    note=note,
                    at=now,
                )
            )
        update_each(updated, PRINCIPAL_COLUMNS)
        record_many(entries)
        tally.add(len(updated))
    return {
        "principals_created": len(plan.new_principals),
        "principals_updated": len(plan.changed_principals),
        "schools_created": len(plan.new_schools),
        "schools_updated": len(plan.changed_schools),
        "rows_rejected": len(plan.rejected),
    }


def _write_schools(
    plan: RosterPlan, *, actor: Actor, now, entries: list
) -> dict[tuple[str, str], School]:
    regions = Region.objects.in_bulk({row.region_code for row in plan.new_schools.values()})
    new = [
        School(
            name=row.school_name,
            region=regions[row.region_code],
            kind=row.kind,
            is_public=True if row.is_public is None else row.is_public,
            is_rural=bool(row.is_rural),
            is_weak=bool(row.is_weak),
            created_at=now,
            updated_at=now,
        )
        for row in plan.new_schools.values()
    ]
    School.objects.bulk_create(new, batch_size=CHUNK)
    changed = []
    for school, row in plan.changed_schools:
        before = snapshot(school, SCHOOL_FLAGS)
        _fill_school(school, row)
        school.updated_at = now
        changed.append(school)
        entries.append(
            build_entry(
                actor=actor,
                verb=Verb.UPDATE,
                target=school,
                scope_code=school.region_id,
                changes=field_changes(before, snapshot(school, SCHOOL_FLAGS)),
                at=now,
            )
        )
    update_each(changed, [*SCHOOL_FLAGS, "updated_at"])
    for school in new:
        entries.append(
            build_entry(
                actor=actor,
                verb=Verb.CREATE,
                target=school,
                scope_code=school.region_id,
                changes=field_changes({}, snapshot(school, ("name", "region", *SCHOOL_FLAGS))),
                at=now,
            )
        )
    # bulk_create has set the new schools' ids (both databases return them).
    return {**plan.known_schools, **{(school.region_id, school.name): school for school in new}}


def _fill_school(school: School, row: RosterRow) -> None:
    school.kind = row.kind
    for flag in ("is_public", "is_rural", "is_weak"):
        value = getattr(row, flag)
        if value is not None:
            setattr(school, flag, value)


def _school_changes(school: School, row: RosterRow) -> bool:
    if school.kind != row.kind:
        return True
    return any(
        getattr(row, flag) is not None and getattr(row, flag) != getattr(school, flag)
        for flag in ("is_public", "is_rural", "is_weak")
    )


def _school_conflict(first: RosterRow, later: RosterRow) -> str:
    if first.kind != later.kind:
        return _("学段")
    for flag, label in (
        ("is_public", _("办学性质")),
        ("is_rural", _("农村学校")),
        ("is_weak", _("薄弱学校")),
    ):
        a, b = getattr(first, flag), getattr(later, flag)
        if a is not None and b is not None and a != b:
            return label
    return ""


def _fill_principal(principal: Principal, row: RosterRow, school: School) -> None:
    principal.name = row.name
    principal.gender = row.gender
    principal.birth_date = row.birth_date
    if principal.pk is None:
        principal.assign_id_number(row.id_number)
        principal.mobile = row.mobile or ""
        principal.title = row.title or Title.NONE
        principal.in_service = True if row.in_service is None else row.in_service
        principal.established = True if row.established is None else row.established
    else:
        for name in OPTIONAL_PRINCIPAL_FIELDS:
            value = getattr(row, name)
            if value is not None:
                setattr(principal, name, value)
    principal.school = school
    principal.position = row.position
    if row.appointed_given:
        principal.appointed_on = row.appointed_on


def _principal_changes(current: Principal, row: RosterRow, school: School | None) -> list[str]:
    wanted = {
        "name": row.name,
        "gender": row.gender,
        "birth_date": row.birth_date,
        "position": row.position,
    }
    if row.appointed_given:
        wanted["appointed_on"] = row.appointed_on
    for name in OPTIONAL_PRINCIPAL_FIELDS:
        if getattr(row, name) is not None:
            wanted[name] = getattr(row, name)
    changed = [_label(name) for name, value in wanted.items() if getattr(current, name) != value]
    if school is None or current.school_id != school.pk:
        changed.append(_label("school"))
    if changed:
        return [_("将更新：%(fields)s") % {"fields": join_list(changed)}]
    return []


def _label(field_name: str) -> str:
    return str(Principal._meta.get_field(field_name).verbose_name)


def _existing_schools(keys) -> dict[tuple[str, str], School]:
    by_region: dict[str, set[str]] = {}
    for region_code, name in keys:
        by_region.setdefault(region_code, set()).add(name)
    found: dict[tuple[str, str], School] = {}
    region_codes = sorted(by_region)
    for start in range(0, len(region_codes), CHUNK):
        chunk = region_codes[start : start + CHUNK]
        for school in School.objects.filter(region_id__in=chunk).select_related("region"):
            if school.name in by_region[school.region_id]:
                found[(school.region_id, school.name)] = school
    return found


def _existing_principals(rows: list[RosterRow]) -> dict[str, Principal]:
    """Keyed by the digest under the newest key; a row still under an older key (during a key
    rotation) is found by its digest under that key."""
    newest_of = {
        old: crypto.digest(row.id_number) for row in rows for old in crypto.digests(row.id_number)
    }
    digests = list(newest_of)
    found: dict[str, Principal] = {}
    for start in range(0, len(digests), CHUNK):
        chunk = digests[start : start + CHUNK]
        for principal in Principal.objects.filter(id_digest__in=chunk).select_related("school"):
            found[newest_of[principal.id_digest]] = principal
    return found
