"""Uploads go through the storage API only, so that an S3-compatible bucket serves as well as
the local folder: stored, read back and purged on a storage that has no file-system path."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.fields.files import FieldFile

from tests.files import png_bytes
from tests.programmes import SYSTEM
from tests.records.programme_people import with_hainan
from tests.records.test_activity_views import seminar
from touyan.core.orphans import purge_orphan_files
from touyan.records.uploads import attach_activity_files

pytestmark = pytest.mark.django_db


def no_path(self):
    raise NotImplementedError("a bucket has no path")


@pytest.fixture
def in_memory(settings, monkeypatch):
    """Files kept in memory, and no stored file's path asked for, as with a bucket."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    monkeypatch.setattr(FieldFile, "path", property(no_path))
    assert not default_storage.exists("-")
    assert isinstance(default_storage._wrapped, InMemoryStorage)
    return default_storage


def test_files_are_stored_read_and_purged_without_a_path(cast, in_memory):
    hn = with_hainan(cast)
    (kept,) = attach_activity_files(
        actor=SYSTEM, activity=seminar(hn, 0), files=[SimpleUploadedFile("合影.png", png_bytes())]
    )
    with kept.file.open("rb") as handle:
        assert handle.read(8) == b"\x89PNG\r\n\x1a\n"
    left = in_memory.save("roster-imports/2026/01/left-behind.xlsx", ContentFile(b"id numbers"))
    deleted = purge_orphan_files(grace=dt.timedelta(seconds=-60))
    assert deleted == [left]
    assert not in_memory.exists(left) and in_memory.exists(kept.file.name)


def test_the_settings_name_one_shared_cache_and_sessions_beside_it(settings):
    backend = settings.CACHES["default"]["BACKEND"]
    assert backend in {
        "django.core.cache.backends.db.DatabaseCache",
        "django.core.cache.backends.redis.RedisCache",
    }
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
