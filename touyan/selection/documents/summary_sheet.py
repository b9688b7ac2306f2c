"""The district's summary sheet (推荐人选汇总表) as .xlsx, in the layout a bureau sends to the city.

Rows are streamed through the platform's one workbook writer (``touyan.core.spreadsheets``,
openpyxl's write-only mode underneath, every text neutralised against formula injection), so a
generator of any length is written with flat memory. Everything the layout needs works there,
with one caveat each:

- column widths, freeze panes and the sheet properties go into the XML written before the first
  row, so they are set before anything is appended;
- a write-only sheet has no ``merge_cells()``, but it keeps the ``merged_cells`` ranges that the
  writer emits after the rows; adding ranges to it directly merges without the placeholder
  cells ``merge_cells()`` would create (none are needed: the covered cells are never written),
  and lets the footer be merged once the number of rows is known;
- cells are styled through named styles, one assignment per cell instead of one per attribute.

The sheet's wording is the form's own, in Chinese whatever the interface language: the city
receives the same form from every district.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import IO

from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from touyan.core.spreadsheets import SafeSheet, SafeWorkbook, clean


@dataclass(frozen=True)
class SummaryRow:
    rank: int | None  # 推荐排序; None: approved but not ranked yet
    name: str
    gender: str
    birth: dt.date
    school: str
    position: str
    title: str
    appointed_on: dt.date | None
    years_in_post: str
    stage: str
    mobile: str
    route: str
    eligibility: str
    opinion: str
    note: str = ""


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    value: Callable[[int, SummaryRow], object]
    style: str = "text"


def _month(day: dt.date | None) -> dt.date | None:
    return None if day is None else dt.date(day.year, day.month, 1)


# Widths in Excel's units (about one digit; a Chinese character takes two).
COLUMNS = (
    Column("序号", 5, lambda n, r: n, "centre"),
    Column("推荐排序", 6, lambda n, r: r.rank, "centre"),
    Column("姓名", 9, lambda n, r: r.name, "centre"),
    Column("性别", 5, lambda n, r: r.gender, "centre"),
    # Only the month is printed, so only the month is put in the cell.
    Column("出生年月", 9, lambda n, r: _month(r.birth), "month"),
    Column("学校（单位）", 26, lambda n, r: r.school),
    Column("职务", 11, lambda n, r: r.position, "centre"),
    Column("职称", 11, lambda n, r: r.title, "centre"),
    Column("任现职时间", 9, lambda n, r: r.appointed_on, "month"),
    Column("任现职年限", 10, lambda n, r: r.years_in_post, "centre"),
    Column("学段", 9, lambda n, r: r.stage, "centre"),
    Column("联系电话", 13, lambda n, r: r.mobile, "centre"),
    Column("推荐方式", 9, lambda n, r: r.route, "centre"),
    Column("资格审核", 24, lambda n, r: r.eligibility),
    Column("区县审核意见", 12, lambda n, r: r.opinion, "centre"),
    Column("备注", 14, lambda n, r: r.note),
)
LAST_COLUMN = get_column_letter(len(COLUMNS))
TITLE_ROW, INFO_ROW, HEADER_ROW = 1, 2, 3
MAX_SHEET_NAME = 31
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")


def _styles() -> dict[str, NamedStyle]:
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    left = Alignment(horizontal="left", vertical="center", wrap_text=True)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    body = Font(name="宋体", size=10)
    return {
        "title": NamedStyle(
            "汇总表标题",
            font=Font(name="宋体", size=16, bold=True),
            alignment=Alignment(horizontal="center", vertical="center"),
        ),
        "info": NamedStyle(
            "汇总表说明", font=Font(name="宋体", size=11), alignment=Alignment(vertical="center")
        ),
        "header": NamedStyle(
            "汇总表表头",
            font=Font(name="黑体", size=10, bold=True),
            alignment=centre,
            border=box,
            fill=PatternFill("solid", fgColor="D9D9D9"),
        ),
        "text": NamedStyle("汇总表正文", font=body, alignment=left, border=box),
        "centre": NamedStyle("汇总表正文居中", font=body, alignment=centre, border=box),
        "month": NamedStyle(
            "汇总表年月", font=body, alignment=centre, border=box, number_format="yyyy.mm"
        ),
    }


def _cell(sheet: SafeSheet, value, style: str):
    # A name or note starting with "=" stays text, never a formula: the writer sees to it.
    return sheet.cell(value, style=style)


def _sheet_name(district: str) -> str:
    name = _NOT_IN_SHEET_NAMES.sub("", f"{district}汇总表").strip("'")
    return name[:MAX_SHEET_NAME] or "汇总表"


def _set_up_page(sheet, district: str) -> None:
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages as the rows need
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
    sheet.oddFooter.left.text = clean(district).replace("&", "&&")


def write_summary_sheet(
    out: str | IO[bytes],
    *,
    title: str,
    district: str,
    office: str,
    stamped_by: str,
    stamped_at: str,
    places_hint: str,
    rows: Iterable[SummaryRow],
) -> int:
    """Write the summary sheet to ``out`` (a path or a binary file object) and return the
    number of rows written.

    ``title`` is the sheet's heading; ``district`` names the sheet and the printed pages
    ("西湖区"); ``office`` is the recommending bureau ("杭州市西湖区教育局"), on the 推荐单位 line
    and in the footer; ``stamped_by`` and ``stamped_at`` say who approved the sheet and when
    (``stamped_at`` is also the 填表日期); ``places_hint`` ("本区推荐名额 4 名") follows it on
    the same line when not empty. ``rows`` are written in the order given and numbered 序号
    1, 2, …
    """
    workbook = SafeWorkbook()
    sheet = workbook.create_sheet(_sheet_name(district))
    styles = {}
    for key, style in _styles().items():
        styles[key] = workbook.add_named_style(style)

    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.row_dimensions[TITLE_ROW].height = 36
    sheet.row_dimensions[INFO_ROW].height = 22
    sheet.row_dimensions[HEADER_ROW].height = 30
    sheet.freeze_panes = f"D{HEADER_ROW + 1}"  # the header, and 序号 to 姓名 when scrolling right
    _set_up_page(sheet, district)

    sheet.append([_cell(sheet, title, styles["title"])])
    info = f"推荐单位（盖章）：{office}　　填表日期：{stamped_at}"
    if places_hint:
        info += f"　　{places_hint}"
    sheet.append([_cell(sheet, info, styles["info"])])
    sheet.append([_cell(sheet, column.header, styles["header"]) for column in COLUMNS])

    column_styles = [styles[column.style] for column in COLUMNS]
    count = 0
    try:
        for count, row in enumerate(rows, start=1):
            sheet.append(
                [
                    _cell(sheet, column.value(count, row), style)
                    for column, style in zip(COLUMNS, column_styles, strict=True)
                ]
            )
    except BaseException:
        workbook.discard()
        raise

    footer_row = HEADER_ROW + count + 1
    sheet.row_dimensions[footer_row].height = 22
    footer = f"电子审核：{office} {stamped_by} {stamped_at}　共 {count} 人"
    sheet.append([_cell(sheet, footer, styles["info"])])
    for row in (TITLE_ROW, INFO_ROW, footer_row):
        sheet.merged_cells.add(f"A{row}:{LAST_COLUMN}{row}")
    workbook.save(out)
    return count
