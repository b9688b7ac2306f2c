"""A restore refuses a damaged archive, one of a newer version, one made under another key and
a database that is not empty, with a clear message and before writing anything."""

import json
import zipfile

import pytest
from django.core.management import CommandError, call_command

from touyan.backups import sealing
from touyan.backups.archive import MANIFEST, ArchiveError, ArchiveReader
from touyan.backups.backup import make_backup

from .canonical import digests
from .databases import fresh_database, table_names

pytestmark = pytest.mark.django_db


def refused(archive, alias, *, passphrase_file=None) -> str:
    with pytest.raises(CommandError) as caught:
        call_command("restore", str(archive), database=alias, passphrase_file=passphrase_file)
    return str(caught.value)


def with_manifest(archive, tmp_path, change) -> str:
    """A copy of the archive whose manifest ``change`` edited (its members intact)."""
    copy = tmp_path / "edited.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(copy, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == MANIFEST:
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest)
            target.writestr(info, data)
    return copy


def test_a_damaged_archive_is_refused(archive, tmp_path):
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(bytes(data))
    cut = tmp_path / "cut.zip"
    cut.write_bytes(bytes(data[: len(data) * 2 // 3]))
    with fresh_database(tmp_path) as (alias, _url):
        assert "损坏" in refused(damaged, alias)
        assert "损坏" in refused(cut, alias)
        assert table_names(alias) == []


def test_a_member_changed_behind_the_manifest_is_refused(archive, tmp_path):
    copy = tmp_path / "changed.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(copy, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "tables/accounts.user.jsonl":
                data = data.replace(b'"hz-admin"', b'"intruder"')
            target.writestr(info, data)
    with fresh_database(tmp_path) as (alias, _url):
        message = refused(copy, alias)
        assert "tables/accounts.user.jsonl" in message and "校验和" in message
        assert table_names(alias) == []


def test_a_newer_version_is_refused(archive, tmp_path):
    newer = with_manifest(archive, tmp_path, lambda m: m.update(product_version="99.0"))
    with fresh_database(tmp_path) as (alias, _url):
        assert "更新的版本 99.0" in refused(newer, alias)
        assert table_names(alias) == []


def test_migrations_this_version_does_not_know_are_refused(archive, tmp_path):
    future = with_manifest(
        archive, tmp_path, lambda m: m["migrations"]["people"].append("0999_from_the_future")
    )
    with fresh_database(tmp_path) as (alias, _url):
        assert "people.0999_from_the_future" in refused(future, alias)
        assert table_names(alias) == []


def test_the_wrong_key_is_refused_before_anything_is_written(archive, tmp_path, settings):
    settings.PERSONAL_DATA_KEYS = ["another key, not the one the archive was made under"]
    with fresh_database(tmp_path) as (alias, _url):
        assert "PERSONAL_DATA_KEY" in refused(archive, alias)
        assert table_names(alias) == []


def test_a_database_that_is_not_empty_is_refused(archive):
    before = digests("default")
    message = refused(archive, "default")
    assert "不是空的" in message and "accounts_user" in message
    assert digests("default") == before


def test_a_sealed_archive_needs_its_passphrase(dataset, tmp_path):
    sealed, phrase, wrong = tmp_path / "sealed.zip", tmp_path / "phrase", tmp_path / "wrong"
    phrase.write_text("correct horse battery staple\n")
    wrong.write_text("incorrect horse\n")
    call_command("backup", output=str(sealed), passphrase_file=str(phrase))
    assert sealing.is_sealed(sealed)
    assert b"manifest.json" not in sealed.read_bytes()
    with ArchiveReader(sealed, "correct horse battery staple") as reader:
        reader.verify()
        assert reader.manifest["tables"]["people.principal"]["rows"] >= 4
    with pytest.raises(ArchiveError, match="口令不对"):
        ArchiveReader(sealed, "incorrect horse")
    with fresh_database(tmp_path) as (alias, _url):
        assert "--passphrase-file" in refused(sealed, alias)
        assert "口令不对" in refused(sealed, alias, passphrase_file=str(wrong))
        assert table_names(alias) == []


def test_an_existing_archive_is_not_overwritten(archive):
    with pytest.raises(CommandError, match="已存在"):
        call_command("backup", output=str(archive))


def test_a_sealed_archive_cut_short_is_refused(dataset, tmp_path):
    sealed = tmp_path / "sealed.zip"
    make_backup(output=sealed, passphrase="phrase")
    data = sealed.read_bytes()
    sealed.write_bytes(data[: len(data) - 100])
    with pytest.raises(ArchiveError), ArchiveReader(sealed, "phrase") as reader:
        reader.verify()
