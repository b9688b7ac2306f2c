"""The text of a document someone hands in as a file, so its 字数 is counted, not declared.

Only reads files the upload checks have already accepted. A .docx is a zip whose
``word/document.xml`` holds the text in ``w:t`` elements; a PDF has a text layer unless it is a
scan. Anything else, or a file whose text cannot be read, gives None: its length can only be
declared, and a declared length waits for the centre to verify it.
"""

from __future__ import annotations

import logging
import zipfile
from xml.etree import ElementTree

logger = logging.getLogger(__name__)

WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Far above any report (a 100,000-字 paper's document.xml is a few MB), far below a zip bomb.
MAX_XML_BYTES = 64 * 1024 * 1024
MAX_PDF_PAGES = 2000


def document_text(uploaded) -> str | None:
    """The text of an uploaded .docx or PDF, or None when it has none to read."""
    uploaded.seek(0)
    head = uploaded.read(5)
    uploaded.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            text = _pdf_text(uploaded)
        elif head.startswith(b"PK\x03\x04"):
            text = _docx_text(uploaded)
        else:
            text = None
    except Exception:  # a damaged file is a file without readable text, never a crash
        logger.info("no readable text in %s", getattr(uploaded, "name", "a file"), exc_info=True)
        text = None
    finally:
        uploaded.seek(0)
    return text if text and text.strip() else None


def _docx_text(uploaded) -> str | None:
    with zipfile.ZipFile(uploaded) as archive:
        try:
            info = archive.getinfo("word/document.xml")
        except KeyError:
            return None  # a workbook or another zip: no document text
        if info.file_size > MAX_XML_BYTES:
            return None
        parts: list[str] = []
        # The standard parser (expat ≥ 2.4) expands no external entity and stops entity bombs.
        with archive.open(info) as xml:
            for _event, element in ElementTree.iterparse(xml, events=("end",)):
                if element.tag == f"{WORD}t":
                    parts.append(element.text or "")
                elif element.tag in (f"{WORD}tab", f"{WORD}br"):
                    parts.append(" ")
                elif element.tag == f"{WORD}p":
                    parts.append("\n")
                    element.clear()
        return "".join(parts)


def _pdf_text(uploaded) -> str | None:
    from pypdf import PdfReader

    reader = PdfReader(uploaded)
    if reader.is_encrypted:
        return None
    pages = reader.pages
    if len(pages) > MAX_PDF_PAGES:
        return None
    return "\n".join(page.extract_text() or "" for page in pages)
