"""An archive of an older version (here: made before `accounts.0002_user_home_region` and the
migrations after it, which added columns) is restored at its own migration state and migrated
forward to this one."""

import hashlib
import json
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

from touyan.backups.archive import MANIFEST

from .databases import fresh_database
from .test_round_trip import restore_in_a_process

pytestmark = pytest.mark.django_db

# The accounts migrations after the first, and the columns of the user table they added.
FIRST = "0001_initial"
ADDED_COLUMNS = ("home_region_id", "inbox_digest", "language")
USERS = "tables/accounts.user.jsonl"


def as_if_older(archive, tmp_path):
    """The archive as the version with only the first accounts migration would have written it."""
    older = tmp_path / "older.zip"
    with zipfile.ZipFile(archive) as source:
        manifest = json.loads(source.read(MANIFEST))
        entry = manifest["tables"]["accounts.user"]
        dropped = sorted((entry["columns"].index(c) for c in ADDED_COLUMNS), reverse=True)
        for index in dropped:
            del entry["columns"][index]
        manifest["migrations"]["accounts"] = [FIRST]
        manifest["product_version"] = "0.0.9"
        lines = []
        for line in source.read(USERS).decode().splitlines():
            row = json.loads(line)
            for index in dropped:
                del row[index]
            lines.append(json.dumps(row, ensure_ascii=False) + "\n")
        users = "".join(lines).encode()
        manifest["checksums"][USERS] = hashlib.sha256(users).hexdigest()
        with zipfile.ZipFile(older, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                if info.filename == USERS:
                    target.writestr(info, users)
                elif info.filename != MANIFEST:
                    target.writestr(info, source.read(info))
            target.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False))
    return older


def test_an_older_archive_is_migrated_forward(archive, tmp_path):
    older = as_if_older(archive, tmp_path)
    users = get_user_model().objects
    expected = list(users.order_by("pk").values_list("pk", "username", "password"))
    with fresh_database(tmp_path) as (alias, url):
        restore_in_a_process(older, url, tmp_path / "media-restored")
        applied = MigrationRecorder(connections[alias]).applied_migrations()
        assert set(applied) == set(MigrationRecorder(connections["default"]).applied_migrations())
        restored = users.using(alias).order_by("pk")
        assert list(restored.values_list("pk", "username", "password")) == expected
        assert not restored.filter(home_region__isnull=False).exists()
