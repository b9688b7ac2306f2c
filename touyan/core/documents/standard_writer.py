"""Pages written without any font file, for a machine that has no Chinese font to embed.

The text names STSong-Light, the standard Adobe-GB1 宋体 that PDF readers supply themselves
(Acrobat may first offer its Asian font pack; pdfium, poppler, WPS and Foxit use the system's
宋体), with the UniGB-UTF16-H encoding, so text extraction is exact. fpdf2 writes no such
unembedded CID font, hence these few lines of PDF. Widths: ASCII half an em, everything else one.
"""

import zlib

from .drawing import MM_PER_PT, PAGE_HEIGHT, PAGE_WIDTH, Box, Colour, Line, Op, Text

PT_PER_MM = 1 / MM_PER_PT
FAUX_BOLD_STROKE = 0.035

MEDIA_BOX = b"0 0 %.2f %.2f" % (PAGE_WIDTH * PT_PER_MM, PAGE_HEIGHT * PT_PER_MM)

FONT_OBJECTS = (
    b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UTF16-H"
    b" /DescendantFonts [4 0 R] >>",
    b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light"
    b" /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >>"
    b" /FontDescriptor 5 0 R /DW 1000 /W [1 95 500] >>",
    b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880]"
    b" /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
)
# Object numbers: 1 catalogue, 2 page tree, 3-5 the font, 6 document information, then pages.
FIRST_PAGE_OBJECT = 7


class StandardFontWriter:
    def __init__(self, title: str):
        self._title = title
        self._body = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        self._offsets: dict[int, int] = {}
        self._pages: list[int] = []
        for number, body in enumerate(FONT_OBJECTS, start=3):
            self._object(number, body)

    def em(self, char: str) -> float:
        return 0.5 if " " <= char <= "~" else 1.0

    def covers(self, char: str) -> bool:
        return ord(char) <= 0xFFFF and not 0xD800 <= ord(char) <= 0xF8FF

    def page(self, ops: list[Op]) -> None:
        content = zlib.compress("\n".join(_draw(op) for op in ops).encode("ascii"))
        number = FIRST_PAGE_OBJECT + 2 * len(self._pages)
        self._object(
            number,
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream"
            % (len(content), content),
        )
        self._object(
            number + 1,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [%s] /Contents %d 0 R"
            b" /Resources << /Font << /F1 3 0 R >> >> >>" % (MEDIA_BOX, number),
        )
        self._pages.append(number + 1)

    def finish(self) -> bytes:
        kids = " ".join(f"{number} 0 R" for number in self._pages).encode()
        self._object(1, b"<< /Type /Catalog /Pages 2 0 R /Lang (zh-CN) >>")
        self._object(2, b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(self._pages)))
        title = _hex(b"\xfe\xff" + self._title.encode("utf-16-be"))
        self._object(6, b"<< /Title <%s> /Creator (Touyan) >>" % title)
        size = max(self._offsets) + 1
        xref = len(self._body)
        self._body += b"xref\n0 %d\n0000000000 65535 f \n" % size
        for number in range(1, size):
            self._body += b"%010d 00000 n \n" % self._offsets[number]
        self._body += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\n" % size
        self._body += b"startxref\n%d\n%%%%EOF\n" % xref
        return bytes(self._body)

    def _object(self, number: int, body: bytes) -> None:
        self._offsets[number] = len(self._body)
        self._body += b"%d 0 obj\n%s\nendobj\n" % (number, body)


def _draw(op: Op) -> str:
    if isinstance(op, Text):
        x, y = _point(op.x, op.baseline)
        outline = _num(op.size * FAUX_BOLD_STROKE)
        mode = f"2 Tr {outline} w {_rgb(op.colour)} RG" if op.bold else "0 Tr"
        text = _hex(op.text.encode("utf-16-be")).decode()
        return f"BT /F1 {_num(op.size)} Tf {mode} {_rgb(op.colour)} rg {x} {y} Td <{text}> Tj ET"
    if isinstance(op, Line):
        (x1, y1), (x2, y2) = _point(op.x1, op.y1), _point(op.x2, op.y2)
        return f"q {_stroke(op.width, op.colour)} {x1} {y1} m {x2} {y2} l S Q"
    if isinstance(op, Box):
        x, y = _point(op.x, op.y + op.h)
        w, h = _num(op.w * PT_PER_MM), _num(op.h * PT_PER_MM)
        fill = f"{_rgb(op.fill)} rg " if op.fill else ""
        paint = "B" if op.fill else "S"
        return f"q {_stroke(op.width, op.colour)} {fill}{x} {y} {w} {h} re {paint} Q"
    raise TypeError(op)


def _point(x: float, y: float) -> tuple[str, str]:
    return _num(x * PT_PER_MM), _num((PAGE_HEIGHT - y) * PT_PER_MM)


def _stroke(width: float, colour: Colour) -> str:
    return f"{_num(width * PT_PER_MM)} w {_rgb(colour)} RG"


def _rgb(colour: Colour) -> str:
    return " ".join(_num(part) for part in colour)


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") or "0"


def _hex(data: bytes) -> bytes:
    return data.hex().upper().encode()
