"""Protection of personal data at rest: Fernet encryption plus a keyed lookup digest.

``settings.PERSONAL_DATA_KEYS`` is an ordered list of keys, newest first (in development, when
empty, one key derived from SECRET_KEY). The newest key encrypts and digests everything written;
every key still decrypts, and a lookup tries the digests under every key, so processes can roll
over to a new key one by one and ``touyan rotate-personal-data-key`` can then move the stored
values to it (see docs/operations.md, "Rotating the personal-data key").

The digest lets the database enforce uniqueness and find a person by ID number without ever
holding the number in clear.
"""

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

__all__ = [
    "InvalidToken",
    "decrypt",
    "digest",
    "digests",
    "encrypt",
    "key_check_values",
    "read",
]


def _master_keys() -> tuple[bytes, ...]:
    keys = settings.PERSONAL_DATA_KEYS or [settings.SECRET_KEY]
    return tuple(key.encode() for key in keys)


@lru_cache(maxsize=64)
def _derive(master: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"touyan", info=purpose).derive(master)


@lru_cache(maxsize=8)
def _fernets(masters: tuple[bytes, ...]) -> tuple[Fernet, ...]:
    return tuple(
        Fernet(base64.urlsafe_b64encode(_derive(master, b"encryption"))) for master in masters
    )


def _multi() -> MultiFernet:
    return MultiFernet(_fernets(_master_keys()))


def encrypt(plaintext: str) -> str:
    """Encrypted under the newest key."""
    return _multi().encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    """Decrypted with whichever configured key encrypted it (``InvalidToken`` if none did)."""
    return _decrypted(_master_keys(), token)


# A page of fifty principals reads a hundred encrypted numbers, each costing a Fernet
# decryption (an HMAC and AES); the same rows are read again page after page. Every stored
# value is a token of its own, so a token and the keys name one clear value for good.
@lru_cache(maxsize=20_000)
def _decrypted(masters: tuple[bytes, ...], token: str) -> str:
    return MultiFernet(_fernets(masters)).decrypt(token.encode()).decode()


def read(token: str) -> tuple[str, bool]:
    """The clear value, and whether the newest key encrypted it: the newest key is tried
    alone first, so a value already rotated costs one decryption (``InvalidToken`` if no
    configured key reads it)."""
    newest, *older = _fernets(_master_keys())
    try:
        return newest.decrypt(token.encode()).decode(), True
    except InvalidToken:
        if not older:
            raise
    return MultiFernet(older).decrypt(token.encode()).decode(), False


def _digest_under(master: bytes, value: str) -> str:
    key = _derive(master, b"lookup-digest")
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def digest(value: str) -> str:
    """A stable keyed hash (hex) for equality lookups of a sensitive value, under the newest
    key: what is written beside the encrypted value."""
    return _digest_under(_master_keys()[0], value)


def digests(value: str) -> list[str]:
    """The value's digest under every configured key, newest first: what a lookup compares,
    so that a row written before a key rotation (or not yet rotated) is still found."""
    return [_digest_under(master, value) for master in _master_keys()]


def key_check_values() -> list[str]:
    """One short check value per configured key, newest first: proves which keys a copy of the
    data was made under (a backup's manifest) without revealing them."""
    return [
        hmac.new(_derive(master, b"key-check"), b"touyan", hashlib.sha256).hexdigest()[:16]
        for master in _master_keys()
    ]
