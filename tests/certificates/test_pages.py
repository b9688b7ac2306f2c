import re

import pytest
from django.urls import reverse

from touyan.certificates.models import Certificate
from touyan.certificates.services import request_issue, upload_seal
from touyan.core.actors import Actor

from ..access import ALLOWED, LOGIN, NOT_FOUND, check_access
from .builders import seal_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(cast, passed):
    upload_seal(actor=Actor(user=cast.hz_admin), programme=passed.programme, upload=seal_upload())
    request_issue(actor=Actor(user=cast.hz_centre), cohort=passed.hz.cohort)
    cast.trainee = passed.account(passed.trainees[0])
    cast.other_trainee = passed.account(passed.trainees[1])
    return Certificate.objects.get(trainee=passed.trainees[0])


EVERYONE = {"anonymous": ALLOWED, "hz_centre": ALLOWED, "nobody": ALLOWED}


@pytest.mark.clause("HZ-4.2.4")
def test_the_public_pages_are_open_to_everyone(client, cast, issued):
    check_access(client, cast, reverse("certificates:verify", args=[issued.token]), EVERYONE)
    check_access(client, cast, reverse("certificates:lookup"), EVERYONE)
    check_access(client, cast, reverse("certificates_keys"), EVERYONE)
    check_access(
        client, cast, reverse("certificates:verify", args=["x" * 32]), {"anonymous": NOT_FOUND}
    )


PRIVATE = {
    "anonymous": LOGIN,
    "hz_centre": ALLOWED,
    "hz_admin": ALLOWED,
    "trainee": ALLOWED,
    "other_trainee": NOT_FOUND,
    "xihu": NOT_FOUND,
    "hn_admin": NOT_FOUND,
    "nobody": NOT_FOUND,
}


def test_a_certificate_and_its_downloads_for_the_trainee_and_the_centre(client, cast, issued):
    for name in ("detail", "pdf", "credential"):
        check_access(client, cast, reverse(f"certificates:{name}", args=[issued.pk]), PRIVATE)
    client.force_login(cast.trainee)
    response = client.get(reverse("certificates:credential", args=[issued.pk]))
    assert response["Content-Type"] == "application/vc+jwt"
    assert response.content.decode() == issued.credential
    assert "attachment" in response["Content-Disposition"]
    pdf = client.get(reverse("certificates:pdf", args=[issued.pk]))
    assert pdf["Content-Type"] == "application/pdf"


def test_the_cohort_page_and_the_seal_for_those_who_run_the_programme(client, cast, issued):
    managers = {
        **{k: NOT_FOUND for k in PRIVATE},
        "anonymous": LOGIN,
        "hz_centre": ALLOWED,
        "hz_admin": ALLOWED,
    }
    check_access(client, cast, reverse("certificates:cohort", args=[issued.cohort_id]), managers)
    programme = issued.cohort.programme_id
    check_access(client, cast, reverse("certificates:seal", args=[programme]), managers)
    check_access(client, cast, reverse("certificates:seal_image", args=[programme]), managers)


def test_the_centre_issues_from_its_cohort_page(client, cast, passed):
    client.force_login(cast.hz_centre)
    response = client.post(reverse("certificates:cohort", args=[passed.hz.cohort.pk]))
    assert response.status_code == 302 and "/jobs/" in response.url
    assert Certificate.objects.count() == 2


def test_the_authority_uploads_the_seal_the_centre_may_not(client, cast, passed):
    url = reverse("certificates:seal", args=[passed.programme.pk])
    client.force_login(cast.hz_centre)
    assert client.post(url, {"image": seal_upload()}).status_code == 404
    client.force_login(cast.hz_admin)
    assert client.post(url, {"image": seal_upload()}).status_code == 302
    assert passed.programme.certificate_seal.image


@pytest.mark.clause("HZ-4.2.4", "HZ-4.2.4.1")
def test_verification_says_valid_then_revoked_and_never_a_personal_number(client, cast, issued):
    url = reverse("certificates:verify", args=[issued.token])
    page = client.get(url).content.decode()
    assert "有效" in page and issued.name in page and issued.number in page
    assert issued.programme_name in page and "第一期" in page
    fingerprint = page.split('class="fingerprint">')[1].split("<")[0]
    assert len(fingerprint.replace(" ", "")) == 64
    principal = issued.trainee.principal
    for number in (principal.id_number, getattr(principal, "phone", "")):
        if number:
            assert number not in page
    assert not re.search(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9Xx])", page)
    assert not re.search(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])", page)
    client.force_login(cast.hz_centre)
    assert (
        client.post(reverse("certificates:revoke", args=[issued.pk]), {"reason": ""}).status_code
        == 302
    )
    issued.refresh_from_db()
    assert not issued.revoked
    client.post(reverse("certificates:revoke", args=[issued.pk]), {"reason": "材料不实"})
    client.logout()
    page = client.get(url).content.decode()
    assert "已撤销" in page and "材料不实" in page and "有效</span>" not in page


def test_lookup_by_number_finds_says_not_found_and_is_throttled(client, issued):
    lookup = reverse("certificates:lookup")
    response = client.get(lookup, {"number": issued.number.lower()})
    assert response.status_code == 302 and issued.token in response.url
    assert "未找到" in client.get(lookup, {"number": "HZ-2026-01-9999"}).content.decode()
    codes = [client.get(lookup, {"number": f"HZ-2026-01-{n:04d}"}).status_code for n in range(12)]
    assert 429 in codes


def test_the_front_door_offers_the_lookup(client):
    page = client.get("/").content.decode()
    assert reverse("certificates:lookup") in page


def test_the_published_keys_are_a_jwks(client, issued):
    keys = client.get(reverse("certificates_keys")).json()["keys"]
    assert [k["kid"] for k in keys] == [issued.key_id]
    assert keys[0]["kty"] == "OKP" and keys[0]["crv"] == "Ed25519" and "d" not in keys[0]
