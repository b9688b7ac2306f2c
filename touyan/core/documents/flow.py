"""Laying out text and rows of bordered cells down A4 pages.

A row too tall for what is left of a page is split between lines when it may be (a long
statement), the part on the first page drawn down to the bottom margin; the rows given as
``repeat`` (a table's column headings, a statement's heading) open every continuation page.
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from .drawing import MM_PER_PT, PAGE_HEIGHT, PAGE_WIDTH, Box, Colour, Metrics, Op, Text, baseline
from .wrapping import Wrapped, width

MARGIN = 18.0
LEFT = MARGIN
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
TOP = 18.0
BOTTOM = PAGE_HEIGHT - 20.0
PAD_X = 1.8
PAD_Y = 1.5
LEADING = 1.5
MIN_LINES = 2  # no row is split to leave fewer lines than this on a page


def line_height(size: float) -> float:
    return size * MM_PER_PT * LEADING


@dataclass
class Cell:
    width: float
    lines: Wrapped
    size: float = 10.5
    centred: bool = False
    bold: bool = False
    fill: Colour | None = None

    @property
    def line_height(self) -> float:
        return line_height(self.size)

    def lines_within(self, height: float) -> int:
        return max(0, math.floor((height - 2 * PAD_Y) / self.line_height + 1e-6))


@dataclass
class Row:
    cells: list[Cell]
    min_height: float = 0
    splittable: bool = False

    @property
    def height(self) -> float:
        tallest = max(len(cell.lines) * cell.line_height for cell in self.cells)
        return max(self.min_height, tallest + 2 * PAD_Y)

    @property
    def least_height(self) -> float:
        """What must fit below the row before it so that the two stay together."""
        if not self.splittable:
            return self.height
        return min(self.height, MIN_LINES * max(c.line_height for c in self.cells) + 2 * PAD_Y)

    def split(self, height: float) -> tuple["Row", "Row"]:
        head = [replace(c, lines=c.lines[: c.lines_within(height)]) for c in self.cells]
        rest = [replace(c, lines=c.lines[c.lines_within(height) :]) for c in self.cells]
        return replace(self, cells=head, min_height=height), replace(self, cells=rest, min_height=0)

    @property
    def empty(self) -> bool:
        return not any(cell.lines for cell in self.cells)


@dataclass
class Flow:
    metrics: Metrics
    pages: list[list[Op]] = field(default_factory=list)
    y: float = TOP
    fresh: bool = True  # nothing but repeated headings on the page yet

    def __post_init__(self):
        self.new_page()

    def new_page(self) -> None:
        self.pages.append([])
        self.y = TOP
        self.fresh = True

    @property
    def room(self) -> float:
        return BOTTOM - self.y

    def add(self, *ops: Op) -> None:
        self.pages[-1].extend(ops)

    def space(self, height: float) -> None:
        self.y = min(self.y + height, BOTTOM)

    def text(self, text: str, size: float, *, bold=False, centred=False, keep=0.0) -> None:
        """One line of text outside any table; ``keep`` is the room wanted below it."""
        height = line_height(size)
        if height + keep > self.room and not self.fresh:
            self.new_page()
        x = LEFT + (CONTENT_WIDTH - width(text, size, self.metrics)) / 2 if centred else LEFT
        self.add(Text(x, _baseline(self.y, size), text, size, bold=bold))
        self.y += height
        self.fresh = False

    def block(self, height: float, draw: Callable[[float], list[Op]]) -> None:
        """Something drawn in one piece: on the next page if it does not fit on this one."""
        if height > self.room and not self.fresh:
            self.new_page()
        self.add(*draw(self.y))
        self.y += height
        self.fresh = False

    def table(self, rows: Sequence[Row], repeat: Sequence[Row] = ()) -> None:
        for index, row in enumerate(rows):
            started = repeat if index else ()  # a table not begun yet is not continued
            following = rows[index + 1].least_height if index + 1 < len(rows) else 0
            if row.height + following > self.room and not self.fresh and not self._splits(row):
                self._continue(started)
            self._place(row, started)

    def _splits(self, row: Row) -> bool:
        return row.splittable and all(
            c.lines_within(self.room) >= min(MIN_LINES, len(c.lines)) for c in row.cells
        )

    def _place(self, row: Row, repeat: Sequence[Row]) -> None:
        while row.height > self.room + 1e-6:
            too_tall = row.height > BOTTOM - TOP - sum(r.height for r in repeat)
            if (row.splittable or too_tall) and self._splits(replace(row, splittable=True)):
                head, row = row.split(self.room)
                self._draw(head, centred_vertically=False)
                self._continue(repeat)
                if row.empty:
                    return
            elif self.fresh:
                break  # cannot be split and fits no page: drawn as it is rather than lost
            else:
                self._continue(repeat)
        self._draw(row, centred_vertically=not row.splittable)
        self.fresh = False

    def _continue(self, repeat: Sequence[Row]) -> None:
        self.new_page()
        for row in repeat:
            self._draw(row, centred_vertically=True)

    def _draw(self, row: Row, *, centred_vertically: bool) -> None:
        height = row.height
        x = LEFT
        for cell in row.cells:
            self.add(Box(x, self.y, cell.width, height, fill=cell.fill))
            block = len(cell.lines) * cell.line_height
            top = self.y + ((height - block) / 2 if centred_vertically else PAD_Y)
            for number, (indent, text) in enumerate(cell.lines):
                if not text:
                    continue
                if cell.centred:
                    left = x + (cell.width - width(text, cell.size, self.metrics)) / 2
                else:
                    left = x + PAD_X + indent
                baseline = _baseline(top + number * cell.line_height, cell.size)
                self.add(Text(left, baseline, text, cell.size, bold=cell.bold))
            x += cell.width
        self.y += height


def _baseline(line_top: float, size: float) -> float:
    return baseline(line_top, line_height(size), size)
