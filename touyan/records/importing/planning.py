"""The dry run: read a record workbook (``read_records``), check every row against the programme,
match it to what is already recorded (``plan_sheets``), and say row by row what importing would
do. Writes nothing.

An activity is the same activity when its programme, organisers, type, title and date are the
same: such a row is “unchanged”, or “update” when another of its fields differs. A deliverable
is the same when its type, title, owner and date of submission are. Importing a file a second
time therefore finds nothing to write.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import replace

from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.core.text import join_list
from touyan.programmes.models import Cohort, Programme, Studio
from touyan.records.models import Activity, Attendance, Audience, Deliverable, Organiser

from .cells import CellError, clean_text, parse_day
from .columns import ACTIVITIES, ATTENDANCE, DELIVERABLES
from .lookups import ProgrammeLookups
from .plan import (
    CREATE,
    REJECTED,
    SHEET_KINDS,
    UNCHANGED,
    UPDATE,
    ActivityPlan,
    DeliverablePlan,
    RecordPlan,
    RowOutcome,
)
from .reading import Sheet, open_records
from .rows import (
    OPTIONAL_ACTIVITY_FIELDS,
    ActivityRow,
    ActivityValidator,
    AttendanceValidator,
    DeliverableValidator,
    PersonMark,
    one_line,
    organiser_key,
)

CHUNK = 500
NEW_ACTIVITY = {
    "end_date": None,
    "start_time": None,
    "end_time": None,
    "place": "",
    "place_school": None,
    "level": "",
    "topic": "",
    "hours": None,
    "description": "",
}


def read_records(source) -> dict[str, Sheet]:
    """The workbook's sheets with their rows read (the longest part of a large file), before
    any transaction. Raises ``SpreadsheetRefused`` (or ``RecordFileError``) when the file as a
    whole cannot be read."""
    return {
        kind: replace(sheet, rows=list(sheet.rows)) for kind, sheet in open_records(source).items()
    }


def plan_import(
    source, *, programme: Programme, user=None, today: dt.date | None = None
) -> RecordPlan:
    """Raises ``SpreadsheetRefused`` (or ``RecordFileError``) when the file as a whole cannot be
    read. ``user`` is whose permissions the rows are checked against; ``None`` (the command
    line without ``--as``) may record for every studio and cohort."""
    return plan_sheets(open_records(source), programme=programme, user=user, today=today)


def plan_sheets(
    sheets: dict[str, Sheet], *, programme: Programme, user=None, today: dt.date | None = None
) -> RecordPlan:
    """Check each row against the programme (its studios, cohorts and people, ``user``'s
    permissions) and match it to what is recorded. Writes nothing."""
    planner = _Planner(programme, user=user, today=today or timezone.localdate())
    planner.plan.sheets = {kind: sheets[kind].title for kind in SHEET_KINDS if kind in sheets}
    if ACTIVITIES in sheets:
        planner.activities(sheets[ACTIVITIES])
    if ATTENDANCE in sheets:
        planner.attendance(sheets[ATTENDANCE])
    planner.settle_marks()
    if DELIVERABLES in sheets:
        planner.deliverables(sheets[DELIVERABLES])
    order = {kind: index for index, kind in enumerate(SHEET_KINDS)}
    planner.plan.outcomes.sort(key=lambda outcome: (order[outcome.sheet], outcome.row))
    return planner.plan


class _Planner:
    def __init__(self, programme: Programme, *, user, today: dt.date):
        self.programme = programme
        self.lookups = ProgrammeLookups(programme, user=user)
        self.today = today
        self.plan = RecordPlan(programme)
        # (title, date) → the activity rows of the file: (row, plan or None if refused, organisers)
        self.in_file: dict[tuple, list[tuple[int, ActivityPlan | None, frozenset | None]]] = (
            defaultdict(list)
        )
        self.recorded: dict[int, ActivityPlan] = {}
        self.pending: list[tuple[ActivityPlan, PersonMark, RowOutcome, bool]] = []
        self.studios = {studio.pk: studio for studio in self.lookups.studios}
        self.cohorts = {cohort.pk: cohort for cohort in self.lookups.cohorts}

    # activities ---------------------------------------------------------------------------

    def activities(self, sheet: Sheet) -> None:
        validator = ActivityValidator(self.lookups, today=self.today, labels=sheet.labels)
        valid: list[tuple[ActivityRow, RowOutcome]] = []
        for number, values in sheet.rows:
            row, errors = validator.validate(number, values)
            if row is None:
                self.plan.outcomes.append(
                    RowOutcome(
                        ACTIVITIES,
                        number,
                        REJECTED,
                        label=_text(values.get("title")),
                        detail=_join(_text(values.get("organisers")), _text(values.get("date"))),
                        messages=errors,
                    )
                )
                self._remember_refused(number, values)
                continue
            outcome = RowOutcome(
                ACTIVITIES,
                number,
                CREATE,
                label=row.fields["title"],
                detail=_join(row.organiser_label, row.fields["date"].isoformat()),
            )
            self.plan.outcomes.append(outcome)
            valid.append((row, outcome))
        recorded = self._recorded_by_key({(r.fields["title"], r.fields["date"]) for r, _o in valid})
        first: dict[tuple, int] = {}
        for row, outcome in valid:
            if row.key in first:
                outcome.status = REJECTED
                outcome.messages = [
                    _("与第 %(row)d 行是同一活动（组织方、类型、名称、日期都相同）")
                    % {"row": first[row.key]}
                ]
                continue
            first[row.key] = row.number
            activity = recorded.get(row.key)
            if activity is None:
                plan = ActivityPlan(
                    row.studios, row.cohort, {**NEW_ACTIVITY, **row.fields}, row=row.number
                )
                self.plan.activities.append(plan)
            else:
                plan = self._recorded_plan(activity, row.studios, row.cohort)
                plan.row = row.number
                if not self._compare(plan, row, outcome):
                    continue
            self.in_file[(row.fields["title"], row.fields["date"])].append(
                (row.number, plan, row.organiser_key)
            )
            for mark in row.marks:
                self._add_mark(plan, mark, outcome, inline=True)

    def _compare(self, plan: ActivityPlan, row: ActivityRow, outcome: RowOutcome) -> bool:
        activity = plan.existing
        changes = {}
        for name in OPTIONAL_ACTIVITY_FIELDS:
            if name not in row.fields:
                continue
            new = row.fields[name]
            if name == "place_school":
                differs = (new.pk if new else None) != activity.place_school_id
            else:
                differs = new != getattr(activity, name)
            if differs:
                changes[name] = new
        topic = changes.get("topic", activity.topic)
        hours = changes.get("hours", activity.hours)
        if topic and not hours:
            outcome.status = REJECTED
            outcome.messages = [_("课程专题的活动须填写学时")]
            return False
        plan.fields = changes
        if changes:
            outcome.status = UPDATE
            outcome.messages = [_("将更新：%(fields)s") % {"fields": _labels(changes)}]
        else:
            outcome.status = UNCHANGED
        return True

    def _remember_refused(self, number: int, values: dict) -> None:
        """A refused activity row, so that its attendance can say why it is not taken."""
        try:
            title = one_line(values.get("title"), limit=200)
            date = parse_day(values.get("date"), today=self.today, future=True)
        except CellError:
            return
        if title and date:
            self.in_file[(title, date)].append((number, None, None))

    def _recorded_plan(self, activity: Activity, studios, cohort) -> ActivityPlan:
        if activity.pk not in self.recorded:
            plan = ActivityPlan(tuple(studios), cohort, {}, existing=activity)
            self.recorded[activity.pk] = plan
            self.plan.activities.append(plan)
        return self.recorded[activity.pk]

    def _recorded(self, pairs: set[tuple]) -> list[tuple[Activity, list, object]]:
        """The programme's activities with these (title, date) pairs, oldest first, each with
        its studios and cohort."""
        found = []
        pairs = sorted(pairs, key=lambda pair: (pair[1], pair[0]))
        for start in range(0, len(pairs), CHUNK):
            chunk = pairs[start : start + CHUNK]
            activities = (
                Activity.objects.filter(
                    programme=self.programme,
                    date__in={date for _title, date in chunk},
                    title__in={title for title, _date in chunk},
                )
                .select_related("place_school")
                .order_by("pk")
            )
            wanted = set(chunk)
            activities = [a for a in activities if (a.title, a.date) in wanted]
            held_for = defaultdict(set)
            for activity_id, principal_id in Audience.objects.filter(
                activity__in=[a.pk for a in activities]
            ).values_list("activity_id", "principal_id"):
                held_for[activity_id].add(principal_id)
            for activity in activities:  # see records.Audience: those it was held for only
                activity.held_for = frozenset(held_for.get(activity.pk, ()))
            organisers = defaultdict(list)
            rows = Organiser.objects.filter(activity__in=[a.pk for a in activities])
            for activity_id, studio_id, cohort_id in rows.values_list(
                "activity_id", "studio_id", "cohort_id"
            ).order_by("pk"):
                organisers[activity_id].append((studio_id, cohort_id))
            for activity in activities:
                studios = [self.studios[s] for s, _c in organisers[activity.pk] if s]
                cohorts = [self.cohorts[c] for _s, c in organisers[activity.pk] if c]
                found.append((activity, studios, cohorts[0] if cohorts else None))
        return found

    def _recorded_by_key(self, pairs: set[tuple]) -> dict[tuple, tuple]:
        by_key = {}
        for activity, studios, cohort in self._recorded(pairs):
            key = (
                organiser_key(studios, cohort),
                activity.activity_type,
                activity.title,
                activity.date,
            )
            by_key.setdefault(key, (activity, studios, cohort))
        return {key: activity for key, (activity, _s, _c) in by_key.items()}

    # attendance ---------------------------------------------------------------------------

    def attendance(self, sheet: Sheet) -> None:
        validator = AttendanceValidator(self.lookups, today=self.today, labels=sheet.labels)
        presented_given, note_given = "presented" in sheet.columns, "note" in sheet.columns
        items = []
        for number, values in sheet.rows:
            row, errors = validator.validate(number, values)
            outcome = RowOutcome(
                ATTENDANCE,
                number,
                CREATE if row else REJECTED,
                label=row.name if row else _text(values.get("name")),
                detail=(
                    f"{row.title}（{row.date.isoformat()}）"
                    if row
                    else _join(_text(values.get("title")), _text(values.get("date")))
                ),
                messages=errors,
            )
            self.plan.outcomes.append(outcome)
            if row is not None:
                items.append((row, outcome))
        elsewhere = {(r.title, r.date) for r, _o in items if (r.title, r.date) not in self.in_file}
        recorded = defaultdict(list)
        for activity, studios, cohort in self._recorded(elsewhere):
            recorded[(activity.title, activity.date)].append((activity, studios, cohort))
        whom = _("这次活动的应到人员")
        for row, outcome in items:
            plan, problem = self._target(row, recorded)
            if problem:
                outcome.status, outcome.messages = REJECTED, [problem]
                continue
            people = self.lookups.participants(plan.studios, plan.cohort, row.date)
            try:
                person = self.lookups.person(people, row.name, row.school, whom=whom)
            except CellError as exc:
                outcome.status, outcome.messages = REJECTED, [str(exc)]
                continue
            mark = PersonMark(
                person,
                row.status,
                row.presented,
                row.note,
                row=row.number,
                sheet=ATTENDANCE,
                presented_given=presented_given,
                note_given=note_given,
            )
            self._add_mark(plan, mark, outcome, inline=False)

    def _target(self, row, recorded) -> tuple[ActivityPlan | None, str]:
        wanted = organiser_key(
            [o for o in row.organisers if isinstance(o, Studio)],
            next((o for o in row.organisers if isinstance(o, Cohort)), None),
        )
        key = (row.title, row.date)
        in_file = [
            entry for entry in self.in_file.get(key, []) if entry[2] is None or wanted <= entry[2]
        ]
        where = {"title": row.title, "date": row.date.isoformat()}
        if len(in_file) == 1:
            number, plan, _organisers = in_file[0]
            if plan is None:
                return None, _("所属活动（活动表第 %(row)d 行）未通过校验") % {"row": number}
            return plan, ""
        if in_file:
            return None, _(
                "活动表中有 %(n)d 个%(date)s的“%(title)s”（第 %(rows)s 行），请填写组织方以区分"
            ) % {**where, "n": len(in_file), "rows": join_list(str(e[0]) for e in in_file)}
        candidates = [
            entry for entry in recorded.get(key, []) if wanted <= organiser_key(entry[1], entry[2])
        ]
        if not candidates:
            return None, _(
                "找不到%(date)s的活动“%(title)s”：活动表和本项目已有的记录中都没有"
            ) % where
        if len(candidates) > 1:
            return None, _("本项目已记录了 %(n)d 个%(date)s的“%(title)s”，请填写组织方以区分") % {
                **where,
                "n": len(candidates),
            }
        activity, studios, cohort = candidates[0]
        for organiser in (*studios, *([cohort] if cohort else [])):
            if not self.lookups.may_record_for(organiser):
                return None, _("您无权为“%(name)s”记录考勤") % {"name": organiser}
        return self._recorded_plan(activity, studios, cohort), ""

    def _add_mark(self, plan: ActivityPlan, mark: PersonMark, outcome: RowOutcome, *, inline):
        held_for = getattr(plan.existing, "held_for", None)
        if held_for and mark.principal.pk not in held_for:
            outcome.status = REJECTED
            outcome.messages = [
                _("不是本次活动应到人员：%(names)s") % {"names": mark.principal.name}
            ]
            return
        prior = plan.seen.get(mark.principal.pk)
        if prior is not None:
            outcome.status = REJECTED
            outcome.messages = [
                _("“%(name)s”的考勤已在%(sheet)s第 %(row)d 行记录")
                % {
                    "name": mark.principal.name,
                    "sheet": _("活动表") if prior.sheet == ACTIVITIES else _("考勤表"),
                    "row": prior.row,
                }
            ]
            return
        plan.seen[mark.principal.pk] = mark
        self.pending.append((plan, mark, outcome, inline))

    def settle_marks(self) -> None:
        """Compare each mark with the attendance already recorded: new, changed or the same."""
        recorded_ids = sorted({p.existing.pk for p, *_rest in self.pending if p.existing})
        current: dict[tuple[int, int], Attendance] = {}
        for start in range(0, len(recorded_ids), CHUNK):
            rows = Attendance.objects.filter(activity_id__in=recorded_ids[start : start + CHUNK])
            for row in rows:
                current[(row.activity_id, row.principal_id)] = row
        tallies: dict[int, tuple[RowOutcome, Counter]] = {}
        for plan, mark, outcome, inline in self.pending:
            old = current.get((plan.existing.pk, mark.principal.pk)) if plan.existing else None
            if old is not None:
                if not mark.presented_given:
                    mark.presented = old.presented
                if not mark.note_given:
                    mark.note = old.note
            if old is None:
                status = CREATE
            elif (old.status, old.presented, old.note) != (mark.status, mark.presented, mark.note):
                status = UPDATE
                plan.old[mark.principal.pk] = old
            else:
                status = UNCHANGED
            if status != UNCHANGED:
                plan.marks.append(mark)
            if inline:
                tallies.setdefault(id(outcome), (outcome, Counter()))[1][status] += 1
            else:
                outcome.status = status
        for outcome, tally in tallies.values():
            if outcome.status == REJECTED:
                continue
            if (tally[CREATE] or tally[UPDATE]) and outcome.status == UNCHANGED:
                outcome.status = UPDATE
            parts = [
                text % {"n": tally[status]}
                for status, text in ((CREATE, _("新增 %(n)d 人")), (UPDATE, _("更新 %(n)d 人")))
                if tally[status]
            ]
            if parts:
                outcome.messages.append(_("考勤：%(parts)s") % {"parts": "，".join(parts)})
        self.pending = []

    # deliverables -------------------------------------------------------------------------

    def deliverables(self, sheet: Sheet) -> None:
        validator = DeliverableValidator(self.lookups, today=self.today, labels=sheet.labels)
        valid = []
        for number, values in sheet.rows:
            row, errors = validator.validate(number, values)
            if row is None:
                self.plan.outcomes.append(
                    RowOutcome(
                        DELIVERABLES,
                        number,
                        REJECTED,
                        label=_text(values.get("title")),
                        detail=_join(_text(values.get("kind")), _text(values.get("author"))),
                        messages=errors,
                    )
                )
                continue
            owner = row.principal.name if row.principal else str(row.studio)
            outcome = RowOutcome(
                DELIVERABLES,
                number,
                CREATE,
                label=row.title,
                detail=_join(self.lookups.kinds.name_of[row.kind], owner),
            )
            self.plan.outcomes.append(outcome)
            valid.append((row, outcome))
        recorded = self._recorded_deliverables({row.title for row, _o in valid})
        first: dict[tuple, int] = {}
        for row, outcome in valid:
            if row.key in first:
                outcome.status = REJECTED
                outcome.messages = [
                    _("与第 %(row)d 行是同一成果（类型、标题、作者、提交日期都相同）")
                    % {"row": first[row.key]}
                ]
                continue
            first[row.key] = row.number
            plan = DeliverablePlan(row, recorded.get(row.key))
            self.plan.deliverables.append(plan)
            if plan.existing is not None:
                changed = plan.changed
                outcome.status = UPDATE if changed else UNCHANGED
                if changed:
                    names = [str(Deliverable._meta.get_field(n).verbose_name) for n in changed]
                    outcome.messages = [_("将更新：%(fields)s") % {"fields": join_list(names)}]

    def _recorded_deliverables(self, titles: set[str]) -> dict[tuple, Deliverable]:
        found: dict[tuple, Deliverable] = {}
        titles = sorted(titles)
        for start in range(0, len(titles), CHUNK):
            rows = Deliverable.objects.filter(
                programme=self.programme, title__in=titles[start : start + CHUNK]
            ).order_by("pk")
            for d in rows:
                key = (d.kind, d.title, d.studio_id, d.principal_id, d.submitted_on)
                found.setdefault(key, d)
        return found


def _text(value) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    return clean_text(value)[:200]


def _join(*parts) -> str:
    return " · ".join(str(part) for part in parts if part)


def _labels(changes: dict) -> str:
    return join_list(str(Activity._meta.get_field(name).verbose_name) for name in changes)
