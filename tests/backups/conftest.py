import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from touyan.backups.backup import make_backup
from touyan.holidays.loader import sync_holidays
from touyan.holidays.models import HolidayYear, SpecialDay
from touyan.records import services as records
from touyan.regions.loader import sync_regions
from touyan.regions.models import Region

from ..files import pdf_bytes, png_bytes
from ..programmes import SYSTEM, hainan, hangzhou


@pytest.fixture
def dataset(cast):
    """A small realistic deployment: accounts and grants, principals with encrypted ID numbers,
    a studio programme and a training cohort with a course (decimal hours), audit entries (JSON),
    and uploaded files in folders."""
    sync_regions(Region)  # reference data, in case a transactional test emptied the tables
    sync_holidays(HolidayYear, SpecialDay)
    hainan(studios=2, members=2)
    hz = hangzhou(trainees=2)
    records.create_activity(
        actor=SYSTEM,
        programme=hz.programme,
        cohort=hz.cohort,
        activity_type="course",
        title="课程 一",
        date=dt.date(2026, 3, 2),
        topic="humanities",
        hours=Decimal("2.5"),
    )
    default_storage.save("records/2026/03/plan.pdf", ContentFile(pdf_bytes("计划")))
    default_storage.save("photos/a.png", ContentFile(png_bytes()))
    return cast


@pytest.fixture
def archive(dataset, tmp_path):
    path = tmp_path / "backup.zip"
    make_backup(output=path)
    return path
