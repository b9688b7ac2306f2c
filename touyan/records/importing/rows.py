"""Checking one row of each sheet into a clean value, or a list of reasons it is refused.

Names, organisers, schools, types and marks are compared in their normalised form (full-width
folded, stray spaces gone); titles and texts are kept as typed, only trimmed, so that Chinese
punctuation stays Chinese.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from touyan.people.models import Principal
from touyan.programmes.models import Cohort, Studio
from touyan.records.models import Attendance
from touyan.records.periods import outside_span
from touyan.records.text import char_count

from .cells import (
    CellError,
    clean_text,
    parse_bool,
    parse_char_count,
    parse_day,
    parse_hours,
    parse_level,
    parse_status,
    parse_time,
    split_names,
    split_organisers,
)
from .columns import ACTIVITY_SHEET, ATTENDANCE_SHEET, DELIVERABLE_SHEET, SheetSpec
from .lookups import ProgrammeLookups

OPTIONAL_ACTIVITY_FIELDS = (
    "end_date",
    "start_time",
    "end_time",
    "place",
    "place_school",
    "level",
    "topic",
    "hours",
    "description",
)
_SPACES = re.compile(r"[ \t\u3000]+")


def plain_text(value, *, limit: int | None = None) -> str:
    """Text as typed: trimmed, runs of spaces made one, line breaks kept."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    lines = [_SPACES.sub(" ", line).strip() for line in str(value).splitlines()]
    text = "\n".join(lines).strip()
    if limit is not None and len(text) > limit:
        raise CellError(_("不能超过 %(n)d 个字符") % {"n": limit})
    return text


def one_line(value, *, limit: int) -> str:
    return plain_text(value, limit=limit).replace("\n", " ")


@dataclass
class PersonMark:
    principal: Principal
    status: str
    presented: bool = False
    note: str = ""
    row: int = 0
    sheet: str = ""
    # Whether the sheet says so; if not, what is already recorded stays.
    presented_given: bool = True
    note_given: bool = True


@dataclass
class ActivityRow:
    number: int
    studios: tuple[Studio, ...]
    cohort: Cohort | None
    fields: dict  # the key fields, and the optional ones the sheet has a column for
    marks: list[PersonMark] = field(default_factory=list)

    @property
    def organiser_key(self) -> frozenset:
        return organiser_key(self.studios, self.cohort)

    @property
    def key(self) -> tuple:
        f = self.fields
        return (self.organiser_key, f["activity_type"], f["title"], f["date"])

    @property
    def organiser_label(self) -> str:
        return "、".join(str(o) for o in (*self.studios, *([self.cohort] if self.cohort else [])))


def organiser_key(studios, cohort) -> frozenset:
    return frozenset(
        [("studio", s.pk) for s in studios] + ([("cohort", cohort.pk)] if cohort else [])
    )


@dataclass
class AttendanceRow:
    number: int
    title: str
    date: dt.date
    organisers: tuple  # empty when the sheet does not say
    name: str
    school: str
    status: str
    presented: bool
    note: str


@dataclass
class DeliverableRow:
    number: int
    kind: str
    title: str
    studio: Studio | None
    principal: Principal | None
    submitted_on: dt.date
    body: str
    char_count: int

    @property
    def key(self) -> tuple:
        return (
            self.kind,
            self.title,
            self.studio.pk if self.studio else None,
            self.principal.pk if self.principal else None,
            self.submitted_on,
        )


class RowError(CellError):
    """A refusal that is a whole sentence already naming its column."""


def not_yet_held(day: dt.date) -> str:
    return _("活动日期 %(date)s 还没有到，不能记录考勤；活动举行后再导入考勤") % {
        "date": day.isoformat()
    }


