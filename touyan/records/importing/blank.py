"""The blank workbook a programme's clerks fill in: the three sheets with their headers and one
example row each, and a sheet listing what the programme's policy accepts, which the type and
mark columns offer as drop-down lists (typing a code or another spelling still works)."""

import datetime as dt

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from touyan.programmes.models import Cohort, Programme, Studio
from touyan.programmes.policy import spec_of
from touyan.records.models import Level

from .columns import ACTIVITY_SHEET, ATTENDANCE_SHEET, DELIVERABLE_SHEET, EXAMPLE_MARK

ACTIVITY_KEYS = (
    "organisers",
    "activity_type",
    "title",
    "date",
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
ATTENDANCE_KEYS = ("title", "date", "organisers", "name", "school", "status", "presented", "note")
DELIVERABLE_KEYS = (
    "kind",
    "title",
    "studio",
    "author",
    "author_school",
    "submitted_on",
    "declared_chars",
    "body",
)
LISTS_TITLE = "可选值"
HEADER_FONT = Font(bold=True)
REQUIRED_FILL = PatternFill("solid", fgColor="FFF2CC")
EXAMPLE_FONT = Font(italic=True, color="808080")


def write_template(programme: Programme, stream) -> None:
    spec = spec_of(programme)
    studio = Studio.objects.filter(programme=programme).order_by("name").first()
    cohort = Cohort.objects.filter(programme=programme).order_by("number").first()
    organiser = studio.name if studio else (cohort.name if cohort else "")
    kind = spec.deliverable_kinds[0].name if spec.deliverable_kinds else ""
    day = timezone.localdate() - dt.timedelta(days=7)
    topic = spec.curriculum.topics[0] if spec.curriculum else None
    workbook = Workbook()
    workbook.remove(workbook.active)

    activities = _sheet(workbook, ACTIVITY_SHEET, ACTIVITY_KEYS)
    activities.append(
        [
            organiser,
            spec.activity_types[0].name if spec.activity_types else "",
            f"{EXAMPLE_MARK}第一次{spec.activity_types[0].name if spec.activity_types else '活动'}",
            day,
            None,
            "09:00",
            "11:30",
            "",
            "",
            str(Level.CITY.label) if topic else "",
            topic.name if topic else "",
            3 if topic else None,
            "示例行不会导入；请从下一行起填写。",
        ]
    )
    attendance = _sheet(workbook, ATTENDANCE_SHEET, ATTENDANCE_KEYS)
    attendance.append([f"{EXAMPLE_MARK}第一次活动", day, organiser, "张三", "", "出勤", "否", ""])
    deliverables = _sheet(workbook, DELIVERABLE_SHEET, DELIVERABLE_KEYS)
    deliverables.append(
        [
            kind,
            f"{EXAMPLE_MARK}{kind}",
            studio.name if studio else "",
            "张三",
            "",
            day,
            12000,
            "",
        ]
    )
    for sheet in (activities, attendance, deliverables):
        for cell in sheet[2]:
            cell.font = EXAMPLE_FONT
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    ranges = _lists(workbook, programme, spec)
    _offer(
        activities,
        ACTIVITY_KEYS,
        {"activity_type": ranges[0], "level": ranges[1], "topic": ranges[2]},
    )
    _offer(attendance, ATTENDANCE_KEYS, {"status": ranges[3], "presented": ranges[4]})
    _offer(deliverables, DELIVERABLE_KEYS, {"kind": ranges[5]})
    workbook.save(stream)


def _sheet(workbook, spec, keys):
    sheet = workbook.create_sheet(spec.title)
    columns = {column.key: column for column in spec.columns}
    sheet.append([columns[key].header for key in keys])
    for index, key in enumerate(keys):
        cell = sheet.cell(row=1, column=index + 1)
        cell.font = HEADER_FONT
        if columns[key].required:
            cell.fill = REQUIRED_FILL
        width = 30 if key in ("title", "description", "body", "organisers") else 14
        sheet.column_dimensions[cell.column_letter].width = width
    sheet.freeze_panes = "A2"
    return sheet


def _lists(workbook, programme, spec) -> list[str]:
    """The policy's lists side by side on the instructions sheet; the ranges of each."""
    sheet = workbook.create_sheet(LISTS_TITLE)
    topics = spec.curriculum.topics if spec.curriculum else []
    columns = [
        ("活动类型", [t.name for t in spec.activity_types]),
        ("级别", [str(label) for label in Level.labels]),
        ("课程专题", [t.name for t in topics]),
        ("出勤情况", ["出勤", "请假", "缺勤"]),
        ("作报告", ["是", "否"]),
        ("成果类型", [k.name for k in spec.deliverable_kinds]),
        ("工作室与培训班", _organisers(programme)),
    ]
    ranges = []
    for index, (header, values) in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=header)
        cell.font = HEADER_FONT
        sheet.column_dimensions[cell.column_letter].width = 24
        for row, value in enumerate(values, start=2):
            sheet.cell(row=row, column=index, value=value)
        letter = cell.column_letter
        ranges.append(f"'{LISTS_TITLE}'!${letter}$2:${letter}${max(len(values), 1) + 1}")
    return ranges


def _organisers(programme) -> list[str]:
    studios = Studio.objects.filter(programme=programme).order_by("name")
    cohorts = Cohort.objects.filter(programme=programme).order_by("number")
    return [s.name for s in studios] + [c.name for c in cohorts]


def _offer(sheet, keys, lists: dict[str, str]) -> None:
    for key, formula in lists.items():
        letter = sheet.cell(row=1, column=keys.index(key) + 1).column_letter
        validation = DataValidation(type="list", formula1=formula, allow_blank=True)
        validation.showErrorMessage = False  # other spellings and codes are accepted too
        sheet.add_data_validation(validation)
        validation.add(f"{letter}2:{letter}5000")
