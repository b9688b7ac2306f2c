import pytest

from touyan.backups import folders
from touyan.backups.archive import ArchiveReader
from touyan.backups.backup import make_backup
from touyan.backups.restore import RestoreRefused
from touyan.certificates import keys

pytestmark = pytest.mark.django_db


def test_the_key_files_go_into_the_backup_and_come_back(settings, tmp_path):
    made = keys.current_key()
    archive = tmp_path / "backup.zip"
    make_backup(output=archive)
    settings.CERTIFICATE_SIGNING_KEY_DIR = tmp_path / "restored-keys"
    with ArchiveReader(archive, None) as reader:
        assert reader.manifest["key_files"] == 2
        missing = folders.to_write(reader)
        assert len(missing) == 2
        folders.write_back(reader, missing)
    assert keys.current_key().kid == made.kid
    assert (keys.folder() / keys.PRIVATE).stat().st_mode & 0o777 == 0o600
    # A folder holding another key is never overwritten.
    keys.rotate()
    with ArchiveReader(archive, None) as reader, pytest.raises(RestoreRefused):
        folders.to_write(reader)
