"""The writer of a new PDF: the embedded font when there is one, else the standard 宋体."""

from .drawing import Writer
from .embedded_writer import EmbeddedFontWriter
from .fonts import cjk_font
from .standard_writer import StandardFontWriter


def pdf_writer(title: str) -> Writer:
    font = cjk_font()
    return EmbeddedFontWriter(font, title) if font else StandardFontWriter(title)
