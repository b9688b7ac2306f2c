"""The recommendation form (推荐表) of candidates as one PDF, each form starting on a new page.

Why fpdf2 with an embedded font — tried with poppler 22.12 (pdftotext, pdftoppm), pdfium and
fonts-noto-cjk on Debian 12:
- reportlab's built-in CID font STSong-Light is not embedded. pdftotext extracts it exactly, but
  the glyphs come from the reader's machine: pdftoppm without a Chinese font draws a blank page,
  Acrobat first asks for its Asian font pack, and its UCS-2 encoding garbles the rest of a line
  after a character beyond the BMP (𠀀). reportlab cannot embed the Chinese fonts Linux
  distributions ship (Noto CJK, Source Han: PostScript outlines).
- fpdf2 embeds a subset of any TrueType or OpenType font, collections included: pdftotext
  extracts the text exactly, and pdftoppm and pdfium draw it on a machine with no font at all.
- The PyPI packages carrying Noto CJK are one-release 15 MB wheels.
So fpdf2 (with fontTools, Pillow, defusedxml). The machinery is shared by every domain's
documents (``touyan.core.documents``): ``fonts.py`` finds the font (``TOUYAN_PDF_FONT``); on a
machine without any Chinese font, ``standard_writer.py`` names STSong-Light unembedded, the one
way that needs no font file and still extracts exactly.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from touyan.core.documents.drawing import GREY, Line, Op, Text, Writer
from touyan.core.documents.flow import CONTENT_WIDTH, LEFT, Flow
from touyan.core.documents.wrapping import clean, width
from touyan.core.documents.writer import pdf_writer

from .form_layout import lay_out


@dataclass(frozen=True)
class Stamp:
    """The district's approval, recorded in the system: drawn as text, never as an image."""

    office: str  # 杭州市西湖区教育局
    by: str  # the officer's name
    at: str  # 2026-05-12 14:03
    rank: int | None  # the district's ranking of the candidate, if ranked
    opinion: str  # 同意推荐


@dataclass(frozen=True)
class RecommendationForm:
    title: str  # 杭州市中小学名校长培养工程推荐表
    call_title: str
    serial: str  # HZ2026-000123
    fields: list[tuple[str, str]]  # (label, value): 姓名, 性别, 出生年月, 学校 …
    statements: list[tuple[str, str]]  # (condition heading, the applicant's statement)
    eligibility: list[tuple[str, str, str]]  # (condition, outcome label, reason)
    attachments: list[str]  # names of uploaded evidence files
    stamp: Stamp | None  # None while not yet approved
    generated_at: str  # printed in the footer


def render_forms(forms: Sequence[RecommendationForm]) -> bytes:
    """One PDF; each form starts on a new page; page numbers per form ("第 1 页 / 共 2 页")."""
    if not forms:
        raise ValueError("render_forms needs at least one form")
    writer = pdf_writer(forms[0].title)
    for form in forms:
        pages = lay_out(form, Flow(writer))
        for number, ops in enumerate(pages, start=1):
            writer.page(ops + _footer(form, number, len(pages), writer))
    return writer.finish()


FOOTER_LINE = 281.0
FOOTER_BASELINE = 286.0


def _footer(form: RecommendationForm, number: int, pages: int, writer: Writer) -> list[Op]:
    right = LEFT + CONTENT_WIDTH
    numbering = _("第 %(page)d 页 / 共 %(pages)d 页") % {"page": number, "pages": pages}
    generated = clean(_("生成时间：%(at)s") % {"at": form.generated_at}, writer)
    serial = clean(form.serial, writer)
    return [
        Line(LEFT, FOOTER_LINE, right, FOOTER_LINE, width=0.2, colour=GREY),
        Text(LEFT, FOOTER_BASELINE, generated, 8, colour=GREY),
        Text(
            LEFT + (CONTENT_WIDTH - width(numbering, 9, writer)) / 2, FOOTER_BASELINE, numbering, 9
        ),
        Text(right - width(serial, 8, writer), FOOTER_BASELINE, serial, 8, colour=GREY),
    ]
