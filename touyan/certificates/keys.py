"""The platform's Ed25519 signing keys for digital credentials.

The folder named by ``CERTIFICATE_SIGNING_KEY_DIR`` holds:

- ``signing-key.pem``: the current private key (PKCS #8, mode 0600), created on first use or by
  ``touyan certificate-keys --rotate``;
- ``public-keys.json``: every public key ever used (the current one and those retired by a
  rotation), as a JWKS with the dates each was created and retired.

A rotation writes a new private key in place of the old one (which is not kept: nothing signed
needs it again) and adds the new public key to the list; the old public keys stay published at
``/.well-known/touyan-certificate-keys.json`` so that every credential issued keeps verifying.
Creation takes an exclusive lock on the folder, so two processes never make two keys.

A key's id (``kid``) is its RFC 7638 thumbprint; its fingerprint, printed on the verification
page, is the SHA-256 thumbprint in hexadecimal, in groups of four.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import fcntl
import json
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from joserfc.jwk import OKPKey

PRIVATE = "signing-key.pem"
PUBLIC = "public-keys.json"
LOCK = ".lock"


@dataclass(frozen=True)
class SigningKey:
    kid: str
    key: OKPKey

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.kid)


def folder() -> Path:
    return Path(settings.CERTIFICATE_SIGNING_KEY_DIR)


def fingerprint(kid: str) -> str:
    """The SHA-256 thumbprint (RFC 7638) of a key as hexadecimal in groups of four."""
    raw = base64.urlsafe_b64decode(kid + "=" * (-len(kid) % 4)).hex().upper()
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


@contextlib.contextmanager
def _locked():
    path = folder()
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    with open(path / LOCK, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield path
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _write(path: Path, data: bytes, mode: int) -> None:
    """Written whole or not at all: a new file renamed over the old one."""
    partial = path.with_name(path.name + ".partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(descriptor, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.chmod(partial, mode)
    partial.replace(path)


def _read_public(path: Path) -> list[dict]:
    try:
        return json.loads((path / PUBLIC).read_text())["keys"]
    except FileNotFoundError:
        return []


def _new_key(path: Path, published: list[dict]) -> SigningKey:
    key = OKPKey.generate_key("Ed25519")
    kid = key.thumbprint()
    today = dt.date.today().isoformat()
    for entry in published:
        entry.setdefault("retired", today)
    entry = {**key.as_dict(private=False), "kid": kid, "alg": "EdDSA", "use": "sig"}
    published.append({**entry, "created": today})
    _write(path / PUBLIC, json.dumps({"keys": published}, indent=1).encode(), 0o644)
    _write(path / PRIVATE, key.as_pem(private=True), 0o600)
    return SigningKey(kid, key)


def _load(path: Path) -> SigningKey | None:
    try:
        pem = (path / PRIVATE).read_bytes()
    except FileNotFoundError:
        return None
    key = OKPKey.import_key(pem)
    return SigningKey(key.thumbprint(), key)


def current_key() -> SigningKey:
    """The key that signs from now on, created when there is none yet."""
    existing = _load(folder())
    if existing is not None:
        return existing
    with _locked() as path:
        return _load(path) or _new_key(path, _read_public(path))


def current_kid() -> str | None:
    """The current key's id without creating one (a page that only shows it)."""
    key = _load(folder())
    return key.kid if key else None


def rotate() -> SigningKey:
    """A new key signs from now on; the old public key stays published, marked retired."""
    with _locked() as path:
        published = _read_public(path)
        old = _load(path)
        if old is not None and not any(entry["kid"] == old.kid for entry in published):
            published.append({**old.key.as_dict(private=False), "kid": old.kid, "alg": "EdDSA"})
        return _new_key(path, published)


def public_keys() -> list[dict]:
    """Every published public key (current and retired), as JWKs with their dates."""
    return _read_public(folder())


def jwks() -> dict:
    """The JSON Web Key Set published at ``/.well-known/touyan-certificate-keys.json``."""
    return {"keys": public_keys()}


def key_files() -> list[Path]:
    """The files a backup keeps (the lock file is not one)."""
    path = folder()
    return [path / name for name in (PRIVATE, PUBLIC) if (path / name).exists()]
