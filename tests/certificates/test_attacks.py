"""An attacker's pass over certificates: the seal's upload (wrong type, SVG, polyglot, a pixel
flood), stale states (revoking twice, a certificate for a fail), the public pages' content, and
who may revoke."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from touyan.certificates.models import Certificate, Seal
from touyan.certificates.services import (
    issue_certificate,
    request_issue,
    revoke_certificate,
    upload_seal,
)
from touyan.core.actors import Actor
from touyan.training.models import Completion

from .builders import seal_png, seal_upload

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HZ-4.2.4")]

XSS = '<script>alert("x")</script>'


@pytest.fixture
def issued(cast, passed):
    upload_seal(actor=Actor(user=cast.hz_admin), programme=passed.programme, upload=seal_upload())
    request_issue(actor=Actor(user=cast.hz_centre), cohort=passed.hz.cohort)
    return Certificate.objects.get(trainee=passed.trainees[0])


def _png_claiming(width: int, height: int) -> bytes:
    """A small PNG whose header claims ``width`` × ``height`` pixels."""
    data = io.BytesIO()
    Image.new("1", (8, 8)).save(data, "PNG")
    raw = bytearray(data.getvalue())
    ihdr = struct.pack(">II", width, height) + bytes(raw[24:29])
    raw[16:29] = ihdr
    raw[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr) & 0xFFFFFFFF)
    return bytes(raw)


def _big_png(side: int) -> bytes:
    data = io.BytesIO()
    Image.new("1", (side, side), 1).save(data, "PNG")
    return data.getvalue()


BAD_SEALS = {
    "svg": (
        "seal.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    ),
    "html named png": ("seal.png", b"<html><script>alert(1)</script></html>"),
    "pdf": ("seal.png", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"),
    "truncated png": ("seal.png", seal_png()[:60]),
    "pixel flood": ("seal.png", _png_claiming(40_000, 40_000)),
}


@pytest.mark.parametrize("name", list(BAD_SEALS))
def test_the_seal_upload_refuses_what_is_not_a_plain_image(client, cast, passed, name):
    filename, content = BAD_SEALS[name]
    client.force_login(cast.hz_admin)
    url = reverse("certificates:seal", args=[passed.programme.pk])
    response = client.post(url, {"image": SimpleUploadedFile(filename, content)})
    assert response.status_code == 200  # the form again, with its error
    assert not Seal.objects.exists()


def test_a_seal_much_larger_than_any_print_is_refused(cast, passed):
    """Every certificate's PDF carries the seal: a 9000-pixel square would make each one huge."""
    upload = SimpleUploadedFile("seal.png", _big_png(9000), content_type="image/png")
    with pytest.raises(ValidationError):
        upload_seal(actor=Actor(user=cast.hz_admin), programme=passed.programme, upload=upload)
    assert not Seal.objects.exists()


def test_a_polyglot_seal_is_stored_as_pixels_only(cast, passed):
    payload = b"<script>alert(1)</script>PK\x03\x04"
    upload = SimpleUploadedFile("seal.png", seal_png() + payload, content_type="image/png")
    seal = upload_seal(actor=Actor(user=cast.hz_admin), programme=passed.programme, upload=upload)
    with seal.image.open("rb") as stored:
        assert payload not in stored.read()
    assert seal.image.name.endswith(".png") and "seal.png" not in seal.image.name


def test_the_seal_image_is_never_public_and_not_on_the_verification_page(client, cast, issued):
    programme = issued.cohort.programme_id
    response = client.get(reverse("certificates:seal_image", args=[programme]))
    assert response.status_code == 302  # to the login
    page = client.get(reverse("certificates:verify", args=[issued.token])).content.decode()
    assert "seal" not in page.lower().replace("数字证书签名", "")
    assert issued.trainee.principal.id_number not in page


def test_revoking_twice_keeps_the_first_revocation(client, cast, issued):
    url = reverse("certificates:revoke", args=[issued.pk])
    client.force_login(cast.hz_centre)
    client.post(url, {"reason": "第一次"})
    client.post(url, {"reason": "第二次"})
    issued.refresh_from_db()
    assert issued.revoked_reason == "第一次"
    with pytest.raises(ValidationError):
        revoke_certificate(actor=Actor(cast.hz_centre), certificate=issued, reason="再次")


def test_the_holder_may_not_revoke_nor_may_a_get(client, cast, issued, passed):
    url = reverse("certificates:revoke", args=[issued.pk])
    client.force_login(passed.account(passed.trainees[0]))
    assert client.post(url, {"reason": "我自己撤销"}).status_code == 404
    client.force_login(cast.hz_centre)
    assert client.get(url).status_code == 405
    issued.refresh_from_db()
    assert issued.revoked_at is None


def test_the_revocation_reason_is_escaped_on_the_public_page(client, cast, issued):
    revoke_certificate(actor=Actor(cast.hz_centre), certificate=issued, reason=XSS)
    page = client.get(reverse("certificates:verify", args=[issued.token])).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_no_certificate_for_a_fail(cast, passed):
    failed = Completion.objects.get(trainee=passed.trainees[-1])
    assert failed.result == Completion.Result.FAIL
    with pytest.raises(ValidationError):
        issue_certificate(actor=Actor(cast.hz_centre), completion=failed)
    assert not Certificate.objects.filter(trainee=passed.trainees[-1]).exists()


def test_the_lookup_answers_odd_numbers_plainly(client, issued):
    url = reverse("certificates:lookup")
    for number in ("' OR 1=1 --", "%", "_" * 40, issued.number.lower() + "x"):
        response = client.get(url, {"number": number})
        assert response.status_code == 200
        assert issued.token not in response.content.decode()


def test_an_oversized_seal_is_shown_on_the_form(client, cast, passed):
    client.force_login(cast.hz_admin)
    upload = SimpleUploadedFile("seal.png", _big_png(3200), content_type="image/png")
    response = client.post(
        reverse("certificates:seal", args=[passed.programme.pk]), {"image": upload}
    )
    assert response.status_code == 200 and "3000" in response.content.decode()
    assert not Seal.objects.exists()


def test_the_transcripts_verification_link_of_a_certified_trainee_opens_the_certificate(
    client, issued
):
    from touyan.training.transcript import certificate_of, verification_path

    found = certificate_of(issued.trainee)
    assert found == {
        "number": issued.number,
        "url": reverse("certificates:verify", args=[issued.token]),
        "revoked": False,
    }
    response = client.get(verification_path(issued.trainee, found))
    assert response.status_code == 200 and issued.number in response.content.decode()
