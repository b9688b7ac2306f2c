"""A ``Listing`` as .xlsx: one worksheet per section (its title row, its heading, the column
headings, the rows), written through the platform's one workbook writer
(``touyan.core.spreadsheets.SafeWorkbook``: formula injection neutralised in every cell)."""

from __future__ import annotations

import re
from typing import IO

from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from touyan.core.spreadsheets import SafeWorkbook

from .listing import Listing

MAX_SHEET_NAME = 31
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")
# Excel's units (about one digit; a Chinese character takes two) for the whole width.
TOTAL_WIDTH = 110
HEADER_ROW = 3


def sheet_names(names: list[str]) -> list[str]:
    """Names Excel accepts (no []:*?/\\, at most 31 characters, not empty), each unique."""
    taken: set[str] = set()
    result = []
    for number, name in enumerate(names, start=1):
        base = _NOT_IN_SHEET_NAMES.sub("", name).strip("' ")[:MAX_SHEET_NAME] or str(number)
        candidate, copy = base, 1
        while candidate.lower() in taken:
            copy += 1
            suffix = f"({copy})"
            candidate = base[: MAX_SHEET_NAME - len(suffix)] + suffix
        taken.add(candidate.lower())
        result.append(candidate)
    return result


def _styles() -> dict[str, NamedStyle]:
    wrap = Alignment(vertical="top", wrap_text=True)
    return {
        "title": NamedStyle("名单标题", font=Font(size=14, bold=True)),
        "heading": NamedStyle("名单小标题", font=Font(size=11, bold=True)),
        "header": NamedStyle(
            "名单表头",
            font=Font(bold=True),
            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
            fill=PatternFill("solid", fgColor="D9D9D9"),
        ),
        "text": NamedStyle("名单正文", alignment=wrap),
    }


def write_listing_workbook(out: str | IO[bytes], listing: Listing) -> None:
    workbook = SafeWorkbook()
    styles = {key: workbook.add_named_style(style) for key, style in _styles().items()}
    total = sum(column.share for column in listing.columns)
    names = sheet_names([section.sheet or section.heading for section in listing.sections])
    try:
        for section, name in zip(listing.sections, names, strict=True):
            sheet = workbook.create_sheet(name)
            for index, column in enumerate(listing.columns, start=1):
                width = max(6, round(TOTAL_WIDTH * column.share / total))
                sheet.column_dimensions[get_column_letter(index)].width = width
            sheet.freeze_panes = f"A{HEADER_ROW + 1}"
            sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
            sheet.page_setup.fitToWidth = 1
            sheet.page_setup.fitToHeight = 0
            sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
            sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
            sheet.append([sheet.cell(listing.title, style=styles["title"])])
            heading = section.heading or "　".join(listing.lines)
            sheet.append([sheet.cell(heading, style=styles["heading"])])
            sheet.append([sheet.cell(c.heading, style=styles["header"]) for c in listing.columns])
            for values in section.rows:
                sheet.append([sheet.cell(value, style=styles["text"]) for value in values])
            if not section.rows and section.empty:
                sheet.append([section.empty])
        workbook.save(out)
    except BaseException:
        workbook.discard()
        raise
