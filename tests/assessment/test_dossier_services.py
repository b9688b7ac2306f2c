"""The host's side of a case (HN-5.2, HN-5.3): self-report, documents, submission within the
window; the frozen dossier's hash, which a changed row no longer matches; cases not submitted
frozen by the system when scoring starts."""

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from touyan.assessment.models import Case, CaseDocument
from touyan.assessment.services import dossiers
from touyan.audit.models import AuditEntry
from touyan.core.actors import Actor
from touyan.core.transitions import AlreadyDone

from ..files import pdf_bytes, png_bytes
from ..programmes import SYSTEM, hainan
from ..records.programme_people import with_hainan
from .dossiers import annual_open_today, studio_year

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HN-5.2", "HN-5.3")]


@pytest.fixture
def hn(cast):
    programme = with_hainan(cast, studios=2, members=10)
    studio_year(programme, 0)
    return programme


@pytest.fixture
def case(hn):
    return annual_open_today(hn).cases.get(studio=hn.studios[0])


def host(cast) -> Actor:
    return Actor(user=cast.host)


def pdf(name="会议纪要.pdf", text="minutes"):
    return SimpleUploadedFile(name, pdf_bytes(text), content_type="application/pdf")


def prepared(cast, case) -> Case:
    dossiers.save_self_report(actor=host(cast), case=case, text="本年度完成计划内全部活动。")
    dossiers.add_document(actor=host(cast), case=case, title="会议纪要", file=pdf())
    return case


def test_the_host_writes_adds_and_submits_and_the_dossier_is_frozen(cast, case):
    prepared(cast, case)
    document = case.documents.get()
    assert document.sha256 == hashlib.sha256(pdf_bytes("minutes")).hexdigest()
    submitted = dossiers.submit_case(actor=host(cast), case=case)
    assert submitted.status == Case.Status.SUBMITTED
    assert submitted.submitter_name == cast.host.full_name
    assert len(submitted.dossier_hash) == 64
    stored = Case.objects.get(pk=case.pk)
    assert stored.dossier_hash == dossiers.digest(
        stored.dossier, stored.self_report, [(document.name, document.sha256)]
    )
    assert dossiers.verify(stored)
    assert AuditEntry.objects.filter(target_id=str(case.pk), note="提交考核材料").exists()


def test_after_submission_nothing_changes_the_dossier(cast, case):
    prepared(cast, case)
    dossiers.submit_case(actor=host(cast), case=case)
    document = case.documents.get()
    with pytest.raises(ValidationError, match="已提交并封存"):
        dossiers.save_self_report(actor=host(cast), case=case, text="改写")
    with pytest.raises(ValidationError, match="已提交并封存"):
        dossiers.add_document(actor=host(cast), case=case, title="补充", file=pdf("补充.pdf"))
    with pytest.raises(ValidationError, match="已提交并封存"):
        dossiers.remove_document(actor=host(cast), document=document)
    with pytest.raises(ValidationError, match="已提交并封存"):
        dossiers.refresh_dossier(actor=host(cast), case=case)
    with pytest.raises(AlreadyDone):
        dossiers.submit_case(actor=host(cast), case=case)
    assert dossiers.verify(case)


@pytest.mark.parametrize("tamper", ["dossier", "self_report", "document"])
def test_a_changed_row_fails_verification(cast, case, tamper):
    prepared(cast, case)
    dossiers.submit_case(actor=host(cast), case=case)
    stored = Case.objects.get(pk=case.pk)
    if tamper == "dossier":
        stored.dossier["activities"][0]["attendance"]["present"] += 1
        Case.objects.filter(pk=case.pk).update(dossier=stored.dossier)
    elif tamper == "self_report":
        Case.objects.filter(pk=case.pk).update(self_report=stored.self_report + "。")
    else:
        CaseDocument.objects.filter(case=case).update(sha256="0" * 64)
    assert not dossiers.verify(case)


