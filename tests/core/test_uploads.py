"""Files in: every upload goes through touyan/core/uploads.py — the body capped before it is
read, stored only with its row, photos re-encoded without their EXIF, active PDFs refused, and
files that no row names purged."""

import io
import os
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import DatabaseError
from django.test import RequestFactory
from django.urls import resolve, reverse
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from tests.access import LOGIN, NOT_FOUND, check_access
from tests.files import jpeg_bytes, pdf_bytes, png_bytes
from tests.people.test_roster_import import good_rows
from tests.programmes import SYSTEM
from tests.records.programme_people import with_hainan
from tests.records.test_activity_views import seminar
from tests.sheets import workbook_bytes
from touyan.core.actors import Actor
from touyan.core.imports import pipeline
from touyan.core.uploads import (
    DOCUMENTS,
    IMAGES,
    UploadLimitMiddleware,
    check_upload,
    prepare_upload,
)
from touyan.people.models import RosterImport
from touyan.records.models import ActivityFile
from touyan.records.uploads import attach_activity_files

pytestmark = pytest.mark.django_db

GPS = 0x8825


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


# The request body ------------------------------------------------------------------------


class Unreadable(io.BytesIO):
    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def test_a_body_over_the_kinds_limit_is_refused_before_anything_reads_it(settings, cast):
    settings.UPLOAD_LIMITS = settings.UPLOAD_LIMITS | {"roster": {"file": 2**20, "body": 2**20}}
    url = reverse("people:roster_import")
    request = RequestFactory().post(url, {"file": SimpleUploadedFile("r.xlsx", b"x" * 3 * 2**20)})
    request._stream = Unreadable()
    request.user = cast.xihu
    request._messages = type("Messages", (list,), {"add": lambda self, *a, **k: self.append(a)})()
    match = resolve(url)
    response = UploadLimitMiddleware(lambda r: None).process_view(
        request, match.func, match.args, match.kwargs
    )
    assert response.status_code == 302 and response.url == url
    assert "超过本页上限 1 MB" in str(request._messages[0][1])


