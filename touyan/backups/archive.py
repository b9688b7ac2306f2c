"""The archive: a zip holding ``manifest.json``, one JSON-lines member per table under
``tables/`` and the uploaded files under ``files/``; optionally sealed with a passphrase
(``sealing.py``). The manifest comes last and holds the SHA-256 of every other member."""

import hashlib
import io
import json
import zipfile
from contextlib import contextmanager
from pathlib import Path

from .sealing import SealError, SealingWriter, UnsealingReader, is_sealed

FORMAT = "touyan-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
TABLES = "tables/"
FILES = "files/"
COPY_BLOCK = 1 << 20


class ArchiveError(Exception):
    """The archive cannot be read as it was written."""


def table_member(label: str) -> str:
    return f"{TABLES}{label}.jsonl"


class ArchiveWriter:
    """Members are streamed in; the SHA-256 of each is noted for the manifest."""

    def __init__(self, target, passphrase: str | None):
        self._sealer = SealingWriter(target, passphrase) if passphrase else None
        self._zip = zipfile.ZipFile(
            self._sealer if self._sealer is not None else target,
            "w",
            compression=zipfile.ZIP_DEFLATED,
            compresslevel=6,
        )
        self.checksums: dict[str, str] = {}

    @contextmanager
    def text_member(self, name: str):
        """A member written line by line: yields a function taking one line."""
        digest = hashlib.sha256()
        with self._zip.open(name, "w", force_zip64=True) as raw:
            stream = io.BufferedWriter(raw, COPY_BLOCK)

            def write(line: str) -> None:
                data = line.encode() + b"\n"
                digest.update(data)
                stream.write(data)

            yield write
            stream.flush()
        self.checksums[name] = digest.hexdigest()

    def copy_member(self, name: str, source) -> None:
        digest = hashlib.sha256()
        info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_STORED  # uploads are mostly compressed already
        with self._zip.open(info, "w", force_zip64=True) as target:
            while block := source.read(COPY_BLOCK):
                digest.update(block)
                target.write(block)
        self.checksums[name] = digest.hexdigest()

    def close(self, manifest: dict) -> None:
        manifest = {**manifest, "checksums": self.checksums}
        self._zip.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        self._zip.close()
        if self._sealer is not None:
            self._sealer.close()


class ArchiveReader:
    def __init__(self, path: Path, passphrase: str | None):
        self._file = open(path, "rb")  # noqa: SIM115 (closed by close())
        try:
            if is_sealed(path):
                if not passphrase:
                    raise ArchiveError("这份归档用口令加密，请用 --passphrase-file 给出口令文件")
                source = io.BufferedReader(UnsealingReader(self._file, passphrase), COPY_BLOCK)
            else:
                source = self._file
            self._zip = zipfile.ZipFile(source)
            self.manifest = json.loads(self._zip.read(MANIFEST))
        except Exception as exc:  # noqa: BLE001 (a damaged zip raises many kinds: zlib, headers)
            self.close()
            if isinstance(exc, ArchiveError | SealError):
                raise ArchiveError(str(exc)) from exc
            raise ArchiveError(f"归档无法读取，可能已损坏或不完整（{exc}）") from exc
        if self.manifest.get("format") != FORMAT:
            raise ArchiveError("这不是头雁的备份归档")
        if self.manifest.get("format_version", 0) > FORMAT_VERSION:
            raise ArchiveError("归档格式比当前版本新，请用生成它的版本或更新的版本恢复")

    def close(self) -> None:
        if getattr(self, "_zip", None):
            self._zip.close()
        self._file.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def verify(self) -> None:
        """Every member is present, complete and unchanged (SHA-256); no member is extra."""
        expected = self.manifest.get("checksums", {})
        present = set(self._zip.namelist()) - {MANIFEST}
        if present != set(expected):
            strange = sorted(present ^ set(expected))[:3]
            raise ArchiveError(f"归档内容与清单不符（{', '.join(strange)}）")
        for name, checksum in expected.items():
            digest = hashlib.sha256()
            try:
                with self._zip.open(name) as member:
                    while block := member.read(COPY_BLOCK):
                        digest.update(block)
            except Exception as exc:  # noqa: BLE001 (a damaged zip raises many kinds: zlib, headers)
                raise ArchiveError(f"归档已损坏：{name} 无法读取（{exc}）") from exc
            if digest.hexdigest() != checksum:
                raise ArchiveError(f"归档已损坏：{name} 的校验和不符")

    def lines(self, name: str):
        with self._zip.open(name) as member:
            yield from io.TextIOWrapper(member, encoding="utf-8")

    def open(self, name: str):
        return self._zip.open(name)

    def members(self, prefix: str) -> list[str]:
        return sorted(n for n in self._zip.namelist() if n.startswith(prefix))
