import datetime as dt
import json
import os
import re
import shutil
import subprocess

import pytest
from django.core.exceptions import ValidationError
from jwcrypto import jwk, jws

from touyan.audit.models import AuditEntry
from touyan.certificates import keys
from touyan.certificates.models import Certificate
from touyan.certificates.services import (
    certificate_number,
    issue_cohort,
    programme_code,
    request_issue,
    revoke_certificate,
    upload_seal,
)
from touyan.core.actors import Actor
from touyan.jobs.models import Job
from touyan.jobs.runner import run
from touyan.notifications.models import Notification
from touyan.programmes.models import Trainee

from ..files import pdf_text
from ..programmes import hangzhou
from .builders import seal_upload

pytestmark = pytest.mark.django_db


def issue(cast, passed) -> list[Certificate]:
    job = request_issue(actor=Actor(user=cast.hz_centre), cohort=passed.hz.cohort)
    assert job.state == Job.State.DONE, job.error
    return list(Certificate.objects.order_by("sequence"))


@pytest.mark.clause("HZ-4.2.4")
def test_every_pass_gets_one_certificate_numbered_in_order(cast, passed):
    certificates = issue(cast, passed)
    passes = passed.trainees[:2]
    assert [c.trainee for c in certificates] == passes
    assert [c.number for c in certificates] == [
        f"HZMXZ-{c.issued_on.year}-01-0001" for c in certificates[:1]
    ] + [f"HZMXZ-{certificates[1].issued_on.year}-01-0002"]
    assert all(len(c.token) >= 32 and c.pdf and c.credential for c in certificates)
    job = Job.objects.get(kind="certificates.issue")
    assert (job.progress_current, job.progress_total) == (2, 2)
    # The trainee is told, the issue audited.
    assert Notification.objects.filter(
        user=passed.account(passes[0]), url__contains="/certificates/"
    )
    assert AuditEntry.objects.filter(note__contains=certificates[0].number).exists()


def test_a_later_programme_of_the_policy_numbers_on_after_the_earlier_ones(cast, passed):
    """Numbers start with the policy's prefix, so the same cohort of two of its programmes
    issuing in one year shares a head: the later one goes on from the last number."""
    first = issue(cast, passed)
    year = first[0].issued_on.year
    later = hangzhou(trainees=1, start=dt.date(2029, 3, 1))
    assert programme_code(later.programme) == "HZMXZ"
    assert certificate_number(later.cohort, year) == f"HZMXZ-{year}-01-0003"
    assert certificate_number(later.cohort, year + 1) == f"HZMXZ-{year + 1}-01-0001"


def test_a_rerun_or_a_redelivered_job_issues_no_duplicates(cast, passed):
    first = issue(cast, passed)
    with pytest.raises(ValidationError):
        request_issue(actor=Actor(user=cast.hz_centre), cohort=passed.hz.cohort)
    assert issue_cohort(actor=Actor(user=cast.hz_centre), cohort=passed.hz.cohort) == []
    job = Job.objects.get(kind="certificates.issue")
    Job.objects.filter(pk=job.pk).update(state=Job.State.QUEUED)
    run(job.pk)
    assert list(Certificate.objects.order_by("sequence")) == first


def test_only_the_centre_of_the_programme_issues(cast, passed):
    with pytest.raises(Exception):  # noqa: B017 (PermissionDenied)
        request_issue(actor=Actor(user=cast.hn_admin), cohort=passed.hz.cohort)
    assert not Certificate.objects.exists()


def test_a_removed_trainee_gets_none(cast, passed):
    Trainee.objects.filter(pk=passed.trainees[0].pk).update(status=Trainee.Status.REMOVED)
    assert [c.trainee for c in issue(cast, passed)] == [passed.trainees[1]]


