"""Refusing PDFs that can do something when opened: JavaScript, launch actions, embedded files.

A byte scan is not enough: a name can be written with ``#xx`` escapes (``/J#61vaScript``) and
objects can sit compressed in object streams. pypdf (a maintained, pure-Python parser) decodes
both; every object the file's cross-reference table lists is inspected, whether or not the
document reaches it, and a plain scan of the raw bytes catches objects written outside that
table, which a viewer rebuilding a damaged file would still find.
"""

from __future__ import annotations

import re

from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

# Action types that run code, open other programs or files, or fetch data.
ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/GoToE", "/RichMediaExecute"}
# Keys whose mere presence means scripts, embedded files or rich media.
ACTIVE_KEYS = {"/JS", "/JavaScript", "/EmbeddedFiles", "/EF", "/XFA", "/RichMediaContent"}
ACTIVE_TYPES = {"/EmbeddedFile", "/RichMedia", "/FileAttachment"}
# Only long names: compressed streams are random bytes, where a three-letter "/JS" turns up by
# chance in about one large file in twenty. The parser sees the short ones.
RAW_MARKERS = re.compile(rb"/(?:JavaScript|Launch|EmbeddedFiles?|RichMedia)(?=[\s/<>\[\]()%]|$)")
MAX_OBJECTS = 500_000


class ActivePdf(ValueError):
    """The reason, in English for the log; the user is told in their language."""


def check_pdf(stream) -> None:
    """Raise ActivePdf if the PDF in ``stream`` holds active content, is encrypted (so that it
    cannot be inspected) or cannot be parsed."""
    stream.seek(0)
    raw = stream.read()
    stream.seek(0)
    if RAW_MARKERS.search(raw):
        raise ActivePdf("active content")
    try:
        reader = PdfReader(stream, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ActivePdf("encrypted")
        _check_objects(reader)
    except ActivePdf:
        raise
    except (
        PdfReadError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        RecursionError,
        OSError,
    ) as exc:
        raise ActivePdf("unreadable") from exc
    finally:
        stream.seek(0)


def _check_objects(reader: PdfReader) -> None:
    _walk(reader.trailer, depth=0)
    references = [
        (number, generation) for generation, entries in reader.xref.items() for number in entries
    ]
    references += [(number, 0) for number in reader.xref_objStm]
    if len(references) > MAX_OBJECTS:
        raise ActivePdf("too many objects")
    for number, generation in references:
        obj = reader.get_object(IndirectObject(number, generation, reader))
        if obj is not None:
            _walk(obj, depth=0)


def _walk(obj, *, depth: int) -> None:
    if depth > 64:
        raise ActivePdf("nesting too deep")
    if isinstance(obj, DictionaryObject):
        keys = set(obj.keys())
        if keys & ACTIVE_KEYS:
            raise ActivePdf(f"key {sorted(keys & ACTIVE_KEYS)}")
        for key in ("/S", "/Type", "/Subtype"):
            value = obj.get(key)
            if isinstance(value, NameObject) and value in ACTIVE_ACTIONS | ACTIVE_TYPES:
                raise ActivePdf(f"{key} {value}")
        for value in obj.values():
            if not isinstance(value, IndirectObject):
                _walk(value, depth=depth + 1)
    elif isinstance(obj, ArrayObject):
        for value in obj:
            if not isinstance(value, IndirectObject):
                _walk(value, depth=depth + 1)