@pytest.mark.parametrize("url", ["/accounts/login/", "/selection/calls/1/notice/"])
def test_a_page_that_takes_no_file_refuses_a_large_body_before_anything_reads_it(settings, url):
    """Anyone could otherwise have Django stream a file of any size to disk through the
    sign-in page or the public objection form."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2**20
    request = RequestFactory().post(url, {"file": SimpleUploadedFile("a.bin", b"x" * 3 * 2**20)})
    request._stream = Unreadable()
    request.resolver_match = match = resolve(url)
    request._messages = type("Messages", (list,), {"add": lambda self, *a, **k: self.append(a)})()
    response = UploadLimitMiddleware(lambda r: None).process_view(
        request, match.func, match.args, match.kwargs
    )
    assert response.status_code == 302 and response.url == url
    assert "超过本页上限 1 MB" in str(request._messages[0][1])
    # A form's worth still goes through, and the API keeps answering in its own shapes.
    small = RequestFactory().post(url, {"username": "x" * 1000})
    small.resolver_match = match
    assert UploadLimitMiddleware(lambda r: None).process_view(small, match.func, (), {}) is None
    api = RequestFactory().post("/api/v1/calls/1/applications", {"f": "x" * 3 * 2**20})
    api._stream = Unreadable()
    api.resolver_match = resolve("/api/v1/calls/1/applications")
    assert (
        UploadLimitMiddleware(lambda r: None).process_view(
            api, api.resolver_match.func, (), api.resolver_match.kwargs
        )
        is None
    )


def test_the_refusal_is_a_clear_message_on_the_upload_page(client, cast, settings):
    settings.UPLOAD_LIMITS = settings.UPLOAD_LIMITS | {"roster": {"file": 2**20, "body": 2**20}}
    client.force_login(cast.xihu)
    big = SimpleUploadedFile("大名册.xlsx", b"x" * 3 * 2**20)
    page = client.post(reverse("people:roster_import"), {"file": big}, follow=True)
    assert "上传的文件共 3 MB，超过本页上限 1 MB，未接收" in page.content.decode()
    assert not RosterImport.objects.exists() and stored_files() == []
    check_access(
        client,
        cast,
        reverse("people:roster_import"),
        {"anonymous": LOGIN, "xihu": "allowed", "hz_admin": "allowed", "expert": NOT_FOUND},
    )


# Stored with the row, or not at all ------------------------------------------------------


def test_a_failed_roster_upload_leaves_no_file(cast, monkeypatch):
    def fail(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(RosterImport, "save", fail)
    with pytest.raises(DatabaseError):
        pipeline.upload(
            actor=Actor(user=cast.xihu),
            kind="people.rosterimport",
            uploaded_file=workbook_bytes(good_rows()),
        )
    assert stored_files() == []


def test_files_attached_together_are_stored_together_or_not_at_all(cast):
    hn = with_hainan(cast)
    activity = seminar(hn, 0)
    files = [
        SimpleUploadedFile("合影.png", png_bytes()),
        SimpleUploadedFile("改名的程序.pdf", b"MZ\x90\x00"),
    ]
    with pytest.raises(ValidationError, match="不是允许的文件类型"):
        attach_activity_files(actor=SYSTEM, activity=activity, files=files)
    assert not ActivityFile.objects.exists()
    assert stored_files() == []


def test_files_that_no_row_names_are_purged_once_old(cast):
    hn = with_hainan(cast)
    activity = seminar(hn, 0)
    (kept,) = attach_activity_files(
        actor=SYSTEM, activity=activity, files=[SimpleUploadedFile("合影.png", png_bytes())]
    )
    folder = Path(settings.MEDIA_ROOT) / "roster-imports" / "2026" / "01"
    folder.mkdir(parents=True)
    old, fresh = folder / "left-behind.xlsx", folder / "on-its-way.xlsx"
    old.write_bytes(b"id numbers")
    fresh.write_bytes(b"id numbers")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    os.utime(kept.file.path, (two_hours_ago, two_hours_ago))
    call_command("purge_uploads", stdout=io.StringIO())
    assert not old.exists()
    assert fresh.exists()  # may still belong to an upload committing its row
    assert Path(kept.file.path).exists()


# What is stored is only what it claims to be ---------------------------------------------


def _gps_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"
    exif.get_ifd(GPS).update({1: "N", 2: (20.0, 2.0, 30.0), 3: "E", 4: (110.0, 20.0, 10.0)})
    return exif.tobytes()


def test_a_jpeg_is_stored_without_its_gps_position(cast):
    hn = with_hainan(cast)
    photo = jpeg_bytes(size=(40, 30), exif=_gps_exif())
    assert GPS in Image.open(io.BytesIO(photo)).getexif()
    (stored,) = attach_activity_files(
        actor=SYSTEM, activity=seminar(hn, 0), files=[SimpleUploadedFile("合影.jpg", photo)]
    )
    with stored.file.open("rb") as handle:
        data = handle.read()
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG" and image.size == (40, 30)
    assert GPS not in image.getexif() and b"Exif" not in data
    assert stored.name == "合影.jpg" and stored.kind == ActivityFile.Kind.PHOTO


@pytest.mark.parametrize(
    ("size", "stored_size"), [((3000, 2000), (1500, 1000)), ((800, 600), (800, 600))]
)
def test_a_photo_is_narrowed_to_the_width_its_upload_asks(size, stored_size):
    photo = SimpleUploadedFile("宽图.png", png_bytes(size=size))
    _type, content = prepare_upload(photo, IMAGES, kind="activity", max_width=1500)
    assert Image.open(io.BytesIO(content.read())).size == stored_size


def test_an_image_keeps_nothing_after_its_pixels(cast):
    hn = with_hainan(cast)
    polyglot = png_bytes() + b"<script>alert(1)</script>"
    (stored,) = attach_activity_files(
        actor=SYSTEM, activity=seminar(hn, 0), files=[SimpleUploadedFile("a.png", polyglot)]
    )
    with stored.file.open("rb") as handle:
        assert b"<script>" not in handle.read()


def _pdf_with(change) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _open_action(kind: str, **entries):
    """A change to a PDF: an action of ``kind`` run when the document opens."""

    def change(writer):
        action = DictionaryObject({NameObject("/S"): NameObject(kind)})
        for key, value in entries.items():
            action[NameObject(f"/{key}")] = TextStringObject(value)
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)

    return change


def _javascript() -> bytes:
    return _pdf_with(_open_action("/JavaScript", JS="app.alert(1);"))


def _escaped_javascript() -> bytes:
    """The same with its names written with #xx escapes: no "/JavaScript" in the bytes."""
    disguised = _javascript().replace(b"/JavaScript", b"/J#61vaScript").replace(b"/JS", b"/J#53")
    assert b"/JavaScript" not in disguised and b"/JS" not in disguised
    return disguised


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(_javascript, id="javascript"),
        pytest.param(_escaped_javascript, id="escaped-javascript"),
        pytest.param(
            lambda: _pdf_with(lambda w: w.add_attachment("run.exe", b"MZ")), id="embedded-file"
        ),
        pytest.param(lambda: _pdf_with(_open_action("/Launch", F="calc.exe")), id="launch"),
        pytest.param(lambda: b"%PDF-1.7\n" + b"0" * 100, id="unparseable"),
    ],
)
def test_a_pdf_with_active_content_is_refused(content):
    upload = SimpleUploadedFile("申报书.pdf", content())
    with pytest.raises(ValidationError, match="含有脚本、启动动作或嵌入文件"):
        check_upload(upload, DOCUMENTS, kind="evidence")


