"""Reading a record workbook: find its activity, attendance and deliverable sheets (by title, or
by their headers), the header row of each within the first ten rows, then each data row."""

import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl.utils.exceptions import InvalidFileException

from touyan.core.spreadsheets import SpreadsheetRefused, capped_rows, open_workbook
from touyan.core.text import join_list

from .columns import EXAMPLE_MARK, SHEETS, SheetSpec

HEADER_SEARCH_ROWS = 10


class RecordFileError(SpreadsheetRefused):
    """The file as a whole cannot be read as a record workbook. The checks of ``open_workbook``
    and ``capped_rows`` raise ``SpreadsheetRefused`` itself, which the import pipeline catches."""


# What openpyxl lets through from a file that is not a sound workbook: a damaged archive, a
# missing part, broken XML (SyntaxError covers ElementTree's and lxml's ParseError), values it
# cannot convert. Workbooks are read lazily, so these arise while rows are read as well.
# ``SpreadsheetRefused`` is a ValueError too: it is let through, with its own message, first.
BROKEN_FILE = (
    zipfile.BadZipFile,
    zlib.error,
    struct.error,
    InvalidFileException,
    KeyError,
    IndexError,
    TypeError,
    ValueError,
    SyntaxError,
    EOFError,
    OSError,
)


def _unreadable() -> RecordFileError:
    return RecordFileError(
        _(
            "无法读取该文件：文件已损坏，或不是 .xlsx 工作簿。请上传 Excel 2007 及以上版本的 "
            ".xlsx 文件（旧版 .xls 或损坏的文件，请在 Excel 中打开后另存为 .xlsx）"
        )
    )


def _guarded(rows):
    """The rows of a sheet, a damaged file reported as such wherever it is met."""
    while True:
        try:
            cells = next(rows)
        except StopIteration:
            return
        except SpreadsheetRefused:
            raise
        except BROKEN_FILE as exc:
            raise _unreadable() from exc
        yield cells


@dataclass
class Sheet:
    spec: SheetSpec
    title: str
    columns: dict[str, int]
    labels: dict[str, str]  # each column's header as the file writes it, for messages
    rows: Iterator[tuple[int, dict[str, object]]]


def open_records(source) -> dict[str, Sheet]:
    """The workbook's sheets by kind (``activities``, ``attendance``, ``deliverables``); at
    least one of them. Other sheets (instructions, lists) are left alone."""
    try:
        workbook = open_workbook(source, kind="records")
        worksheets = list(workbook.worksheets)
    except SpreadsheetRefused:
        raise
    except BROKEN_FILE as exc:
        raise _unreadable() from exc
    found: dict[str, Sheet] = {}
    for worksheet in worksheets:
        sheet = _read_sheet(worksheet)
        if sheet is None:
            continue
        if sheet.spec.kind in found:
            raise RecordFileError(
                _("工作簿中有两张%(kind)s表（“%(first)s”“%(second)s”），请合并为一张")
                % {
                    "kind": sheet.spec.title,
                    "first": found[sheet.spec.kind].title,
                    "second": sheet.title,
                }
            )
        found[sheet.spec.kind] = sheet
    if not found:
        raise RecordFileError(
            _("没有找到“活动”“考勤”或“成果”工作表；请用本页提供的模板填写（表头：%(columns)s）")
            % {"columns": join_list(SHEETS[0].header_of(key) for key in SHEETS[0].anchors)}
        )
    return found


def _read_sheet(worksheet) -> Sheet | None:
    named = next((spec for spec in SHEETS if spec.names_sheet(worksheet.title)), None)
    try:
        rows = _guarded(capped_rows(worksheet, kind="records"))
    except BROKEN_FILE as exc:
        raise _unreadable() from exc
    for offset in range(HEADER_SEARCH_ROWS):
        cells = next(rows, None)
        if cells is None:
            break
        spec, found = _recognise(cells, named)
        if spec is None:
            continue
        missing = spec.missing_required(found)
        if missing:
            raise RecordFileError(
                _("工作表“%(sheet)s”第%(row)d行缺少必填列：%(columns)s")
                % {"sheet": worksheet.title, "row": offset + 1, "columns": join_list(missing)}
            )
        labels = {key: str(cells[index]).strip() for key, index in found.items()}
        return Sheet(spec, worksheet.title, found, labels, _data_rows(rows, found, offset + 2))
    if named is not None:
        raise RecordFileError(
            _("工作表“%(sheet)s”的前%(n)d行中没有找到表头行（应包含 %(columns)s 等列）")
            % {
                "sheet": worksheet.title,
                "n": HEADER_SEARCH_ROWS,
                "columns": join_list(
                    c.header for c in named.columns if c.required or c.key in named.anchors
                ),
            }
        )
    return None


def _recognise(cells, named: SheetSpec | None) -> tuple[SheetSpec | None, dict[str, int]]:
    """The sheet a header row belongs to: the one its title names, or else the one whose
    columns it matches best."""
    if named is not None:
        found = named.match_headers(cells)
        return (named, found) if named.is_header(found) else (None, {})
    best, best_found = None, {}
    for spec in SHEETS:
        found = spec.match_headers(cells)
        if spec.is_header(found) and len(found) > len(best_found):
            best, best_found = spec, found
    return best, best_found


def _data_rows(rows, columns: dict[str, int], first_row: int):
    for number, cells in enumerate(rows, start=first_row):
        values = {
            key: cells[index] if index < len(cells) else None for key, index in columns.items()
        }
        texts = [str(value).strip() for value in values.values() if value is not None]
        if not any(texts):
            continue
        # The template's example rows are there to be read, not imported.
        if any(text.startswith(EXAMPLE_MARK) for text in texts):
            continue
        yield number, values
