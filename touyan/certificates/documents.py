"""The certificate as a PDF page (``core.documents``: the CJK font embedded): the title, the
trainee's name, the programme, cohort, dates and hours, the issuing authority under the
programme's seal, the unique number and a QR code of the public verification page.

A cohort's certificates are written with one font made for them: the subset of the platform's
CJK font (``core.documents.fonts``) holding the characters of the cohort's certificates, made
once (a cached file in the temporary folder, named by its content) and its outlines turned
into TrueType's (fpdf2 cuts a CFF font down again for every PDF, slowly): a page then takes a
few hundredths of a second instead of two seconds of reading the whole font collection.

The QR code is drawn as filled squares, so it is sharp at any zoom and needs no image. The seal
is a picture: it is placed when the page is written with the embedded font (the usual case);
a machine without any CJK font writes the page without it and logs a warning."""

from __future__ import annotations

import hashlib
import io
import logging
import os
import string
import tempfile
from collections.abc import Iterable
from pathlib import Path

import segno
from django.conf import settings
from django.utils import translation

from touyan.core.documents.drawing import BLACK, GREY, PAGE_WIDTH, RED, Box, Line, Op, Text
from touyan.core.documents.embedded_writer import EmbeddedFontWriter
from touyan.core.documents.fonts import CjkFont, cjk_font
from touyan.core.documents.wrapping import MISSING, clean, width, wrap
from touyan.core.documents.writer import pdf_writer
from touyan.programmes.policy import calendar_of

from .credentials import verification_url

logger = logging.getLogger(__name__)

MARGIN = 12.0
TEXT_LEFT, TEXT_WIDTH = 30.0, 150.0
QR_SIZE = 32.0
SEAL_SIZE = 42.0


# Every character the page's own words use (the variable parts come from the certificates).
PAGE_TEXT = (
    "结 业 证 书同志：于年月日至参加（），完成规定的培养任务累计培训学时，经综合考核合格，"
    "准予结业。特发此证。证书编号：扫描二维码或在平台首页输入证书编号查验" + string.printable
)


def font_for(texts: Iterable[str]) -> CjkFont | None:
    """The platform's CJK font cut down to the characters of ``texts`` and of the page; None
    when there is no font to embed (the standard writer is used then)."""
    base = cjk_font()
    if base is None:
        return None
    wanted = set(PAGE_TEXT).union(*map(set, texts)) | {MISSING}
    chars = sorted(c for c in wanted if base.covers(c) and not c.isspace() or c == " ")
    digest = hashlib.sha256(
        f"{base.path}#{base.index}:{os.path.getmtime(base.path)}:{''.join(chars)}".encode()
    ).hexdigest()[:24]
    path = Path(tempfile.gettempdir()) / f"touyan-certificate-font-{digest}.ttf"
    if not path.exists():
        _subset(base, chars, path)
    return CjkFont(path, 0, base.name, frozenset(map(ord, chars)))


def _subset(base: CjkFont, chars: list[str], path: Path) -> None:
    from fontTools import subset

    options = subset.Options()
    options.font_number = base.index
    options.layout_features = []
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = subset.load_font(str(base.path), options, dontLoadGlyphNames=True)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in chars])
    subsetter.subset(font)
    if "CFF " in font:
        _to_truetype(font)
    # Written aside and renamed: another process reading it sees the whole file or none.
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    subset.save_font(font, str(partial), options)
    partial.replace(path)