def test_a_plain_pdf_and_images_are_accepted():
    for name, content in (("a.pdf", pdf_bytes()), ("b.png", png_bytes()), ("c.jpg", jpeg_bytes())):
        check_upload(SimpleUploadedFile(name, content), (*DOCUMENTS, *IMAGES), kind="activity")


def test_an_office_file_with_macros_is_refused():
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
        archive.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0")
    with pytest.raises(ValidationError, match="含有宏"):
        check_upload(SimpleUploadedFile("宏.docx", out.getvalue()), DOCUMENTS, kind="activity")


def test_uploads_no_longer_leave_a_sheet_on_disk_when_the_plan_fails(cast):
    with pytest.raises(Exception, match="无法读取"):
        pipeline.upload(
            actor=Actor(user=cast.xihu),
            kind="people.rosterimport",
            uploaded_file=SimpleUploadedFile("r.xlsx", b"PK\x03\x04 not really"),
        )
    assert stored_files() == []


def test_each_file_is_checked_once_per_request(client, cast, monkeypatch):
    from tests.records.test_activity_views import form_data
    from touyan.core import uploads
    from touyan.records.models import Activity

    parsed = []
    monkeypatch.setattr(uploads, "check_pdf", lambda f: parsed.append(f.name))
    with_hainan(cast)
    client.force_login(cast.host)
    upload = SimpleUploadedFile("议程.pdf", pdf_bytes(), content_type="application/pdf")
    response = client.post(
        reverse("records:activity_create", args=["hn-2025"]), form_data(files=[upload])
    )
    assert response.status_code == 302 and Activity.objects.get().files.count() == 1
    assert parsed == ["议程.pdf"]  # by the form field; the service reused its answer


def test_a_service_still_checks_a_file_no_form_checked(settings):
    upload = SimpleUploadedFile("申报书.pdf", _javascript())
    with pytest.raises(ValidationError, match="含有脚本"):
        prepare_upload(upload, DOCUMENTS, kind="evidence")
    # what passed for one kind is checked again for another (its own size limit)
    plain = SimpleUploadedFile("a.pdf", pdf_bytes())
    check_upload(plain, DOCUMENTS, kind="activity")
    evidence = {**settings.UPLOAD_LIMITS["evidence"], "file": 10}
    settings.UPLOAD_LIMITS = {**settings.UPLOAD_LIMITS, "evidence": evidence}
    with pytest.raises(ValidationError, match="超过"):
        check_upload(plain, DOCUMENTS, kind="evidence")
