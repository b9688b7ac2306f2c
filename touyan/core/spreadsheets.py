"""The one way the platform writes and reads .xlsx workbooks.

Writing: ``SafeWorkbook`` streams rows through openpyxl's write-only mode (flat memory whatever
the number of rows) and neutralises formula injection in every cell it writes. A text that
Excel or WPS would take for a formula or a command (it starts with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return) is written as a plain string cell, its value unchanged, with Excel's
"quote prefix" flag set: the application shows the text and never evaluates it, and a reader gets
back exactly the text that was written, so an exported roster re-imports unchanged. Numbers,
negative amounts included, stay numbers.

Reading: ``open_workbook`` checks an uploaded file before openpyxl parses it (see
``touyan.core.uploads.check_spreadsheet``) and ``capped_rows`` stops at the configured number
of rows and cells and refuses a cell longer than Excel allows.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell

# What makes Excel, WPS or LibreOffice read a typed text as a formula or a DDE command.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# The longest text Excel keeps in one cell.
EXCEL_CELL_CHARS = 32767


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def clean(value):
    """Text without the control characters XML refuses (a line feed stays): openpyxl raises on
    them as the cell is made, so they go before."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def neutralise(cell: Cell) -> Cell:
    """Make ``cell`` a plain string if its text could run as a formula; leave it otherwise."""
    if is_formula_like(cell.value):
        cell.data_type = "s"  # openpyxl makes "=…" a formula cell; it must stay text
        cell.quotePrefix = True
    return cell


class SafeSheet:
    """A write-only worksheet whose every appended value goes through ``neutralise``. Layout
    attributes (column widths, freeze panes, page setup, merged ranges, data validations) are
    those of the openpyxl sheet underneath; set them before the first row, as write-only mode
    requires."""

    def __init__(self, sheet):
        object.__setattr__(self, "_sheet", sheet)

    def __getattr__(self, name):
        return getattr(self._sheet, name)

    def __setattr__(self, name, value):
        setattr(self._sheet, name, value)

    def cell(self, value=None, *, style: str | None = None, **formats) -> Cell:
        """A cell to append, styled by a named style or by openpyxl format objects
        (``font=``, ``fill=``, ``alignment=``, ``number_format=``)."""
        cell = WriteOnlyCell(self._sheet, value=clean(value))
        if style is not None:
            cell.style = style  # by name: openpyxl would compare a NamedStyle with every style
        for name, format_ in formats.items():
            setattr(cell, name, format_)
        return neutralise(cell)

    def append(self, values: Iterable) -> None:
        row = []
        for value in values:
            if not isinstance(value, Cell):
                if not isinstance(value, str):
                    row.append(value)
                    continue
                value = WriteOnlyCell(self._sheet, value=clean(value))
            row.append(neutralise(value))
        self._sheet.append(row)


class SafeWorkbook:
    """A write-only workbook of ``SafeSheet``s."""

    def __init__(self):
        self._book = Workbook(write_only=True)
        self._sheets: list[SafeSheet] = []

    def create_sheet(self, title: str) -> SafeSheet:
        sheet = SafeSheet(self._book.create_sheet(title))
        self._sheets.append(sheet)
        return sheet

    def add_named_style(self, style) -> str:
        self._book.add_named_style(style)
        return style.name

    def save(self, out: str | IO[bytes]) -> None:
        self._book.save(out)

    def discard(self) -> None:
        """Remove the rows written so far. openpyxl streams them to a temporary file that it
        only deletes on saving or at the end of the process: a workbook abandoned half-way (the
        rows' source failed) would otherwise leave names and numbers on disk for the life of a
        server process."""
        for sheet in self._sheets:
            writer = sheet._sheet._writer
            if writer is None:
                continue
            with contextlib.suppress(Exception):
                sheet._sheet.close()  # ends the row stream and closes the file
            with contextlib.suppress(Exception):
                writer.close()  # in case the stream itself had failed
            with contextlib.suppress(OSError, ValueError):
                writer.cleanup()


class SpreadsheetRefused(ValueError):
    """An uploaded workbook that is not read at all, or not read further; the message says why
    in the user's language."""


def open_workbook(source, *, kind: str):
    """A read-only openpyxl workbook of an uploaded file, once the file has passed the
    pre-parse check of its upload kind. Raises ``SpreadsheetRefused``."""
    from .uploads import check_spreadsheet  # uploads uses this module's errors

    check_spreadsheet(source, kind=kind)
    return load_workbook(source, read_only=True, data_only=True)


def capped_rows(worksheet, *, kind: str) -> Iterator[tuple]:
    """The rows of ``worksheet`` as values, refused past the upload kind's limits on rows and
    cells, and at a cell longer than Excel itself allows."""
    limits = settings.SPREADSHEET_LIMITS[kind]
    max_rows, max_cells = limits["rows"], limits["cells"]
    cells = 0
    for number, row in enumerate(worksheet.iter_rows(values_only=True), start=1):
        if number > max_rows:
            raise SpreadsheetRefused(
                _("工作表“%(sheet)s”超过 %(limit)d 行，请拆分后分批导入")
                % {"sheet": worksheet.title, "limit": max_rows}
            )
        cells += len(row)
        if cells > max_cells:
            raise SpreadsheetRefused(
                _("工作簿超过 %(limit)d 个单元格，请删去多余的列和行，或拆分后分批导入")
                % {"limit": max_cells}
            )
        for column, value in enumerate(row, start=1):
            if isinstance(value, str) and len(value) > EXCEL_CELL_CHARS:
                raise SpreadsheetRefused(
                    _(
                        "工作表“%(sheet)s”第%(row)d行第%(column)d列的内容超过 Excel 单元格的上限（%(limit)d 字）"
                    )
                    % {
                        "sheet": worksheet.title,
                        "row": number,
                        "column": column,
                        "limit": EXCEL_CELL_CHARS,
                    }
                )
        yield row
