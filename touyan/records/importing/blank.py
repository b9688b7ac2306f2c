"""The blank workbook a programme's clerks fill in: the three sheets with their headers and one
example row each, and a sheet listing what the programme's policy accepts, which the type and
mark columns offer as drop-down lists (typing a code or another spelling still works)."""

import datetime as dt

from django.utils import timezone
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from touyan.core.spreadsheets import SafeWorkbook
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
    workbook = SafeWorkbook()
    # The lists come last in the workbook, but the other sheets' drop-downs point at them.
    lists = _list_columns(programme, spec)
    ranges = [
        f"'{LISTS_TITLE}'!${letter}$2:${letter}${max(len(values), 1) + 1}"
        for letter, (_header, values) in zip(_letters(len(lists)), lists, strict=True)
    ]
    activity_type = spec.activity_types[0].name if spec.activity_types else ""
    _sheet(
        workbook,
        ACTIVITY_SHEET,
        ACTIVITY_KEYS,
        {"activity_type": ranges[0], "level": ranges[1], "topic": ranges[2]},
        [
            organiser,
            activity_type,
            f"{EXAMPLE_MARK}第一次{activity_type or '活动'}",
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
        ],
    )
    _sheet(
        workbook,
        ATTENDANCE_SHEET,
        ATTENDANCE_KEYS,
        {"status": ranges[3], "presented": ranges[4]},
        [f"{EXAMPLE_MARK}第一次活动", day, organiser, "张三", "", "出勤", "否", ""],
    )
    _sheet(
        workbook,
        DELIVERABLE_SHEET,
        DELIVERABLE_KEYS,
        {"kind": ranges[5]},
        [kind, f"{EXAMPLE_MARK}{kind}", studio.name if studio else "", "张三", "", day, 12000, ""],
    )
    _lists_sheet(workbook, lists)
    workbook.save(stream)


def _letters(count: int) -> list[str]:
    return [get_column_letter(index) for index in range(1, count + 1)]


def _sheet(workbook, spec, keys, offered: dict[str, str], example: list) -> None:
    """A sheet with its header, the example row and the drop-down lists of ``offered``."""
    sheet = workbook.create_sheet(spec.title)
    columns = {column.key: column for column in spec.columns}
    letters = _letters(len(keys))
    for key, letter in zip(keys, letters, strict=True):
        width = 30 if key in ("title", "description", "body", "organisers") else 14
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    for key, formula in offered.items():
        letter = letters[keys.index(key)]
        validation = DataValidation(type="list", formula1=formula, allow_blank=True)
        validation.showErrorMessage = False  # other spellings and codes are accepted too
        validation.add(f"{letter}2:{letter}5000")
        sheet.data_validations.append(validation)
    sheet.append(
        [
            sheet.cell(columns[key].header, font=HEADER_FONT, fill=REQUIRED_FILL)
            if columns[key].required
            else sheet.cell(columns[key].header, font=HEADER_FONT)
            for key in keys
        ]
    )
    sheet.append(
        [
            sheet.cell(
                value,
                font=EXAMPLE_FONT,
                **({"number_format": "yyyy-mm-dd"} if isinstance(value, dt.date) else {}),
            )
            for value in example
        ]
    )


def _list_columns(programme, spec) -> list[tuple[str, list[str]]]:
    topics = spec.curriculum.topics if spec.curriculum else []
    return [
        ("活动类型", [t.name for t in spec.activity_types]),
        ("级别", [str(label) for label in Level.labels]),
        ("课程专题", [t.name for t in topics]),
        ("出勤情况", ["出勤", "请假", "缺勤"]),
        ("作报告", ["是", "否"]),
        ("成果类型", [k.name for k in spec.deliverable_kinds]),
        ("工作室与培训班", _organisers(programme)),
    ]


def _lists_sheet(workbook, lists) -> None:
    """The policy's lists side by side, one column each (written row by row)."""
    sheet = workbook.create_sheet(LISTS_TITLE)
    for letter in _letters(len(lists)):
        sheet.column_dimensions[letter].width = 24
    sheet.append([sheet.cell(header, font=HEADER_FONT) for header, _values in lists])
    depth = max((len(values) for _header, values in lists), default=0)
    for row in range(depth):
        sheet.append([values[row] if row < len(values) else None for _header, values in lists])


def _organisers(programme) -> list[str]:
    studios = Studio.objects.filter(programme=programme).order_by("name")
    cohorts = Cohort.objects.filter(programme=programme).order_by("number")
    return [s.name for s in studios] + [c.name for c in cohorts]