def _to_truetype(font) -> None:
    """CFF outlines as TrueType quadratic ones (what fontTools' otf2ttf snippet does)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, glyphs
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    font.recalcBBoxes = True  # the new glyphs have no bounds yet
    glyf.compile(font)
    metrics = font["hmtx"]
    for name, glyph in glyphs.items():
        if hasattr(glyph, "xMin"):
            metrics[name] = (metrics[name][0], glyph.xMin)
    font["maxp"] = maxp = newTable("maxp")
    maxp.tableVersion, maxp.maxZones = 0x00010000, 1
    for field in (
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, field, 0)
    post = font["post"]
    post.formatType, post.extraNames, post.mapping, post.glyphOrder = 2.0, [], {}, order
    font.sfntVersion = "\0\1\0\0"


def _date(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def _hours(value) -> str:
    if value is None:
        return ""
    return f"{value:.1f}".removesuffix(".0")


def _centred(text: str, baseline: float, size: float, writer, **style) -> Text:
    return Text((PAGE_WIDTH - width(text, size, writer)) / 2, baseline, text, size, **style)


def _qr_boxes(url: str, left: float, top: float, size: float) -> list[Op]:
    """The QR code of ``url``: one filled box per run of dark modules in a row."""
    code = segno.make(url, error="m", micro=False)
    rows = [list(row) for row in code.matrix]
    module = size / len(rows)
    ops: list[Op] = []
    for y, row in enumerate(rows):
        x = 0
        while x < len(row):
            if not row[x]:
                x += 1
                continue
            start = x
            while x < len(row) and row[x]:
                x += 1
            ops.append(
                Box(
                    left + start * module,
                    top + y * module,
                    (x - start) * module,
                    module,
                    width=0.01,
                    fill=BLACK,
                )
            )
    return ops


def body_text(certificate, starts_on, ends_on) -> str:
    """``starts_on`` to ``ends_on``: the cohort's course (ended by the decision if earlier)."""
    hours = _hours(certificate.hours)
    ends_on = min(ends_on, certificate.completed_on)
    # A cohort's name may carry brackets of its own (第一期（2025年4月开班）).
    cohort = certificate.cohort_name
    cohort = cohort if "（" in cohort else f"（{cohort}）"
    text = (
        f"于{_date(starts_on)}至{_date(ends_on)}参加"
        f"{certificate.programme_name}{cohort}，"
        "完成规定的培养任务"
    )
    if hours:
        text += f"，累计培训 {hours} 学时"
    return text + "，经综合考核合格，准予结业。\n特发此证。"


def certificate_texts(certificate, issuer: str) -> list[str]:
    return [certificate.name, certificate.programme_name, certificate.cohort_name, issuer]


def certificate_pdf(
    certificate, *, seal: bytes | None, issuer: str, font: CjkFont | None = None
) -> bytes:
    """The page; ``font`` the cohort's font (``font_for``), else one made for this page."""
    with translation.override(settings.LANGUAGE_CODE):
        title = f"结业证书 {certificate.number}"
        font = font or font_for(certificate_texts(certificate, issuer))
        writer = EmbeddedFontWriter(font, title) if font else pdf_writer(title)
        cohort = certificate.cohort
        ops: list[Op] = [
            Box(MARGIN, MARGIN, PAGE_WIDTH - 2 * MARGIN, 297 - 2 * MARGIN, width=1.2, colour=RED),
            Box(
                MARGIN + 3,
                MARGIN + 3,
                PAGE_WIDTH - 2 * MARGIN - 6,
                297 - 2 * MARGIN - 6,
                width=0.4,
                colour=RED,
            ),
            _centred("结 业 证 书", 62, 36, writer, bold=True, colour=RED),
            Line(60, 74, PAGE_WIDTH - 60, 74, width=0.4, colour=RED),
            Text(TEXT_LEFT, 100, clean(f"{certificate.name} 同志：", writer), 18, bold=True),
        ]
        size, line = 15, 10.5
        baseline = 118
        for indent, text in wrap(
            clean(
                body_text(
                    certificate,
                    cohort.starts_on,
                    calendar_of(cohort.programme, cohort=cohort).end,
                ),
                writer,
            ),
            TEXT_WIDTH,
            size,
            writer,
            indent=2 * size * 25.4 / 72,
        ):
            ops.append(Text(TEXT_LEFT + indent, baseline, text, size))
            baseline += line
        # The issuer and the date, right-aligned, the seal over them.
        right = PAGE_WIDTH - 35
        for text, top in ((clean(issuer, writer), 205), (_date(certificate.issued_on), 217)):
            ops.append(Text(right - width(text, 14, writer), top, text, 14))
        url = verification_url(certificate)
        qr_top = 232
        ops += _qr_boxes(url, TEXT_LEFT, qr_top, QR_SIZE)
        ops += [
            Text(TEXT_LEFT + QR_SIZE + 5, qr_top + 9, f"证书编号：{certificate.number}", 11),
            Text(
                TEXT_LEFT + QR_SIZE + 5,
                qr_top + 17,
                "扫描二维码或在平台首页输入证书编号查验",
                9,
                colour=GREY,
            ),
            Text(TEXT_LEFT + QR_SIZE + 5, qr_top + 24, url, 6.5, colour=GREY),
        ]
        writer.page(ops)
        if seal:
            if isinstance(writer, EmbeddedFontWriter):
                _place_image(writer, seal, right - SEAL_SIZE + 2, 182, SEAL_SIZE)
            else:
                logger.warning(
                    "certificate %s written without its seal: no CJK font to embed",
                    certificate.number,
                )
        return writer.finish()


def _place_image(writer: EmbeddedFontWriter, data: bytes, x: float, y: float, size: float):
    # The toolkit draws text, lines and boxes; a picture goes straight onto its fpdf2 page.
    writer._pdf.image(io.BytesIO(data), x=x, y=y, w=size, h=size, keep_aspect_ratio=True)