class _Validator:
    spec: SheetSpec

    def __init__(self, lookups: ProgrammeLookups, *, today: dt.date, labels: dict[str, str]):
        self.lookups = lookups
        self.today = today
        self.labels = {c.key: labels.get(c.key) or c.header for c in self.spec.columns}

    def _parse(self, values: dict, parsers: dict, errors: list[str], required=()) -> dict:
        parsed = {}
        for key, parse in parsers.items():
            if key not in values:
                continue
            try:
                result = parse(values[key])
            except RowError as exc:
                errors.append(str(exc))
                continue
            except CellError as exc:
                errors.append(
                    _("%(label)s：%(problem)s") % {"label": self.labels[key], "problem": exc}
                )
                continue
            if key in required and (result is None or result == "" or result == []):
                errors.append(_("%(label)s：不能为空") % {"label": self.labels[key]})
                continue
            parsed[key] = result
        return parsed

    def _organisers(self, texts: list[str], errors: list[str], *, label: str, verb: str):
        studios, cohorts = [], []
        for text in texts:
            try:
                organiser = self.lookups.organiser(text)
            except CellError as exc:
                errors.append(_("%(label)s：%(problem)s") % {"label": label, "problem": exc})
                continue
            if not self.lookups.may_record_for(organiser):
                errors.append(_("您无权为“%(name)s”%(verb)s") % {"name": organiser, "verb": verb})
                continue
            target = studios if isinstance(organiser, Studio) else cohorts
            if organiser not in target:
                target.append(organiser)
        return studios, cohorts

    def _vocabulary(self, vocabulary, what: str):
        def parse(value):
            text = clean_text(value)
            if text == "":
                return ""
            code = vocabulary.find(text)
            if code is None:
                if not vocabulary.names:
                    raise CellError(_("本项目政策没有%(what)s，请留空") % {"what": what})
                raise RowError(
                    _("%(what)s“%(value)s”不在本项目政策中（可用：%(names)s）")
                    % {"what": what, "value": text, "names": vocabulary.listing}
                )
            return code

        return parse


class ActivityValidator(_Validator):
    spec = ACTIVITY_SHEET

    def __init__(self, lookups: ProgrammeLookups, *, today: dt.date, labels: dict[str, str]):
        super().__init__(lookups, today=today, labels=labels)
        self.parsers = {
            "organisers": split_organisers,
            "activity_type": self._vocabulary(lookups.activity_types, _("活动类型")),
            "title": lambda v: one_line(v, limit=200),
            # A timetable names sessions still to come; they count among those scheduled.
            "date": lambda v: parse_day(v, today=today, future=True),
            "end_date": lambda v: parse_day(v, today=today, future=True),
            "start_time": parse_time,
            "end_time": parse_time,
            "place": lambda v: one_line(v, limit=200),
            "place_school": lambda v: lookups.school(clean_text(v)) if clean_text(v) else None,
            "level": parse_level,
            "topic": self._vocabulary(lookups.topics, _("课程专题")),
            "hours": parse_hours,
            "description": plain_text,
            "present": split_names,
            "leave": split_names,
            "absent": split_names,
            "presenters": split_names,
        }
        self.required = ("organisers", "activity_type", "title", "date")

    def validate(self, number: int, values: dict) -> tuple[ActivityRow | None, list[str]]:
        errors: list[str] = []
        parsed = self._parse(values, self.parsers, errors, self.required)
        studios, cohorts = self._organisers(
            parsed.get("organisers", []),
            errors,
            label=self.labels["organisers"],
            verb=_("记录活动"),
        )
        if studios and cohorts or len(cohorts) > 1:
            errors.append(
                _("%(label)s：活动须由一个或几个工作室、或由一个培训班组织")
                % {"label": self.labels["organisers"]}
            )
        fields = {key: parsed[key] for key in ("activity_type", "title", "date") if key in parsed}
        # Only the columns the sheet has: a missing column keeps what is recorded.
        fields.update({key: parsed[key] for key in OPTIONAL_ACTIVITY_FIELDS if key in parsed})
        self._check_span(fields, errors)
        if (studios or cohorts) and (
            problem := outside_span(
                self.lookups.programme,
                cohorts[0] if cohorts else None,
                fields.get("date"),
                fields.get("end_date"),
            )
        ):
            errors.append(problem)
        if fields.get("topic") and not fields.get("hours"):
            errors.append(
                _("%(label)s：课程专题的活动须填写学时") % {"label": self.labels["hours"]}
            )
        if errors or not (studios or cohorts):
            return None, errors
        row = ActivityRow(number, tuple(studios), cohorts[0] if cohorts else None, fields)
        row.marks = self._marks(row, parsed, errors)
        return (None, errors) if errors else (row, [])

    def _check_span(self, fields: dict, errors: list[str]) -> None:
        start, end = fields.get("date"), fields.get("end_date")
        if start and end and end < start:
            errors.append(
                _("%(label)s：结束日期不能早于开始日期") % {"label": self.labels["end_date"]}
            )
        if (
            fields.get("start_time")
            and fields.get("end_time")
            and (end is None or end == start)
            and fields["end_time"] < fields["start_time"]
        ):
            errors.append(_("%(label)s：结束时间早于开始时间") % {"label": self.labels["end_time"]})

    def _marks(self, row: ActivityRow, parsed: dict, errors: list[str]) -> list[PersonMark]:
        lists = {
            Attendance.Status.PRESENT: parsed.get("present", []),
            Attendance.Status.LEAVE: parsed.get("leave", []),
            Attendance.Status.ABSENT: parsed.get("absent", []),
        }
        presenters = parsed.get("presenters", [])
        if not any(lists.values()) and not presenters:
            return []
        if row.fields["date"] > self.today:
            errors.append(not_yet_held(row.fields["date"]))
            return []
        people = self.lookups.participants(row.studios, row.cohort, row.fields["date"])
        whom = _("这次活动的应到人员")
        marks: dict[int, PersonMark] = {}
        for status, names in lists.items():
            for name, school in names:
                try:
                    person = self.lookups.person(people, name, school, whom=whom)
                except CellError as exc:
                    errors.append(str(exc))
                    continue
                if person.pk in marks:
                    errors.append(
                        _("“%(name)s”在出勤、请假、缺勤中出现了两次") % {"name": person.name}
                    )
                    continue
                marks[person.pk] = PersonMark(
                    person,
                    status,
                    row=row.number,
                    sheet=self.spec.kind,
                    presented_given="presenters" in parsed,
                    note_given=False,
                )
        for name, school in presenters:
            try:
                person = self.lookups.person(people, name, school, whom=whom)
            except CellError as exc:
                errors.append(str(exc))
                continue
            mark = marks.setdefault(
                person.pk,
                PersonMark(
                    person,
                    Attendance.Status.PRESENT,
                    row=row.number,
                    sheet=self.spec.kind,
                    note_given=False,
                ),
            )
            if mark.status != Attendance.Status.PRESENT:
                errors.append(_("“%(name)s”作了报告，却记为未出勤") % {"name": person.name})
            mark.presented = True
        return list(marks.values())


