import os

import pytest
from django.utils import timezone, translation

from touyan.accounts.roles import Role
from touyan.holidays.loader import sync_holidays
from touyan.holidays.models import HolidayYear, SpecialDay
from touyan.regions.loader import sync_regions
from touyan.regions.models import Region

from .factories import PrincipalFactory, SchoolFactory, UserFactory, grant


def pytest_collection_modifyitems(config, items):
    """The personal-data sweep builds the whole demo; CI runs it in one database pass only."""
    if os.environ.get("TOUYAN_PERSONAL_DATA_SWEEP", "1") != "0":
        return
    skip = pytest.mark.skip(reason="TOUYAN_PERSONAL_DATA_SWEEP=0: the sweep runs in the other pass")
    for item in items:
        if item.get_closest_marker("sweep"):
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Production security settings stay on, except the redirect to HTTPS (tests speak HTTP)
    and the deliberately slow password hash (tests/accounts checks the real one)."""
    settings.SECURE_SSL_REDIRECT = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    # Production's hashed names come from collectstatic; tests read the sources, unhashed.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Background jobs run in the request's thread once its transaction commits.
    settings.TOUYAN_BACKGROUND_JOBS = "inline"
    translation.activate(settings.LANGUAGE_CODE)


class Cast:
    """The people every view test checks: one per role and scope, plus outsiders."""

    def __init__(self):
        self.superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
        self.hz_admin = UserFactory(username="hz-admin")
        grant(self.hz_admin, Role.AUTHORITY_ADMIN, "330100", sees_personal_data=True)
        self.hz_centre = UserFactory(username="hz-centre")
        grant(self.hz_centre, Role.CENTRE_STAFF, "330100")
        self.xihu = UserFactory(username="hz-xihu")
        grant(self.xihu, Role.DISTRICT_OFFICER, "330106", sees_personal_data=True)
        self.binjiang = UserFactory(username="hz-binjiang")
        grant(self.binjiang, Role.DISTRICT_OFFICER, "330108")
        self.hn_admin = UserFactory(username="hn-admin")
        grant(self.hn_admin, Role.AUTHORITY_ADMIN, "460000")
        self.expert = UserFactory(username="expert")
        grant(self.expert, Role.EXPERT, "330100")
        self.nobody = UserFactory(username="nobody")

        self.xihu_school = SchoolFactory(name="杭州学军中学", region_id="330106")
        self.binjiang_school = SchoolFactory(name="杭州第二中学", region_id="330108")
        self.xihu_principal = PrincipalFactory(name="西湖校长", school=self.xihu_school)
        self.binjiang_principal = PrincipalFactory(name="滨江校长", school=self.binjiang_school)
        self.own = UserFactory(username="principal")
        self.xihu_principal.user = self.own
        self.xihu_principal.save()

    def __getitem__(self, key):
        return None if key == "anonymous" else getattr(self, key)


@pytest.fixture
def reference_data(transactional_db):
    """Transactional tests empty every table afterwards, the division tree included; it is
    reference data that migrations load, so such tests load it again first."""
    sync_regions(Region)
    sync_holidays(HolidayYear, SpecialDay)


@pytest.fixture
def pin_today(monkeypatch):
    """``pin_today(date)``: the day services and pages take as today (the clock keeps its
    time of day). Date rules depend on the calendar, so their tests name the day."""
    real = timezone.localdate

    def pin(day):
        monkeypatch.setattr(
            timezone,
            "localdate",
            lambda value=None, timezone=None: day if value is None else real(value, timezone),
        )

    return pin


@pytest.fixture
def cast(db) -> Cast:
    return Cast()
