"""Protection of personal data at rest: Fernet encryption plus a keyed lookup digest.

Both keys derive from ``settings.PERSONAL_DATA_KEY`` (or, in development, from SECRET_KEY).
The digest lets the database enforce uniqueness and find a person by ID number without ever
holding the number in clear.
"""

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


def _master_key() -> bytes:
    return (settings.PERSONAL_DATA_KEY or settings.SECRET_KEY).encode()


@lru_cache(maxsize=4)
def _derive(master: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"touyan", info=purpose).derive(master)


def _fernet() -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_derive(_master_key(), b"encryption")))


def encrypt(plaintext: str) -> str:
    return _fernet().encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()


def digest(value: str) -> str:
    """A stable keyed hash (hex) for equality lookups of a sensitive value."""
    key = _derive(_master_key(), b"lookup-digest")
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def key_check_values() -> list[str]:
    """One short check value per configured key, newest first: proves which keys a copy of the
    data was made under (a backup's manifest) without revealing them."""
    return [
        hmac.new(_derive(_master_key(), b"key-check"), b"touyan", hashlib.sha256).hexdigest()[:16]
    ]
