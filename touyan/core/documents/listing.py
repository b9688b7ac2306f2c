"""A printable list on A4: a title, a few lines under it, then sections (a heading and a bordered
table each, the column headings repeated on every page the table continues on), numbered pages.

The shape of every roster a domain hands on (an allocation by studio, a call's decided or final
list). The caller gives the words, and renders in the document's language (the page numbers
are translated here).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .drawing import GREY, SHADE, Line, Op, Text, Writer
from .flow import CONTENT_WIDTH, LEFT, PAD_X, Cell, Flow, Row
from .wrapping import clean, width, wrap
from .writer import pdf_writer

TITLE = 16.0
SUBTITLE = 10.5
HEADING = 12.0
BODY = 9.5
FOOTER_LINE = 281.0
FOOTER_BASELINE = 286.0
ROW_HEIGHT = 7.5


@dataclass(frozen=True)
class Column:
    heading: str
    share: float  # of the page's width, relative to the other columns
    centred: bool = False


@dataclass(frozen=True)
class Section:
    heading: str  # 王海中学卓越校长工作室（12 人）; empty: the table alone
    rows: Sequence[Sequence[object]]
    empty: str = ""  # said instead of a table without rows
    sheet: str = ""  # the worksheet's name in the .xlsx (the heading when empty)


@dataclass(frozen=True)
class Listing:
    title: str
    columns: Sequence[Column]
    sections: Sequence[Section]
    lines: Sequence[str] = field(default_factory=tuple)  # under the title
    footer: str = ""  # at the foot of every page, on the left


def render_listing(listing: Listing) -> bytes:
    writer = pdf_writer(listing.title)
    flow = Flow(writer)
    layout = _Layout(flow, listing.columns)
    layout.title(listing.title, listing.lines)
    for section in listing.sections:
        layout.section(section)
    pages = flow.pages
    for number, ops in enumerate(pages, start=1):
        writer.page(ops + _footer(listing.footer, number, len(pages), writer))
    return writer.finish()


class _Layout:
    def __init__(self, flow: Flow, columns: Sequence[Column]):
        self.flow = flow
        self.metrics = flow.metrics
        self.columns = columns
        total = sum(column.share for column in columns)
        self.widths = [CONTENT_WIDTH * column.share / total for column in columns]

    def cell(self, text, cell_width: float, *, size=BODY, **options) -> Cell:
        value = "" if text is None else str(text)
        lines = wrap(clean(value, self.metrics), cell_width - 2 * PAD_X, size, self.metrics)
        return Cell(cell_width, lines, size=size, **options)

    def title(self, title: str, lines: Sequence[str]) -> None:
        for _indent, line in wrap(clean(title, self.metrics), CONTENT_WIDTH, TITLE, self.metrics):
            self.flow.text(line, TITLE, bold=True, centred=True)
        self.flow.space(2)
        for text in lines:
            for _indent, line in wrap(
                clean(text, self.metrics), CONTENT_WIDTH, SUBTITLE, self.metrics
            ):
                self.flow.text(line, SUBTITLE)
        self.flow.space(2)

    def header(self) -> Row:
        cells = [
            self.cell(column.heading, w, centred=True, bold=True, fill=SHADE)
            for column, w in zip(self.columns, self.widths, strict=True)
        ]
        return Row(cells, min_height=ROW_HEIGHT)

    def section(self, section: Section) -> None:
        self.flow.space(3)
        if section.heading:
            for _indent, line in wrap(
                clean(section.heading, self.metrics), CONTENT_WIDTH, HEADING, self.metrics
            ):
                self.flow.text(line, HEADING, bold=True, keep=3 * ROW_HEIGHT)
            self.flow.space(1)
        if not section.rows:
            if section.empty:
                self.flow.text(clean(section.empty, self.metrics), BODY)
            return
        header = self.header()
        rows = [header]
        for values in section.rows:
            cells = [
                self.cell(value, w, centred=column.centred)
                for value, column, w in zip(values, self.columns, self.widths, strict=True)
            ]
            rows.append(Row(cells, min_height=ROW_HEIGHT, splittable=True))
        self.flow.table(rows, repeat=[header])


def _footer(text: str, number: int, pages: int, writer: Writer) -> list[Op]:
    right = LEFT + CONTENT_WIDTH
    numbering = _("第 %(page)d 页 / 共 %(pages)d 页") % {"page": number, "pages": pages}
    ops: list[Op] = [
        Line(LEFT, FOOTER_LINE, right, FOOTER_LINE, width=0.2, colour=GREY),
        Text(
            right - width(numbering, 9, writer),
            FOOTER_BASELINE,
            numbering,
            9,
        ),
    ]
    if text:
        ops.append(Text(LEFT, FOOTER_BASELINE, clean(text, writer), 8, colour=GREY))
    return ops
