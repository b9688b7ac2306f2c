"""What an API key looks like and how it is recognised: ``ty_`` and 43 random letters and
digits (about 256 bits). The first 8 random characters, with ``ty_``, are the visible prefix.

Letters and digits only, so that a key or a prefix never starts like a command-line option
and is selected whole by a double click."""

import hashlib
import secrets
import string

KEY_START = "ty_"
PREFIX_LENGTH = len(KEY_START) + 8
_ALPHABET = string.ascii_letters + string.digits
_RANDOM_LENGTH = 43


def new_key() -> str:
    return KEY_START + "".join(secrets.choice(_ALPHABET) for _ in range(_RANDOM_LENGTH))


def prefix_of(key: str) -> str:
    return key[:PREFIX_LENGTH]


def digest_of(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def looks_like_key(value: str) -> bool:
    return value.startswith(KEY_START) and 20 <= len(value) <= 128
