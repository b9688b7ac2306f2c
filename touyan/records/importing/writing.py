"""Writing a record plan in one transaction: all of it, or nothing, in parts of a few hundred
rows (each with its audit entries), after each of which ``progress`` hears how far it got.

``apply_plan`` writes in bulk — a few statements per table instead of a dozen per activity — and
produces the same rows and the same audit entries as ``records.services`` would
(``create_activity``, ``update_activity``, ``record_attendance``, ``submit_deliverable``).
``write_through_services`` writes a plan through those services one call at a time; tests hold
the two to the same result, and the benchmark times both.

Two things the services have no function for are written here: a deliverable known only by its
declared length (handed in on paper or as a file kept elsewhere), and a new text or length of a
deliverable already recorded.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.audit.models import Verb
from touyan.audit.services import build_entry, field_changes, record_many, snapshot
from touyan.compliance.freshness import touch
from touyan.core.actors import Actor
from touyan.core.bulk import update_each
from touyan.core.imports.progress import Tally, chunked
from touyan.core.steps import require
from touyan.programmes.models import Programme
from touyan.records import services
from touyan.records.models import Activity, Attendance, CountSource, Deliverable, Organiser

from .plan import ActivityPlan, DeliverablePlan, RecordPlan

CHUNK = 500
ATTENDANCE_FIELDS = ["status", "presented", "note", "recorded_by"]


class RecordsRejected(Exception):
    """Raised when an all-or-nothing import meets rejected rows."""


def _refuse_unless(plan: RecordPlan, skip_invalid: bool) -> None:
    if plan.rejected and not skip_invalid:
        raise RecordsRejected(
            _("有 %(n)d 行未通过校验，按“全部或不导入”的选择，本次没有写入任何数据")
            % {"n": len(plan.rejected)}
        )


def _scope(programme: Programme, studios) -> str:
    """Where an activity's entries are filed, as ``records.services`` files them."""
    return studios[0].region_id if len(studios) == 1 else programme.jurisdiction_id


@transaction.atomic
def apply_plan(
    plan: RecordPlan, *, actor: Actor, skip_invalid: bool, progress=None
) -> dict[str, int]:
    """Write a plan. With rejected rows and ``skip_invalid`` false nothing is written.
    ``progress(done, total)`` hears of the rows written (activities, marks, deliverables), every
    few hundred; the audit entries are written with each part."""
    require(actor, "records.import_records", plan.programme)
    _refuse_unless(plan, skip_invalid)
    touch(plan.programme.pk)
    now = timezone.now()
    tally = Tally(_rows_to_write(plan), progress)
    entries = Entries()
    created = _create_activities(plan, actor=actor, now=now, entries=entries, tally=tally)
    updated = _update_activities(plan, actor=actor, now=now, entries=entries, tally=tally)
    marks = _write_attendance(
        plan,
        lambda p: p.existing or created[id(p)],
        actor=actor,
        now=now,
        entries=entries,
        tally=tally,
    )
    deliverables = _write_deliverables(plan, actor=actor, now=now, entries=entries, tally=tally)
    entries.write()
    return {
        "activities_created": len(created),
        "activities_updated": updated,
        "attendance_created": marks[0],
        "attendance_updated": marks[1],
        "deliverables_created": deliverables[0],
        "deliverables_updated": deliverables[1],
        "rows_rejected": len(plan.rejected),
    }


class Entries(list):
    """Audit entries waiting to be written, written with each part of the plan."""

    def write(self) -> None:
        record_many(self)
        self.clear()


def _rows_to_write(plan: RecordPlan) -> int:
    activities = sum(1 for p in plan.activities if p.existing is None or p.fields)
    marks = sum(len(p.marks) for p in plan.activities)
    deliverables = sum(1 for d in plan.deliverables if d.existing is None or d.changed)
    return activities + marks + deliverables


def _organisers(p: ActivityPlan) -> list:
    return [*p.studios, *([p.cohort] if p.cohort else [])]


