"""Reading a roster workbook: find the header row, then yield each data row by column key."""

import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl.utils.exceptions import InvalidFileException

from touyan.core.spreadsheets import SpreadsheetRefused, capped_rows, open_workbook
from touyan.core.text import join_list

from .columns import COLUMNS, match_headers, missing_required

HEADER_SEARCH_ROWS = 10


class RosterFileError(SpreadsheetRefused):
    """The file as a whole cannot be read as a roster. The checks of ``open_workbook`` and
    ``capped_rows`` raise ``SpreadsheetRefused`` itself, which the import pipeline catches."""


@dataclass
class Sheet:
    title: str
    columns: dict[str, int]
    labels: dict[str, str]  # each column's header as the file writes it, for messages
    header_row: int
    rows: Iterator[tuple[int, dict[str, object]]]


def open_roster(source) -> Sheet:
    try:
        workbook = open_workbook(source, kind="roster")
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as exc:
        raise _unreadable() from exc
    for worksheet in workbook.worksheets:
        rows = _broken_as_unreadable(capped_rows(worksheet, kind="roster"))
        for offset in range(HEADER_SEARCH_ROWS):
            cells = next(rows, None)
            if cells is None:
                break
            found = match_headers(cells)
            if "name" in found and "id_number" in found:
                missing = missing_required(found)
                if missing:
                    raise RosterFileError(
                        _("工作表“%(sheet)s”第%(row)d行缺少必填列：%(columns)s")
                        % {
                            "sheet": worksheet.title,
                            "row": offset + 1,
                            "columns": join_list(missing),
                        }
                    )
                labels = {key: str(cells[index]).strip() for key, index in found.items()}
                return Sheet(
                    worksheet.title, found, labels, offset + 1, _data_rows(rows, found, offset + 2)
                )
    raise RosterFileError(
        _("没有找到表头行：前%(n)d行中应有一行包含 %(columns)s 等列")
        % {"n": HEADER_SEARCH_ROWS, "columns": join_list(c.header for c in COLUMNS if c.required)}
    )


def _unreadable() -> RosterFileError:
    return RosterFileError(
        _("无法读取该文件：请上传 Excel 2007 及以上版本的 .xlsx 文件（旧版 .xls 请先另存为 .xlsx）")
    )


# What a damaged archive raises while its rows are read (the workbook is read lazily): a part
# whose bytes do not match what the archive declares, broken compression, broken XML.
BROKEN_WHILE_READING = (zipfile.BadZipFile, zlib.error, OSError, EOFError, SyntaxError, KeyError)


def _broken_as_unreadable(rows):
    try:
        yield from rows
    except BROKEN_WHILE_READING as exc:
        raise _unreadable() from exc


def _data_rows(rows, columns: dict[str, int], first_row: int):
    for number, cells in enumerate(rows, start=first_row):
        values = {
            key: cells[index] if index < len(cells) else None for key, index in columns.items()
        }
        if all(value is None or str(value).strip() == "" for value in values.values()):
            continue
        yield number, values