def test_submission_only_within_the_window(cast, case, pin_today):
    prepared(cast, case)
    round_ = case.round
    pin_today(round_.opens_on - dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="之间提交"):
        dossiers.submit_case(actor=host(cast), case=case)
    pin_today(round_.closes_on + dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="之间提交"):
        dossiers.submit_case(actor=host(cast), case=case)
    with pytest.raises(ValidationError, match="已过"):
        dossiers.save_self_report(actor=host(cast), case=case, text="迟到的修改")
    pin_today(round_.closes_on)
    assert dossiers.submit_case(actor=host(cast), case=case).status == Case.Status.SUBMITTED


def test_a_self_report_is_needed_to_submit(cast, case):
    with pytest.raises(ValidationError, match="自评报告"):
        dossiers.submit_case(actor=host(cast), case=case)


def test_a_bad_file_is_refused_and_nothing_is_kept(cast, case, settings):
    fake = SimpleUploadedFile("报告.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as refused:
        dossiers.add_document(actor=host(cast), case=case, title="报告", file=fake)
    assert "不是允许的文件类型" in str(refused.value)
    assert not case.documents.exists()
    assert not [p for p in (settings.MEDIA_ROOT).glob("assessment/**/*") if p.is_file()]


def test_a_photo_is_stored_re_encoded_with_the_hash_of_what_is_stored(cast, case):
    photo = SimpleUploadedFile("现场.png", png_bytes(), content_type="image/png")
    document = dossiers.add_document(actor=host(cast), case=case, title="", file=photo)
    assert document.title == "现场.png"
    with document.file.open("rb") as stored:
        assert hashlib.sha256(stored.read()).hexdigest() == document.sha256
    dossiers.remove_document(actor=host(cast), document=document)
    assert not case.documents.exists()


def test_only_the_host_prepares_the_case(cast, case):
    for user in (cast.other_host, cast.member, cast.hn_centre, cast.nobody):
        with pytest.raises(PermissionDenied):
            dossiers.save_self_report(actor=Actor(user=user), case=case, text="代写")
        with pytest.raises(PermissionDenied):
            dossiers.submit_case(actor=Actor(user=user), case=case)


def test_refresh_assembles_again_from_the_records(cast, case, hn):
    studio_year(hn, 1)
    other = case.round.cases.get(studio=hn.studios[1])
    assert Case.objects.get(pk=other.pk).dossier["activities"] == []
    dossiers.refresh_dossier(actor=host(cast), case=case)
    # Only the host's own case was asked for.
    assert Case.objects.get(pk=other.pk).dossier["activities"] == []


def test_cases_not_submitted_are_frozen_by_the_system(cast, case, hn):
    prepared(cast, case)
    dossiers.submit_case(actor=host(cast), case=case)
    round_ = case.round
    assert dossiers.freeze_unsubmitted(actor=Actor(user=cast.hn_centre), round_=round_) == 1
    late = round_.cases.get(studio=hn.studios[1])
    assert late.status == Case.Status.SUBMITTED
    assert late.submitter_name == dossiers.OVERDUE and late.submitted_by is None
    assert late.dossier["kind"] == "studio" and dossiers.verify(late)
    submitted = Case.objects.get(pk=case.pk)
    assert submitted.submitter_name == cast.host.full_name and dossiers.verify(submitted)
    assert dossiers.freeze_unsubmitted(actor=SYSTEM, round_=round_) == 0
    with pytest.raises(PermissionDenied):
        dossiers.freeze_unsubmitted(actor=Actor(user=cast.host), round_=round_)


def test_a_round_of_many_cases_is_frozen_in_queries_that_do_not_grow(
    django_assert_max_num_queries,
):
    hn = hainan(studios=6, members=10)
    round_ = annual_open_today(hn)
    with django_assert_max_num_queries(40):
        assert dossiers.freeze_unsubmitted(actor=SYSTEM, round_=round_) == 6
