"""The centre creates a cohort on the programme page (HZ-4.2.4): number, name, start; the end
follows from the policy's calendar, the capacity is the policy's cohort size."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.access import ALLOWED, LOGIN, NOT_FOUND, check_access
from tests.programmes import hangzhou
from touyan.audit.models import AuditEntry
from touyan.programmes.models import Cohort

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HZ-4.2.4")]


def test_only_the_programmes_managers_create_cohorts(client, cast):
    hz = hangzhou(trainees=2)
    check_access(
        client,
        cast,
        reverse("programmes:cohort_create", args=[hz.programme.slug]),
        {
            "anonymous": LOGIN,
            "superuser": ALLOWED,
            "hz_admin": ALLOWED,
            "hz_centre": ALLOWED,
            "xihu": NOT_FOUND,
            "binjiang": NOT_FOUND,
            "hn_admin": NOT_FOUND,
            "expert": NOT_FOUND,
            "nobody": NOT_FOUND,
        },
    )


def test_the_centre_creates_a_cohort_and_its_page_shows_the_places(client, cast):
    hz = hangzhou(trainees=2)
    url = reverse("programmes:cohort_create", args=[hz.programme.slug])
    client.force_login(cast.hz_centre)
    form = client.get(url).content.decode()
    assert 'value="2"' in form and "18 个月" in form and "每期名额 50 名" in form
    page = client.get(reverse("programmes:detail", args=[hz.programme.slug])).content.decode()
    assert url in page
    refused = client.post(url, {"number": 1, "name": "重复", "starts_on": "2027-03-01"})
    assert refused.status_code == 200 and "第 1 期已经存在" in refused.content.decode()
    response = client.post(url, {"number": 2, "name": "第二期", "starts_on": "2027-03-01"})
    cohort = Cohort.objects.get(programme=hz.programme, number=2)
    assert response.status_code == 302
    assert response.url == reverse("programmes:cohort", args=[hz.programme.slug, 2])
    assert cohort.starts_on == dt.date(2027, 3, 1)
    assert AuditEntry.objects.filter(target_id=str(cohort.pk), actor=cast.hz_centre).exists()
    first = client.get(reverse("programmes:cohort", args=[hz.programme.slug, 1])).content.decode()
    assert "名额" in first and "2 / 48" in first
    second = client.get(response.url).content.decode()
    assert "0 / 50" in second and "2028-08-31" in second


def test_a_district_officer_sees_no_creation_button(client, cast):
    hz = hangzhou(trainees=2)
    client.force_login(cast.xihu)
    page = client.get(reverse("programmes:detail", args=[hz.programme.slug])).content.decode()
    assert reverse("programmes:cohort_create", args=[hz.programme.slug]) not in page
