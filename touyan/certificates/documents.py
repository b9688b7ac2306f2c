"""The certificate as a PDF page (``core.documents``: the CJK font embedded): the title, the
trainee's name, the programme, cohort, dates and hours, the issuing authority under the
programme's seal, the unique number and a QR code of the public verification page.

The QR code is drawn as filled squares, so it is sharp at any zoom and needs no image. The seal
is a picture: it is placed when the page is written with the embedded font (the usual case);
a machine without any CJK font writes the page without it and logs a warning."""

from __future__ import annotations

import io
import logging

import segno
from django.conf import settings
from django.utils import translation

from touyan.core.documents.drawing import BLACK, GREY, PAGE_WIDTH, RED, Box, Line, Op, Text
from touyan.core.documents.embedded_writer import EmbeddedFontWriter
from touyan.core.documents.wrapping import clean, width, wrap
from touyan.core.documents.writer import pdf_writer

from .credentials import verification_url

logger = logging.getLogger(__name__)

MARGIN = 12.0
TEXT_LEFT, TEXT_WIDTH = 30.0, 150.0
QR_SIZE = 32.0
SEAL_SIZE = 42.0


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


def body_text(certificate, starts_on) -> str:
    hours = _hours(certificate.hours)
    text = (
        f"于{_date(starts_on)}至{_date(certificate.completed_on)}参加"
        f"{certificate.programme_name}（{certificate.cohort_name}），"
        "完成规定的培养任务"
    )
    if hours:
        text += f"，累计培训 {hours} 学时"
    return text + "，经综合考核合格，准予结业。\n特发此证。"


def certificate_pdf(certificate, *, seal: bytes | None, issuer: str) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        writer = pdf_writer(f"结业证书 {certificate.number}")
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
            clean(body_text(certificate, cohort.starts_on), writer),
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
