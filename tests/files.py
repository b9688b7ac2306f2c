"""Real files for upload tests: uploads are parsed (PDFs), decoded and re-encoded (images)."""

import io
import re
import shutil
import subprocess
import tempfile

import pytest
from fpdf import FPDF
from PIL import Image


def pdf_bytes(text: str = "material") -> bytes:
    document = FPDF()
    document.add_page()
    document.set_font("helvetica", size=12)
    document.cell(text=text.encode("ascii", "replace").decode())
    return bytes(document.output())


def png_bytes(size=(8, 6), colour=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def jpeg_bytes(size=(8, 6), colour=(30, 120, 200), exif=None) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG", **({"exif": exif} if exif else {}))
    return out.getvalue()


def scanned_pdf_bytes() -> bytes:
    """A PDF of one page that is only a picture, as a scanner makes: no text layer."""
    document = FPDF()
    document.add_page()
    document.image(io.BytesIO(png_bytes((40, 30))), x=10, y=10, w=100)
    return bytes(document.output())


def pdf_text(data: bytes) -> str:
    """The text of a PDF as a reader gets it (poppler's pdftotext), without white space: what
    the CJK fonts the documents embed map back to."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as source:
        source.write(data)
        source.flush()
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", source.name, "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    return re.sub(r"\s+", "", text)
