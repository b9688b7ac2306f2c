"""The backup reads one state of the database while others write (PostgreSQL pass: the SQLite
test database lives in memory, without the WAL journal that gives SQLite the same)."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.utils import load_backend

from touyan.backups.snapshot import read_snapshot


@pytest.mark.django_db(transaction=True)
def test_writes_made_during_the_backup_are_not_seen():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's test database is in memory: no WAL, no concurrent reader")
    Group.objects.create(name="before")
    other = load_backend(connection.settings_dict["ENGINE"]).DatabaseWrapper(
        connection.settings_dict, "other-writer"
    )
    try:
        with read_snapshot(connection):
            assert Group.objects.count() == 1
            with other.cursor() as cursor:
                cursor.execute("INSERT INTO auth_group (name) VALUES ('during')")
            assert Group.objects.count() == 1
        assert Group.objects.count() == 2
    finally:
        other.close()
