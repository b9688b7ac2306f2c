"""Every file people send the platform comes through here, so that each check is written once.

- The request body is capped per upload kind before anything reads it
  (``UploadLimitMiddleware``, with the limits of ``settings.UPLOAD_LIMITS``).
- A file is what its first bytes say, never what its name or the browser claims, and no larger
  than its kind allows (``check_upload``).
- A workbook is checked before openpyxl parses it: the archive's central directory must promise
  no more than the kind's uncompressed size and number of parts (``check_spreadsheet``).
- Photos are decoded and written again (``prepare_upload``): only the image is stored, not its
  EXIF location. PDFs with JavaScript, launch actions or embedded files are refused, and so are
  Office files carrying macros.
- A file is written to storage with the row that points to it: ``atomic_with_files`` deletes
  what ``save_file`` wrote when the transaction fails, and the daily purge commands
  (``orphans.py``) remove whatever a rollback outside it left behind.
- What an upload's report repeats from a cell is cut to a short excerpt (``excerpt``).
"""

from __future__ import annotations

import contextvars
import struct
import uuid
import zipfile
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .images import NotAnImage, reencode
from .pdfs import ActivePdf, check_pdf
from .spreadsheets import SpreadsheetRefused


@dataclass(frozen=True)
class FileType:
    extension: str
    content_type: str
    is_image: bool


JPEG = FileType("jpg", "image/jpeg", True)
PNG = FileType("png", "image/png", True)
PDF = FileType("pdf", "application/pdf", False)
DOCX = FileType(
    "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", False
)
XLSX = FileType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", False)
# A recording (an online study session's, docs/community.md): an ISO base media file.
MP4 = FileType("mp4", "video/mp4", False)
IMAGES = (JPEG, PNG)
DOCUMENTS = (PDF, DOCX, XLSX)
RECORDINGS = (MP4,)
BY_EXTENSION = {t.extension: t for t in (*IMAGES, *DOCUMENTS, *RECORDINGS)}
PILLOW_FORMATS = {JPEG: "JPEG", PNG: "PNG"}
MB = 2**20


def limits(kind: str) -> dict:
    return settings.UPLOAD_LIMITS[kind]


# Sniffing -----------------------------------------------------------------------------------


def sniff(uploaded) -> FileType | None:
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        return _office_type(uploaded)
    if head[4:8] == b"ftyp":
        return MP4
    return None


def _office_type(uploaded) -> FileType | None:
    names = _zip_names(uploaded)
    if names is None or "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def _zip_names(uploaded) -> set[str] | None:
    try:
        _check_entry_count(uploaded, limit=settings.UPLOAD_ZIP_MAX_ENTRIES)
        with zipfile.ZipFile(uploaded) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, SpreadsheetRefused):
        return None
    finally:
        uploaded.seek(0)


def _has_macros(uploaded) -> bool:
    names = _zip_names(uploaded) or set()
    return any(name.lower().endswith("vbaproject.bin") for name in names)


# Checking -----------------------------------------------------------------------------------


# Where check_upload notes, on the uploaded file itself, what it has already passed: the form
# field and then the service check the same file of one request, and a PDF is parsed once.
CHECKED = "_touyan_checked"


def check_upload(uploaded, allowed: Iterable[FileType], *, kind: str) -> FileType:
    """The type of ``uploaded`` if it is one of ``allowed``, no larger than ``kind`` allows and
    free of active content; otherwise a ValidationError that names the file. A file that
    passed the same check earlier in the request is not read again."""
    allowed = tuple(allowed)
    key = (kind, frozenset(allowed))
    passed = getattr(uploaded, CHECKED, None)
    if passed is None:
        passed = {}
        setattr(uploaded, CHECKED, passed)
    if key not in passed:
        passed[key] = _check(uploaded, allowed, kind=kind)
    return passed[key]


