"""A backup restored into a fresh database (PostgreSQL in the PostgreSQL pass, SQLite in the
SQLite pass) by `touyan restore` in its own process holds the same rows, byte for byte."""

import subprocess

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage

from touyan.backups import archive as archive_format
from touyan.backups.archive import ArchiveReader
from touyan.backups.backup import make_backup, uploaded_files

from ..scale.processes import ROOT, TOUYAN, environment
from .canonical import digests
from .databases import fresh_database

pytestmark = pytest.mark.django_db


def restore_in_a_process(archive, url, media) -> str:
    done = subprocess.run(
        [str(TOUYAN), "restore", str(archive)],
        env=environment(url, MEDIA_ROOT=str(media)),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def table_checksums(path) -> dict[str, str]:
    with ArchiveReader(path, None) as reader:
        checksums = reader.manifest["checksums"]
    return {k: v for k, v in checksums.items() if k.startswith(archive_format.TABLES)}


def test_every_row_and_file_comes_back_and_inserts_go_on(archive, tmp_path):
    source = digests("default")
    assert source["people.principal"][0] >= 4 and source["records.activity"][0] == 1
    media = tmp_path / "restored-media"
    with fresh_database(tmp_path) as (alias, url):
        output = restore_in_a_process(archive, url, media)
        assert "已恢复" in output

        # Every table: the same count and the same rows on a canonical form.
        assert digests(alias) == source

        # The same stored values, ciphertext of ID numbers included: a backup of the restored
        # database has the very same table members.
        again = tmp_path / "again.zip"
        make_backup(output=again, database=alias)
        assert table_checksums(again) == table_checksums(archive)

        # The sequences were moved past the loaded keys: inserts after the restore work.
        kinds = ContentType.objects.using(alias)
        highest = kinds.order_by("-pk").first().pk
        assert kinds.create(app_label="backups", model="probe").pk > highest
        users = get_user_model().objects
        user = users.db_manager(alias).create_user("after-restore", "x@y.cn")
        assert user.pk > users.order_by("-pk").first().pk

    names = sorted(uploaded_files(default_storage))
    assert names == ["photos/a.png", "records/2026/03/plan.pdf"]
    for name in names:
        with default_storage.open(name, "rb") as original:
            assert (media / name).read_bytes() == original.read()