def _create_activities(
    plan: RecordPlan, *, actor: Actor, now, entries: Entries, tally: Tally
) -> dict:
    """The new activities with their organisers; ``{id(activity plan): activity}``."""
    created = {}
    for part in chunked([p for p in plan.activities if p.existing is None], tally.every):
        activities = [
            Activity(programme=plan.programme, created_by=actor.user, created_at=now, **p.fields)
            for p in part
        ]
        Activity.objects.bulk_create(activities, batch_size=CHUNK)
        organisers = []
        for p, activity in zip(part, activities, strict=True):
            organisers += [Organiser(activity=activity, studio=studio) for studio in p.studios]
            if p.cohort is not None:
                organisers.append(Organiser(activity=activity, cohort=p.cohort))
            changes = field_changes({}, snapshot(activity, services.ACTIVITY_FIELDS))
            changes["organisers"] = [None, "、".join(str(o) for o in _organisers(p))]
            entries.append(
                build_entry(
                    actor=actor,
                    verb=Verb.CREATE,
                    target=activity,
                    scope_code=_scope(plan.programme, p.studios),
                    changes=changes,
                    at=now,
                )
            )
            created[id(p)] = activity
        Organiser.objects.bulk_create(organisers, batch_size=CHUNK)
        entries.write()
        tally.add(len(part))
    return created


def _update_activities(
    plan: RecordPlan, *, actor: Actor, now, entries: Entries, tally: Tally
) -> int:
    changed = [p for p in plan.activities if p.existing is not None and p.fields]
    for part in chunked(changed, tally.every):
        for p in part:
            activity = p.existing
            before = snapshot(activity, services.ACTIVITY_FIELDS)
            for name, value in p.fields.items():
                setattr(activity, name, value)
            entries.append(
                build_entry(
                    actor=actor,
                    verb=Verb.UPDATE,
                    target=activity,
                    scope_code=_scope(plan.programme, p.studios),
                    changes=field_changes(before, snapshot(activity, services.ACTIVITY_FIELDS)),
                    at=now,
                )
            )
        fields = sorted({name for p in part for name in p.fields})
        update_each([p.existing for p in part], fields)
        entries.write()
        tally.add(len(part))
    return len(changed)


def _write_attendance(
    plan: RecordPlan, activity_of, *, actor: Actor, now, entries: Entries, tally: Tally
) -> tuple[int, int]:
    created, updated = [], []
    counts = [0, 0]

    def flush():
        Attendance.objects.bulk_create(created, batch_size=CHUNK)
        update_each(updated, ATTENDANCE_FIELDS)
        entries.write()
        counts[0] += len(created)
        counts[1] += len(updated)
        tally.add(len(created) + len(updated))
        created.clear()
        updated.clear()

    for p in plan.activities:
        if not p.marks:
            continue
        activity = activity_of(p)
        changes = {}
        for mark in p.marks:
            old = p.old.get(mark.principal.pk)
            if old is None:
                created.append(
                    Attendance(
                        activity=activity,
                        principal_id=mark.principal.pk,
                        status=mark.status,
                        presented=mark.presented,
                        note=mark.note,
                        recorded_by=actor.user,
                        recorded_at=now,
                    )
                )
                changes[mark.principal.name] = [None, mark.status]
            else:
                changes[mark.principal.name] = [old.status, mark.status]
                old.status, old.presented, old.note = mark.status, mark.presented, mark.note
                old.recorded_by = actor.user
                updated.append(old)
        entries.append(
            build_entry(
                actor=actor,
                verb=Verb.UPDATE,
                target=activity,
                scope_code=_scope(plan.programme, p.studios),
                changes=changes,
                note=_("考勤"),
                at=now,
            )
        )
        # An activity's marks are written together, with its one entry.
        if len(created) + len(updated) >= tally.every:
            flush()
    flush()
    return counts[0], counts[1]