class AttendanceValidator(_Validator):
    spec = ATTENDANCE_SHEET

    def __init__(self, lookups: ProgrammeLookups, *, today: dt.date, labels: dict[str, str]):
        super().__init__(lookups, today=today, labels=labels)
        self.parsers = {
            "title": lambda v: one_line(v, limit=200),
            "date": lambda v: parse_day(v, today=today, future=True),
            "organisers": split_organisers,
            "name": clean_text,
            "school": clean_text,
            "status": parse_status,
            "presented": lambda v: bool(parse_bool(v, default=False)),
            "note": lambda v: one_line(v, limit=200),
        }
        self.required = ("title", "date", "name", "status")

    def validate(self, number: int, values: dict) -> tuple[AttendanceRow | None, list[str]]:
        errors: list[str] = []
        parsed = self._parse(values, self.parsers, errors, self.required)
        studios, cohorts = self._organisers(
            parsed.get("organisers", []),
            errors,
            label=self.labels["organisers"],
            verb=_("记录考勤"),
        )
        if errors:
            return None, errors
        if parsed["date"] > self.today:
            return None, [not_yet_held(parsed["date"])]
        if parsed["presented"] and parsed["status"] != Attendance.Status.PRESENT:
            return None, [_("作了报告，却记为未出勤")]
        return (
            AttendanceRow(
                number=number,
                title=parsed["title"],
                date=parsed["date"],
                organisers=(*studios, *cohorts),
                name=parsed["name"],
                school=parsed.get("school", ""),
                status=parsed["status"],
                presented=parsed["presented"],
                note=parsed.get("note", ""),
            ),
            [],
        )