@pytest.mark.clause("HZ-4.2.4")
def test_the_pdf_reads_in_chinese_with_seal_and_qr(cast, passed, tmp_path):
    upload_seal(actor=Actor(user=cast.hz_admin), programme=passed.programme, upload=seal_upload())
    certificate = issue(cast, passed)[0]
    data = certificate.pdf.read()
    text = pdf_text(data)
    for part in (
        "结业证书",
        "学员0",
        "杭州市名校长培养工程（测试）",
        "第一期",
        "276.5学时",
        certificate.number,
        "杭州市教育局",
        "准予结业",
    ):
        assert part in text, part
    assert b"/Subtype /Image" in data or b"/Subtype/Image" in data  # the seal
    assert "身份证" not in text
    (tmp_path / "c.pdf").write_bytes(data)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", str(tmp_path / "c.pdf"), str(tmp_path / "c")], check=True
    )
    pages = list(tmp_path.glob("c*.png"))
    assert len(pages) == 1
    if preview := os.environ.get("CERTIFICATE_PREVIEW"):  # a copy to look at
        shutil.copy(pages[0], preview)


def verify_offline(token: str) -> tuple[dict, dict]:
    """An independent library (jwcrypto), the published JWKS, nothing else."""
    published = jwk.JWKSet.from_json(json.dumps(keys.jwks()))
    signed = jws.JWS()
    signed.deserialize(token)
    header = signed.jose_header
    signed.verify(published.get_key(header["kid"]), alg="EdDSA")
    return header, json.loads(signed.payload)


@pytest.mark.clause("HZ-4.2.4.1")
def test_the_credential_verifies_with_an_independent_library(cast, passed):
    certificate = issue(cast, passed)[0]
    header, credential = verify_offline(certificate.credential)
    assert header == {"alg": "EdDSA", "typ": "vc+jwt", "cty": "vc", "kid": certificate.key_id}
    assert credential["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["id"] == (
        f"https://touyan-public.example.cn/certificates/verify/{certificate.token}/"
    )
    subject = credential["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert subject["achievement"]["type"] == ["Achievement"]
    assert subject["achievement"]["criteria"]["narrative"]
    identity = subject["identifier"][0]
    assert identity["hashed"] and identity["identityHash"].startswith("sha256$")
    assert credential["issuer"]["type"] == ["Profile"] and credential["validFrom"].endswith("Z")
    # No personal number anywhere in it, and no name in clear.
    text = json.dumps(credential, ensure_ascii=False)
    assert "学员0" not in text and not re.search(r"[0-9]{17}[0-9Xx]", text)
    # A changed payload does not verify.
    head, body, signature = certificate.credential.split(".")
    with pytest.raises(jws.InvalidJWSSignature):
        verify_offline(
            ".".join([head, body[:-2] + ("A" if body[-2] != "A" else "B") + body[-1], signature])
        )


def test_after_a_rotation_old_credentials_still_verify_and_new_ones_use_the_new_key(cast, passed):
    old = issue(cast, passed)[0]
    new_key = keys.rotate()
    assert new_key.kid != old.key_id
    verify_offline(old.credential)
    assert {k["kid"] for k in keys.jwks()["keys"]} == {old.key_id, new_key.kid}
    assert (keys.folder() / keys.PRIVATE).stat().st_mode & 0o777 == 0o600


@pytest.mark.clause("HZ-4.2.4")
def test_revocation_needs_a_reason_is_audited_and_told(cast, passed):
    certificate = issue(cast, passed)[0]
    with pytest.raises(ValidationError):
        revoke_certificate(actor=Actor(user=cast.hz_centre), certificate=certificate, reason=" ")
    revoke_certificate(
        actor=Actor(user=cast.hz_centre), certificate=certificate, reason="学历材料不实"
    )
    certificate.refresh_from_db()
    assert certificate.revoked and certificate.revoked_by == cast.hz_centre
    assert Notification.objects.filter(
        user=passed.account(certificate.trainee), title__contains="已被撤销"
    ).exists()
    assert AuditEntry.objects.filter(note__contains="撤销结业证书").exists()
    with pytest.raises(ValidationError):
        revoke_certificate(actor=Actor(user=cast.hz_centre), certificate=certificate, reason="再")


def test_the_seal_is_for_the_authority_only_and_must_be_an_image(cast, passed):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(Exception):  # noqa: B017 (PermissionDenied)
        upload_seal(
            actor=Actor(user=cast.hz_centre), programme=passed.programme, upload=seal_upload()
        )
    with pytest.raises(ValidationError):
        upload_seal(
            actor=Actor(user=cast.hz_admin),
            programme=passed.programme,
            upload=SimpleUploadedFile("seal.png", b"%PDF-1.4 no image"),
        )
