"""The digital credential of a certificate: an Open Badges 3.0 ``OpenBadgeCredential`` (the W3C
Verifiable Credentials data model 2.0 shape) secured as a JWT as VC-JOSE-COSE says: the
credential itself is the JWT's payload, the protected header says ``typ: vc+jwt``,
``cty: vc``, ``alg: EdDSA`` and the ``kid`` of the platform key that signed it (published in
``/.well-known/touyan-certificate-keys.json``).

The subject is identified by a salted SHA-256 hash of their name (``identityHash``), never an
ID number: who holds the name and the salt (printed nowhere else) can show it is theirs."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
import warnings

from django.conf import settings
from django.urls import reverse
from joserfc import jws
from joserfc.errors import SecurityWarning

from . import keys

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
MEDIA_TYPE = "application/vc+jwt"
ALGORITHM = "EdDSA"


def public_url(path: str) -> str:
    return settings.CERTIFICATE_PUBLIC_URL + path


def verification_url(certificate) -> str:
    return public_url(reverse("certificates:verify", args=[certificate.token]))


def issuer_url() -> str:
    return public_url("/")


def hashed_name(name: str, salt: str) -> str:
    return "sha256$" + hashlib.sha256((name + salt).encode()).hexdigest()


def _instant(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def credential_document(certificate, *, salt: str | None = None) -> dict:
    """The credential as JSON: what is signed."""
    salt = salt or secrets.token_hex(8)
    url = verification_url(certificate)
    programme = certificate.cohort.programme
    achievement_url = f"urn:touyan:achievement:{programme.slug}:{certificate.cohort.number}"
    document = {
        "@context": CONTEXT,
        "id": url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {
            "id": issuer_url(),
            "type": ["Profile"],
            "name": programme.jurisdiction.name + "·" + certificate.programme_name,
        },
        "validFrom": _instant(certificate.issued_at),
        "name": f"{certificate.programme_name} 结业证书",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": hashed_name(certificate.name, salt),
                    "identityType": "name",
                    "hashed": True,
                    "salt": salt,
                }
            ],
            "achievement": {
                "id": achievement_url,
                "type": ["Achievement"],
                "name": f"{certificate.programme_name}（{certificate.cohort_name}）结业",
                "description": f"完成{certificate.programme_name}{certificate.cohort_name}"
                f"的全部培养任务，经结业考核合格，准予结业。证书编号 {certificate.number}。",
                "criteria": {
                    "narrative": "按培养方案修满规定学时，完成个人发展规划、课题研究、"
                    "工作室建设等培养任务，经综合考核合格。"
                },
            },
        },
        "credentialStatus": {
            "id": url + "#status",
            "type": "TouyanCertificateStatus",
            "statusUrl": url,
        },
    }
    return document


def sign(document: dict, key: keys.SigningKey | None = None) -> tuple[str, str]:
    """The compact JWS of ``document`` and the id of the key that signed it."""
    key = key or keys.current_key()
    header = {"alg": ALGORITHM, "typ": "vc+jwt", "cty": "vc", "kid": key.kid}
    payload = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    with warnings.catch_warnings():
        # RFC 9864 prefers the fully specified "Ed25519"; "EdDSA" is what verifiers know today.
        warnings.simplefilter("ignore", SecurityWarning)
        token = jws.serialize_compact(header, payload, key.key, algorithms=[ALGORITHM])
    return token, key.kid