class DeliverableValidator(_Validator):
    spec = DELIVERABLE_SHEET

    def __init__(self, lookups: ProgrammeLookups, *, today: dt.date, labels: dict[str, str]):
        super().__init__(lookups, today=today, labels=labels)
        self.parsers = {
            "kind": self._vocabulary(lookups.kinds, _("成果类型")),
            "title": lambda v: one_line(v, limit=200),
            "studio": split_organisers,
            "author": clean_text,
            "author_school": clean_text,
            "submitted_on": lambda v: parse_day(v, today=today),
            "declared_chars": parse_char_count,
            "body": plain_text,
        }
        self.required = ("kind", "title", "submitted_on")

    def validate(self, number: int, values: dict) -> tuple[DeliverableRow | None, list[str]]:
        errors: list[str] = []
        parsed = self._parse(values, self.parsers, errors, self.required)
        studios = parsed.get("studio", [])
        if len(studios) > 1:
            errors.append(_("%(label)s：只能填一个工作室") % {"label": self.labels["studio"]})
            studios = []
        owner_studios, owner_cohorts = self._organisers(
            studios, errors, label=self.labels["studio"], verb=_("登记成果")
        )
        body = parsed.get("body", "")
        declared = parsed.get("declared_chars")
        declared_refused = "declared_chars" in values and "declared_chars" not in parsed
        if not body.strip() and declared is None and not declared_refused:
            errors.append(_("请填写字数或正文"))
        if errors:
            return None, errors
        studio = owner_studios[0] if owner_studios else None
        cohort = owner_cohorts[0] if owner_cohorts else None
        principal = self._author(parsed, studio, cohort, errors)
        if errors:
            return None, errors
        length = char_count(body) if body.strip() else declared
        return (
            DeliverableRow(
                number=number,
                kind=parsed["kind"],
                title=parsed["title"],
                studio=studio,
                principal=principal,
                submitted_on=parsed["submitted_on"],
                body=body,
                char_count=length,
            ),
            [],
        )

    def _author(self, parsed: dict, studio, cohort, errors: list[str]) -> Principal | None:
        """The author a row names, if the uploader may hand in under their name as on the
        deliverable form: the centre anyone's; a host only their studio's own documents."""
        name, school = parsed.get("author", ""), parsed.get("author_school", "")
        lookups = self.lookups
        if not name:
            if studio is None:
                errors.append(_("须指明成果属于哪个工作室或哪位人员"))
            return None
        try:
            if studio is not None:
                principal = lookups.person(
                    lookups.studio_people(studio), name, school, whom=_("该工作室的主持人和成员")
                )
                problem = self._not_a_member(studio, principal)
                if problem:
                    errors.append(problem)
                    return None
            elif not lookups.cohorts:
                errors.append(
                    _("%(label)s：请填写作者所在的工作室") % {"label": self.labels["studio"]}
                )
                return None
            else:
                principal = lookups.person(
                    lookups.trainee_people(cohort), name, school, whom=_("本项目的培养人选")
                )
        except CellError as exc:
            errors.append(str(exc))
            return None
        if studio is None:
            own_cohort = cohort or lookups.cohort_of_trainee(principal.pk)
            if own_cohort is not None and not lookups.may_record_for(own_cohort):
                errors.append(_("您无权为“%(name)s”登记成果") % {"name": own_cohort})
                return None
        if not lookups.may_hand_in(studio, principal):
            errors.append(
                _(
                    "%(label)s：主持人以工作室的名义登记成果，作者一栏请留空；"
                    "“%(name)s”本人的成果由本人提交，或由培训中心代交"
                )
                % {"label": self.labels["author"], "name": principal.name}
                if studio is not None and lookups.hosts(studio)
                else _("您不能以“%(name)s”的名义登记成果") % {"name": principal.name}
            )
            return None
        return principal

    def _not_a_member(self, studio: Studio, principal: Principal) -> str:
        """Why a person of the studio is not the author of one of its deliverables, or ""."""
        if principal.pk == studio.host_id:
            return _("%(label)s：“%(name)s”是该工作室的主持人；工作室的成果请把作者一栏留空") % {
                "label": self.labels["author"],
                "name": principal.name,
            }
        membership = self.lookups.membership(studio, principal.pk)
        if membership is not None and membership.left_on and membership.left_on < self.today:
            return _("“%(name)s”已于 %(date)s 退出该工作室，不能再以其名义登记成果") % {
                "name": principal.name,
                "date": membership.left_on.isoformat(),
            }
        return ""
