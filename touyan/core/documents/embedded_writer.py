"""Pages written with fpdf2, which embeds the subset of the CJK font that the text uses: the file
reads the same on any machine, fonts or none."""

import logging

from fpdf import FPDF
from fpdf.enums import TextMode

from .drawing import MM_PER_PT, Box, Colour, Line, Op, Text
from .fonts import CjkFont

FAMILY = "cjk"

# The subsetter logs every glyph it keeps at INFO; a setting for the logger still wins.
_subset_logger = logging.getLogger("fontTools.subset")
if _subset_logger.level == logging.NOTSET:
    _subset_logger.setLevel(logging.WARNING)
FAUX_BOLD_STROKE = 0.035  # outline width in ems that makes the single face look bold


class EmbeddedFontWriter:
    def __init__(self, font: CjkFont, title: str):
        self._font = font
        self._widths: dict[str, float] = {}
        pdf = FPDF(unit="mm", format="A4")
        pdf.set_auto_page_break(False)
        pdf.set_margins(0, 0, 0)
        pdf.set_title(title)
        pdf.set_lang("zh-CN")
        pdf.set_creator("Touyan")
        pdf.add_font(FAMILY, fname=str(font.path), collection_font_number=font.index)
        pdf.set_font(FAMILY, size=10.5)
        self._pdf = pdf

    def em(self, char: str) -> float:
        width = self._widths.get(char)
        if width is None:
            width = self._widths[char] = self._pdf.get_string_width(char) / self._pdf.font_size
        return width

    def covers(self, char: str) -> bool:
        return char.isspace() or self._font.covers(char)

    def page(self, ops: list[Op]) -> None:
        self._pdf.add_page()
        for op in ops:
            if isinstance(op, Text):
                self._text(op)
            elif isinstance(op, Line):
                self._stroke(op.width, op.colour)
                self._pdf.line(op.x1, op.y1, op.x2, op.y2)
            elif isinstance(op, Box):
                self._stroke(op.width, op.colour)
                if op.fill:
                    self._pdf.set_fill_color(*_rgb(op.fill))
                self._pdf.rect(op.x, op.y, op.w, op.h, style="DF" if op.fill else "D")

    def finish(self) -> bytes:
        return bytes(self._pdf.output())

    def _text(self, op: Text) -> None:
        pdf = self._pdf
        pdf.set_font_size(op.size)
        pdf.set_text_color(*_rgb(op.colour))
        if not op.bold:
            pdf.text(op.x, op.baseline, op.text)
            return
        # Within q/Q: fpdf2 sets the rendering mode but never sets it back to plain fill.
        with pdf.local_context():
            self._stroke(op.size * MM_PER_PT * FAUX_BOLD_STROKE, op.colour)
            pdf.text_mode = TextMode.FILL_STROKE
            pdf.text(op.x, op.baseline, op.text)

    def _stroke(self, width: float, colour: Colour) -> None:
        self._pdf.set_line_width(width)
        self._pdf.set_draw_color(*_rgb(colour))


def _rgb(colour: Colour) -> tuple[int, int, int]:
    red, green, blue = (round(part * 255) for part in colour)
    return red, green, blue
