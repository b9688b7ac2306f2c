"""Evidence the rules count can be trusted: a deliverable's 字数 is counted from its text or its
document; a length only declared (a scan) is 待核实 and counts once the centre verifies it."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from fpdf import FPDF

from tests.access import NOT_FOUND, check_access
from tests.api.helpers import send, token_for
from tests.programmes import SYSTEM
from tests.records.programme_people import matrix, with_hangzhou
from touyan.audit.models import AuditEntry
from touyan.compliance.engine import evaluate
from touyan.compliance.verdicts import State
from touyan.records.documents import document_text
from touyan.records.models import CountSource, Deliverable
from touyan.records.services import submit_deliverable, verify_char_count
from touyan.records.text import char_count

pytestmark = pytest.mark.django_db

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REPORT = "集团化办学中的课程治理研究。" * 800  # 11,200 字


def docx(*paragraphs: str) -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in paragraphs)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "word/document.xml", f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
        )
    return buffer.getvalue()


def pdf(text: str | None) -> bytes:
    document = FPDF()
    document.add_page()
    if text:
        document.set_font("helvetica", size=12)
        document.multi_cell(0, 8, text)
    else:
        document.rect(20, 20, 100, 60)  # a scan: a picture, no text layer
    return bytes(document.output())


def hand_in(hz, file: bytes, name: str, declared: int | None = None, **fields) -> Deliverable:
    return submit_deliverable(
        actor=SYSTEM,
        programme=hz.programme,
        kind="research_report",
        title=fields.pop("title", "课题结题报告"),
        principal=hz.trainees[0].principal,
        file=SimpleUploadedFile(name, file),
        declared_chars=declared,
        **fields,
    )


def test_the_text_of_a_docx_and_of_a_pdf_is_read():
    assert document_text(io.BytesIO(docx("第一章", "绪论"))) == "第一章\n绪论\n"
    assert document_text(io.BytesIO(pdf("Touyan report 2026, final."))).strip() == (
        "Touyan report 2026, final."
    )
    assert document_text(io.BytesIO(pdf(None))) is None
    assert document_text(io.BytesIO(b"%PDF-1.7 broken")) is None
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w") as archive:
        entities = (
            '<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
            + "".join(
                f'<!ENTITY {c} "{("&" + p + ";") * 10}">'
                for p, c in zip("abcdefg", "bcdefgh", strict=True)
            )
            + "]>"
        )
        archive.writestr(
            "word/document.xml", entities + f'<w:document xmlns:w="{W}">&h;</w:document>'
        )
    assert document_text(bomb) is None  # the parser refuses an entity bomb


@pytest.mark.clause("HZ-3.4.2")
def test_a_document_is_counted_from_its_text_and_a_scan_waits_for_the_centre(cast):
    hz = with_hangzhou(cast, trainees=2)
    counted = hand_in(hz, docx(REPORT), "report.docx", declared=99_999)
    assert counted.count_source == CountSource.DOCUMENT
    assert counted.char_count == char_count(REPORT) == 11_200  # the declared 99,999 is ignored
    assert not counted.count_pending
    with pytest.raises(ValidationError, match="无需核实"):
        verify_char_count(actor=SYSTEM, deliverable=counted, char_count=99_999)
    scan = hand_in(hz, pdf(None), "scan.pdf", declared=12_000, title="扫描的报告")
    assert scan.count_source == CountSource.DECLARED and scan.count_pending
    assert scan.counted_chars == 0


@pytest.mark.clause("HZ-3.4.2")
def test_an_unverified_declared_count_does_not_meet_the_rule_until_verified(cast):
    hz = with_hangzhou(cast, trainees=2)
    scan = hand_in(hz, pdf(None), "scan.pdf", declared=12_000)
    as_of = dt.date(2027, 9, 1)
    trainee = hz.trainees[0]
    cell = evaluate(hz.programme, as_of=as_of).cells[(trainee.pk, "hz-research-report")]
    assert cell.state is not State.MET
    assert "《课题结题报告》的字数待培训中心核实" in cell.current.missing
    verify_char_count(actor=SYSTEM, deliverable=scan, char_count=11_000)
    cell = evaluate(hz.programme, as_of=as_of).cells[(trainee.pk, "hz-research-report")]
    assert cell.state is State.MET
    scan.refresh_from_db()
    assert scan.char_count == 11_000 and scan.count_verified_at is not None
    entry = AuditEntry.objects.filter(target_id=str(scan.pk)).latest("pk")
    assert entry.changes["char_count"] == [12_000, 11_000]


def test_the_verify_button_is_the_centres_alone(client, cast):
    hz = with_hangzhou(cast, trainees=2)
    scan = hand_in(hz, pdf(None), "scan.pdf", declared=12_000)
    page = reverse("records:deliverable", args=[hz.programme.slug, scan.pk])
    verify = reverse("records:deliverable_verify", args=[hz.programme.slug, scan.pk])
    check_access(
        client,
        cast,
        verify,
        matrix(
            cast,
            NOT_FOUND,
            superuser="HTTP 405",
            hz_admin="HTTP 405",
            hz_centre="HTTP 405",
        ),
    )
    client.force_login(cast.trainee)
    assert "核实字数" not in client.get(page).content.decode()
    assert client.post(verify, {"char_count": 20_000}).status_code == 404
    client.force_login(cast.hz_centre)
    shown = client.get(page).content.decode()
    assert "待核实" in shown and "核实字数" in shown
    response = client.post(verify, {"char_count": 12_000})
    assert response.status_code == 302
    scan.refresh_from_db()
    assert not scan.count_pending and scan.count_verified_by == cast.hz_centre
    again = client.post(verify, {"char_count": 12_000})
    assert "已经核实过" in again.content.decode()


def test_the_api_shows_the_state_of_each_count(client, cast):
    hz = with_hangzhou(cast, trainees=2)
    hand_in(hz, docx("第一章"), "report.docx", title="甲")
    scan = hand_in(hz, pdf(None), "scan.pdf", declared=100, title="乙")
    hand_in(hz, pdf(None), "scan.pdf", declared=100, title="丙")
    verify_char_count(actor=SYSTEM, deliverable=scan, char_count=100)
    items = send(
        client,
        "GET",
        f"/programmes/{hz.programme.slug}/deliverables",
        key=token_for(cast.hz_centre),
    ).json()["items"]
    assert {item["title"]: item["count_status"] for item in items} == {
        "甲": "counted",
        "乙": "verified",
        "丙": "pending",
    }