def _check(uploaded, allowed: tuple[FileType, ...], *, kind: str) -> FileType:
    limit = limits(kind)["file"]
    if uploaded.size > limit:
        raise ValidationError(
            _("“%(name)s”超过 %(limit)d MB，请压缩后再上传")
            % {"name": excerpt(uploaded.name), "limit": limit // MB}
        )
    file_type = sniff(uploaded)
    if file_type not in allowed:
        raise ValidationError(
            _("“%(name)s”不是允许的文件类型（%(types)s）")
            % {"name": excerpt(uploaded.name), "types": "、".join(t.extension for t in allowed)}
        )
    if file_type is PDF:
        try:
            check_pdf(uploaded)
        except ActivePdf as exc:
            raise ValidationError(
                _(
                    "“%(name)s”含有脚本、启动动作或嵌入文件，或已加密、已损坏，无法接收；"
                    "请另存（打印）为普通 PDF 后再上传"
                )
                % {"name": excerpt(uploaded.name)}
            ) from exc
    elif file_type in (DOCX, XLSX) and _has_macros(uploaded):
        raise ValidationError(
            _("“%(name)s”含有宏，无法接收；请另存为不含宏的 .docx 或 .xlsx 后再上传")
            % {"name": excerpt(uploaded.name)}
        )
    return file_type


def prepare_upload(
    uploaded, allowed: Iterable[FileType], *, kind: str, max_width: int | None = None
) -> tuple[FileType, File]:
    """``uploaded`` checked, and the content to store under a generated name: photos decoded
    and written again (no wider than ``max_width`` when given), other files as they came."""
    file_type = check_upload(uploaded, allowed, kind=kind)
    name = stored_name(file_type)
    if not file_type.is_image:
        uploaded.seek(0)
        return file_type, File(uploaded, name=name)
    try:
        data = reencode(uploaded, PILLOW_FORMATS[file_type], max_width=max_width)
    except NotAnImage as exc:
        raise ValidationError(
            _("“%(name)s”不是完整的图片，无法读取") % {"name": excerpt(uploaded.name)}
        ) from exc
    return file_type, ContentFile(data, name=name)


def stored_name(file_type: FileType) -> str:
    return f"{uuid.uuid4().hex}.{file_type.extension}"


def type_of_stored(name: str) -> FileType | None:
    return BY_EXTENSION.get(name.rsplit(".", 1)[-1].lower())


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class CheckedFilesField(forms.FileField):
    """Several files at once, each checked by its content and size."""

    def __init__(self, *args, kind: str, allowed=(*IMAGES, *DOCUMENTS), **kwargs):
        self.allowed = allowed
        self.kind = kind
        accept = ",".join(f".{t.extension}" for t in allowed)
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        items = data if isinstance(data, list | tuple) else [data]
        files = [super(CheckedFilesField, self).clean(item, initial) for item in items if item]
        if self.required and not files:
            raise ValidationError(self.error_messages["required"], code="required")
        errors = []
        for uploaded in files:
            try:
                check_upload(uploaded, self.allowed, kind=self.kind)
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return files


# Workbooks ----------------------------------------------------------------------------------

END_OF_CENTRAL_DIRECTORY = b"PK\x05\x06"
ZIP64_LOCATOR = b"PK\x06\x07"


def _check_entry_count(stream, *, limit: int) -> None:
    """Refuse an archive whose central directory lists more than ``limit`` parts, before
    ``zipfile`` builds an object for each of them."""
    stream.seek(0, 2)
    size = stream.tell()
    tail_length = min(size, 22 + 65535)
    stream.seek(size - tail_length)
    tail = stream.read(tail_length)
    stream.seek(0)
    at = tail.rfind(END_OF_CENTRAL_DIRECTORY)
    if at < 0 or len(tail) < at + 22:
        raise SpreadsheetRefused(_unreadable())
    entries = struct.unpack("<H", tail[at + 10 : at + 12])[0]
    if entries > limit or ZIP64_LOCATOR in tail[max(at - 20, 0) : at]:
        raise SpreadsheetRefused(
            _("工作簿由 %(n)d 个以上的部件组成，不像是正常的 Excel 文件") % {"n": limit}
        )


def _unreadable() -> str:
    return _(
        "无法读取该文件：文件已损坏，或不是 .xlsx 工作簿。请上传 Excel 2007 及以上版本的 "
        ".xlsx 文件（旧版 .xls 或损坏的文件，请在 Excel 中打开后另存为 .xlsx）"
    )


def check_spreadsheet(source, *, kind: str) -> None:
    """Refuse, before parsing, a workbook larger than ``kind`` allows: on disk, in parts, or
    unpacked. The unpacked size is read from the central directory, which Python's zipfile
    also holds each part to while decompressing, so a part cannot unpack beyond what was
    checked here. Raises SpreadsheetRefused with a message for the user."""
    caps = settings.SPREADSHEET_LIMITS[kind]
    source.seek(0, 2)
    size = source.tell()
    source.seek(0)
    if size > limits(kind)["file"]:
        raise SpreadsheetRefused(
            _("文件过大（%(size)d MB），上限为 %(limit)d MB")
            % {"size": size // MB, "limit": limits(kind)["file"] // MB}
        )
    _check_entry_count(source, limit=settings.UPLOAD_ZIP_MAX_ENTRIES)
    try:
        with zipfile.ZipFile(source) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise SpreadsheetRefused(_unreadable()) from exc
    finally:
        source.seek(0)
    unpacked = sum(info.file_size for info in infos)
    if unpacked > caps["unpacked"]:
        raise SpreadsheetRefused(
            _(
                "工作簿解压后有 %(size)d MB，超过上限 %(limit)d MB；"
                "请删去多余的工作表、图片和空行，或拆分后分批导入"
            )
            % {"size": unpacked // MB, "limit": caps["unpacked"] // MB}
        )


# Reports ------------------------------------------------------------------------------------

EXCERPT_CHARS = 80


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """``text`` if it is short; otherwise its beginning and end around an ellipsis."""
    text = str(text)
    if len(text) <= limit:
        return text
    head = limit * 2 // 3
    return f"{text[:head]}…{text[len(text) - (limit - head - 1) :]}"


def shorten(value, limit: int = 3 * EXCERPT_CHARS):
    """A report (dicts, lists, strings) with every string cut to an excerpt: a message may
    quote a cell, and a cell may hold anything up to Excel's 32,767 characters."""
    if isinstance(value, str):
        return excerpt(value, limit)
    if isinstance(value, dict):
        return {key: shorten(item, limit) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [shorten(item, limit) for item in value]
    return value


# The request body ---------------------------------------------------------------------------

# Room for the form's other fields and the multipart boundaries around the files.
FORM_ALLOWANCE = 256 * 1024


class UploadLimitMiddleware:
    """Refuse a POST whose body is larger than its page allows, before anything reads it (it
    comes before the CSRF check, which would): an upload page its kind's limit (views say which
    kind they receive with ``upload_kind``), any other page a form's worth. Django reads no more of a body than its Content-Length, so the
    length declared is the length read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or _is_api(request):
            return None
        kind = getattr(getattr(view_func, "view_class", view_func), "upload_kind", None)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        # A page that takes no file takes no more than a form: Django would otherwise stream
        # the files of any multipart body, however large, to temporary files before the view
        # (or the CSRF check) looked at it — on the sign-in page, for anyone.
        limit = limits(kind)["body"] if kind else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if length <= limit + FORM_ALLOWANCE:
            return None
        messages.error(
            request,
            _("上传的文件共 %(size)d MB，超过本页上限 %(limit)d MB，未接收；请压缩或分批上传")
            % {"size": length // MB, "limit": limit // MB},
        )
        return redirect(request.get_full_path())


def _is_api(request) -> bool:
    """The API reads JSON bodies only, which Django caps at ``DATA_UPLOAD_MAX_MEMORY_SIZE``,
    and answers every refusal in the shapes its document declares."""
    match = getattr(request, "resolver_match", None)
    return match is not None and match.route.startswith("api/")


# Storing with the row -----------------------------------------------------------------------

_written: contextvars.ContextVar[list | None] = contextvars.ContextVar("written", default=None)


@contextmanager
def atomic_with_files():
    """``transaction.atomic`` that also deletes every file ``save_file`` wrote inside it when
    it fails, so that a failed upload leaves nothing on disk. Nested blocks share the outermost
    one's list."""
    if _written.get() is not None:
        with transaction.atomic():
            yield
        return
    written: list = []
    token = _written.set(written)
    try:
        with transaction.atomic():
            yield
    except BaseException:
        for storage, name in written:
            storage.delete(name)
        raise
    finally:
        _written.reset(token)


def save_file(field_file, content: File) -> None:
    """Write ``content`` to storage for the row ``field_file`` belongs to (saved afterwards, in
    the same ``atomic_with_files`` block)."""
    written = _written.get()
    if written is None:
        raise RuntimeError("save_file() belongs inside atomic_with_files()")
    field_file.save(content.name, content, save=False)
    written.append((field_file.storage, field_file.name))


def delete_on_commit(*field_files) -> None:
    """Delete stored files once the transaction that drops their rows commits (a rollback
    keeps them, with their rows)."""
    doomed = [(f.storage, f.name) for f in field_files if f]
    if doomed:
        transaction.on_commit(lambda: [storage.delete(name) for storage, name in doomed])
