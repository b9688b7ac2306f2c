"""What an API key looks like and how it is recognised: ``ty_`` and 43 random URL-safe
characters. The first 8 random characters, with ``ty_``, are the visible prefix."""

import hashlib
import secrets

KEY_START = "ty_"
PREFIX_LENGTH = len(KEY_START) + 8


def new_key() -> str:
    return KEY_START + secrets.token_urlsafe(32)


def prefix_of(key: str) -> str:
    return key[:PREFIX_LENGTH]


def digest_of(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def looks_like_key(value: str) -> bool:
    return value.startswith(KEY_START) and 20 <= len(value) <= 128