def _write_deliverables(
    plan: RecordPlan, *, actor: Actor, now, entries: Entries, tally: Tally
) -> tuple[int, int]:
    new = [d for d in plan.deliverables if d.existing is None]
    for part in chunked(new, tally.every):
        rows = [
            Deliverable(
                programme=plan.programme,
                kind=d.row.kind,
                title=d.row.title,
                studio=d.row.studio,
                principal=d.row.principal,
                body=d.row.body,
                submitted_on=d.row.submitted_on,
                char_count=d.row.char_count,
                count_source=_source(d.row),
                created_by=actor.user,
                created_at=now,
            )
            for d in part
        ]
        Deliverable.objects.bulk_create(rows, batch_size=CHUNK)
        for deliverable in rows:
            entries.append(
                build_entry(
                    actor=actor,
                    verb=Verb.CREATE,
                    target=deliverable,
                    scope_code=_deliverable_scope(deliverable),
                    changes={
                        "kind": [None, deliverable.kind],
                        "title": [None, deliverable.title],
                        "char_count": [None, deliverable.char_count],
                        "count_source": [None, deliverable.count_source],
                        "submitted_on": [None, deliverable.submitted_on.isoformat()],
                    },
                    at=now,
                )
            )
        entries.write()
        tally.add(len(rows))
    changed = [d for d in plan.deliverables if d.existing is not None and d.changed]
    for part in chunked(changed, tally.every):
        for d in part:
            deliverable = d.existing
            before = snapshot(deliverable, ["char_count"])
            body_changed = deliverable.body != d.row.body
            deliverable.body, deliverable.char_count = d.row.body, d.row.char_count
            deliverable.count_source = _source(d.row)
            if deliverable.count_source == CountSource.DECLARED:
                # A new declared length is 待核实 again, whatever was verified before.
                deliverable.count_verified_at = deliverable.count_verified_by = None
            entries.append(
                build_entry(
                    actor=actor,
                    verb=Verb.UPDATE,
                    target=deliverable,
                    scope_code=_deliverable_scope(deliverable),
                    changes=field_changes(before, snapshot(deliverable, ["char_count"])),
                    note=_("正文已更新") if body_changed else "",
                    at=now,
                )
            )
        update_each(
            [d.existing for d in part],
            ["body", "char_count", "count_source", "count_verified_at", "count_verified_by"],
        )
        entries.write()
        tally.add(len(part))
    return len(new), len(changed)


def _source(row) -> str:
    """An imported row's length is counted from its text, or declared (待核实)."""
    return CountSource.BODY if row.body.strip() else CountSource.DECLARED


def _deliverable_scope(deliverable: Deliverable) -> str:
    if deliverable.studio is not None:
        return deliverable.studio.region_id
    return deliverable.principal.school.region_id


@transaction.atomic
def write_through_services(plan: RecordPlan, *, actor: Actor, skip_invalid: bool) -> None:
    """The same plan, one service call at a time (the reference for ``apply_plan``). Only for
    plans whose deliverables are new and carry their text, which ``submit_deliverable`` needs."""
    _refuse_unless(plan, skip_invalid)
    for p in plan.activities:
        if p.existing is None:
            activity = services.create_activity(
                actor=actor,
                programme=plan.programme,
                studios=p.studios,
                cohort=p.cohort,
                **p.fields,
            )
        else:
            activity = p.existing
            if p.fields:
                activity = services.update_activity(actor=actor, activity=activity, **p.fields)
        if p.marks:
            services.record_attendance(
                actor=actor,
                activity=activity,
                marks=[
                    services.Mark(m.principal.pk, m.status, m.presented, m.note) for m in p.marks
                ],
            )
    for d in plan.deliverables:
        _submit(plan, d, actor)


def _submit(plan: RecordPlan, d: DeliverablePlan, actor: Actor) -> None:
    if d.existing is not None or not d.row.body.strip():
        raise ValueError("submit_deliverable takes new deliverables with a text only")
    services.submit_deliverable(
        actor=actor,
        programme=plan.programme,
        kind=d.row.kind,
        title=d.row.title,
        submitted_on=d.row.submitted_on,
        studio=d.row.studio,
        principal=d.row.principal,
        body=d.row.body,
    )
