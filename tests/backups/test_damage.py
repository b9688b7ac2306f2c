"""Damage anywhere in an archive (a header, a compressed table, the manifest) is reported as
damage, whatever the zip library raises for it."""

import pytest
from django.core.management import call_command

from touyan.backups.archive import ArchiveError, ArchiveReader

pytestmark = pytest.mark.django_db
POSITIONS = 300


def test_a_byte_changed_anywhere_is_refused_as_damage(tmp_path, cast):
    archive = tmp_path / "archive.zip"
    call_command("backup", output=str(archive))
    data = archive.read_bytes()
    damaged = tmp_path / "damaged.zip"
    unexpected = []
    for position in range(0, len(data), max(1, len(data) // POSITIONS)):
        changed = bytearray(data)
        changed[position] ^= 0xFF
        damaged.write_bytes(bytes(changed))
        try:
            with ArchiveReader(damaged, None) as reader:
                reader.verify()
        except ArchiveError:
            continue
        except Exception as error:  # noqa: BLE001 (what the test looks for)
            unexpected.append((position, repr(error)[:120]))
    assert not unexpected, unexpected[:5]
