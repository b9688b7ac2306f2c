import pytest

from touyan.audit.models import AuditEntry, Verb
from touyan.core.actors import Actor
from touyan.training import transcript
from touyan.training.services.completion import (
    FAIL,
    PASS,
    Choice,
    decide_cohort,
    export_transcript,
    judge_milestone,
    write_opinion,
)

from ..access import ALLOWED, check_access
from ..files import pdf_text
from .completion_kit import approved_plan
from .course import course

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HZ-4.2.4.1")]


def test_the_transcript_pdf_reads_with_its_evaluation_and_verification(cast):
    c = course()
    trainee = c.trainees[0]
    plan = approved_plan(trainee, milestones=1)
    judge_milestone(
        actor=Actor(c.lead), trainee=trainee, milestone=plan.approved.milestones.get(), level="met"
    )
    write_opinion(actor=Actor(c.lead), trainee=trainee, text="办学思想清晰")
    decide_cohort(
        actor=Actor(cast.hz_centre),
        cohort=c.hz.cohort,
        choices={trainee.pk: Choice(FAIL, "研究报告字数不足")},
    )
    pdf = export_transcript(actor=Actor(c.account(trainee)), trainee=trainee)
    text = pdf_text(pdf)
    code = transcript.verification_code(trainee)
    for expected in (
        "培训档案",
        "学员0",
        "里程碑1",
        "达成",
        "办学思想清晰",
        "研究报告字数不足",
        code,
    ):
        assert expected in text, expected
    assert trainee.principal.id_number not in text
    assert AuditEntry.objects.filter(verb=Verb.EXPORT, target_id=str(trainee.pk)).exists()


def test_the_public_verification_page_shows_no_id_number(client, cast):
    c = course()
    trainee = c.trainees[0]
    decide_cohort(
        actor=Actor(cast.hz_centre), cohort=c.hz.cohort, choices={trainee.pk: Choice(PASS)}
    )
    url = f"/training/transcripts/verify/{transcript.verification_code(trainee)}/"
    check_access(client, cast, url, {"anonymous": ALLOWED, "nobody": ALLOWED})
    client.logout()
    text = client.get(url).content.decode()
    assert "学员0" in text and "已结业" in text and c.hz.cohort.name in text
    assert trainee.principal.id_number not in text
    forged = f"{trainee.pk}-0000000000000000"
    assert client.get(f"/training/transcripts/verify/{forged}/").status_code == 404
    assert client.get("/training/transcripts/verify/nonsense/").status_code == 404


def test_the_certificate_hook_and_the_verification_address(monkeypatch):
    c = course()
    trainee = c.trainees[0]
    assert transcript.certificates_of([trainee.pk]) == {}
    assert transcript.verification_path(trainee).startswith("/training/transcripts/verify/")
    certificate = {"number": "HZ-2026-001", "url": "/certificates/HZ-2026-001/", "revoked": False}
    assert transcript.verification_path(trainee, certificate) == "/certificates/HZ-2026-001/"
    monkeypatch.setattr(transcript, "certificates_of", lambda ids: {trainee.pk: certificate})
    pdf = transcript.transcript_pdf(trainee)
    text = pdf_text(pdf)
    assert "HZ-2026-001" in text and "/certificates/HZ-2026-001/" in text
