"""Folders of key files that live beside the database, not in it, and go into every backup:
the certificates' signing keys (``CERTIFICATE_SIGNING_KEY_DIR``). Read from settings, so this
platform app imports no domain. In the archive under ``keys/<folder>/<file>``; restored with
mode 0600 into an empty or identical folder, never over a different key."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from django.conf import settings

KEYS = "keys/"
# Names that are locks or half-written files, not keys.
SKIPPED_SUFFIXES = (".partial", ".lock")


def key_folders() -> dict[str, Path]:
    folder = getattr(settings, "CERTIFICATE_SIGNING_KEY_DIR", None)
    return {"certificate-keys": Path(folder)} if folder else {}


def _files(path: Path) -> list[Path]:
    if not path.is_dir():
        return []
    return sorted(
        item
        for item in path.iterdir()
        if item.is_file()
        and not item.name.startswith(".")
        and not item.name.endswith(SKIPPED_SUFFIXES)
    )


def write_to(writer) -> int:
    count = 0
    for name, path in key_folders().items():
        for item in _files(path):
            with open(item, "rb") as source:
                writer.copy_member(f"{KEYS}{name}/{item.name}", source)
            count += 1
    return count


def to_write(reader) -> list[tuple[str, Path]]:
    """(member, target) of the archive's key files missing here; refuses when a file here
    holds other content (a key of another installation must not be overwritten)."""
    from .restore import RestoreRefused

    folders = key_folders()
    missing = []
    for member in reader.members(KEYS):
        name, _, file_name = member.removeprefix(KEYS).partition("/")
        if name not in folders or not file_name or "/" in file_name:
            continue
        target = folders[name] / file_name
        if not target.exists():
            missing.append((member, target))
            continue
        digest = hashlib.sha256(target.read_bytes()).hexdigest()
        if digest != reader.manifest["checksums"][member]:
            raise RestoreRefused(f"密钥目录中已有内容不同的 {target}：只能恢复到空的密钥目录")
    return missing


def write_back(reader, files: list[tuple[str, Path]]) -> None:
    for member, target in files:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with reader.open(member) as source:
            data = source.read()
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            out.write(data)
