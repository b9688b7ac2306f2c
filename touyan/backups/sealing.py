"""Passphrase encryption of a whole archive, streamed: AES-256-GCM over 1 MiB chunks under a key
derived from the passphrase with scrypt. Each chunk's nonce carries its index and whether it is
the last, so chunks cannot be reordered, dropped or cut off unnoticed. The reader is seekable
(a zip is read from its end), and decrypts only the chunks asked for: no clear copy on disk."""

import io
import os
import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"TOUYAN-SEALED-1\n"
CHUNK = 1 << 20
TAG = 16
SALT = 16
PREFIX = 7
HEADER = len(MAGIC) + SALT + PREFIX


class SealError(Exception):
    """A wrong passphrase, or a sealed file that was changed or cut off."""


def is_sealed(path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(len(MAGIC)) == MAGIC


def _key(passphrase: str, salt: bytes) -> AESGCM:
    derived = Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(passphrase.encode())
    return AESGCM(derived)


def _nonce(prefix: bytes, index: int, last: bool) -> bytes:
    return prefix + struct.pack(">IB", index, 1 if last else 0)


class SealingWriter(io.RawIOBase):
    """A write-only stream that encrypts what it is given into ``target``; ``close`` seals the
    last chunk. Not seekable: a zip written to it uses data descriptors."""

    def __init__(self, target, passphrase: str):
        super().__init__()
        salt, self._prefix = os.urandom(SALT), os.urandom(PREFIX)
        self._header = MAGIC + salt + self._prefix
        self._aead = _key(passphrase, salt)
        self._target = target
        self._target.write(self._header)
        self._buffer = bytearray()
        self._index = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._buffer += data
        while len(self._buffer) > CHUNK:
            self._emit(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        return len(data)

    def _emit(self, plain: bytes, *, last: bool) -> None:
        nonce = _nonce(self._prefix, self._index, last)
        self._target.write(self._aead.encrypt(nonce, plain, self._header))
        self._index += 1

    def close(self) -> None:
        if not self.closed:
            self._emit(bytes(self._buffer), last=True)
            self._buffer.clear()
        super().close()


class UnsealingReader(io.RawIOBase):
    """A seekable read-only view of the clear content of a sealed file."""

    def __init__(self, source, passphrase: str):
        super().__init__()
        self._source = source
        self._header = source.read(HEADER)
        if len(self._header) < HEADER or not self._header.startswith(MAGIC):
            raise SealError("不是加密的备份归档")
        salt = self._header[len(MAGIC) : len(MAGIC) + SALT]
        self._prefix = self._header[len(MAGIC) + SALT :]
        self._aead = _key(passphrase, salt)
        body = source.seek(0, io.SEEK_END) - HEADER
        self._chunks = max(1, -(-body // (CHUNK + TAG)))
        last_size = body - (self._chunks - 1) * (CHUNK + TAG) - TAG
        if last_size < 0:
            raise SealError("加密归档被截断")
        self._size = (self._chunks - 1) * CHUNK + last_size
        self._position = 0
        self._cached = (-1, b"")
        self._chunk(0)  # a wrong passphrase shows at once

    def _chunk(self, index: int) -> bytes:
        if self._cached[0] != index:
            self._source.seek(HEADER + index * (CHUNK + TAG))
            sealed = self._source.read(CHUNK + TAG)
            last = index == self._chunks - 1
            try:
                plain = self._aead.decrypt(_nonce(self._prefix, index, last), sealed, self._header)
            except InvalidTag as exc:
                raise SealError("口令不对，或加密归档已损坏") from exc
            self._cached = (index, plain)
        return self._cached[1]

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self._size}[whence]
        self._position = max(0, base + offset)
        return self._position

    def readinto(self, buffer) -> int:
        if self._position >= self._size:
            return 0
        index, offset = divmod(self._position, CHUNK)
        piece = self._chunk(index)[offset : offset + len(buffer)]
        buffer[: len(piece)] = piece
        self._position += len(piece)
        return len(piece)
