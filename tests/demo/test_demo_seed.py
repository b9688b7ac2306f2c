"""``touyan seed``: synthetic regions and a national registry written as a roster import."""

from io import StringIO

import pytest
from django.core.management import call_command

from touyan.audit.models import AuditEntry
from touyan.core.identity import normalize_id_number
from touyan.people.models import Principal, School
from touyan.regions.models import Level, Region


def run_seed(*args: str) -> str:
    out = StringIO()
    call_command("seed", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_small_national_seed_works_and_is_idempotent():
    output = run_seed("--principals", "500", "--batch-size", "200")
    assert "用时" in output
    assert Principal.objects.count() == 500
    schools = School.objects.count()
    assert 250 < schools < 500

    cities = Region.objects.filter(level=Level.CITY, code__regex=r"^\d\d5[1-8]00$")
    counties = Region.objects.filter(level=Level.COUNTY, code__regex=r"^\d\d5[1-8]\d\d$")
    assert cities.count() == 31 * 8
    assert counties.count() == 31 * 8 * 12
    assert all(city.parent.level == Level.PROVINCE for city in cities.select_related("parent"))
    assert all(county.parent_id == county.code[:4] + "00" for county in counties)
    assert Region.objects.get(code="115100").name == "第1市"

    for principal in Principal.objects.select_related("school")[:100]:
        assert normalize_id_number(principal.id_number) == principal.id_number
        assert principal.id_number[:6] == principal.school.region_id

    audit = AuditEntry.objects.count()
    regions = Region.objects.count()
    again = run_seed("--principals", "500", "--batch-size", "200")
    assert AuditEntry.objects.count() == audit
    assert Region.objects.count() == regions
    assert Principal.objects.count() == 500
    assert School.objects.count() == schools
    assert "本次新增 0" in again


@pytest.mark.django_db
def test_a_larger_seed_extends_a_smaller_one():
    run_seed("--principals", "300")
    run_seed("--principals", "400")
    assert Principal.objects.count() == 400


@pytest.mark.django_db
def test_demo_scale_runs_the_demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    output = run_seed("--scale", "demo")
    assert "touyan-demo" in output
    assert School.objects.filter(name="海南中学").exists()
