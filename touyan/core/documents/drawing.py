"""What a laid-out page is made of: text, lines and boxes in millimetres from the top left of an
A4 sheet, drawn by one of the two writers (``embedded_writer``, ``standard_writer``)."""

from dataclasses import dataclass
from typing import Protocol

PAGE_WIDTH = 210.0
PAGE_HEIGHT = 297.0
MM_PER_PT = 25.4 / 72

Colour = tuple[float, float, float]
BLACK: Colour = (0, 0, 0)
GREY: Colour = (0.35, 0.35, 0.35)
SHADE: Colour = (0.93, 0.93, 0.93)
RED: Colour = (0.78, 0.06, 0.06)

# Where an ideograph sits in its em square: 0.88 above the baseline (the usual CJK ascent).
ASCENT = 0.88


@dataclass(frozen=True, slots=True)
class Text:
    x: float
    baseline: float
    text: str
    size: float  # points
    bold: bool = False
    colour: Colour = BLACK


@dataclass(frozen=True, slots=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float = 0.3
    colour: Colour = BLACK


@dataclass(frozen=True, slots=True)
class Box:
    x: float
    y: float
    w: float
    h: float
    width: float = 0.3
    colour: Colour = BLACK
    fill: Colour | None = None


Op = Text | Line | Box


def baseline(top: float, height: float, size: float) -> float:
    """The baseline of a line of ``size`` points centred in a slot ``height`` mm high."""
    em = size * MM_PER_PT
    return top + (height - em) / 2 + ASCENT * em


class Metrics(Protocol):
    def em(self, char: str) -> float:
        """The advance of one character, in ems."""

    def covers(self, char: str) -> bool:
        """Whether the font has a glyph for the character."""


class Writer(Metrics, Protocol):
    def page(self, ops: list[Op]) -> None: ...

    def finish(self) -> bytes: ...
