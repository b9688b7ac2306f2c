import datetime as dt

import pytest
from django.urls import reverse

from touyan.core.actors import Actor
from touyan.demo.calendar_years import SOURCE, ensure_years_known
from touyan.holidays.models import HolidayYear
from touyan.holidays.workdays import nth_working_day

pytestmark = pytest.mark.django_db


def test_the_demo_enters_a_year_not_yet_published_and_says_so():
    last_shipped = max(HolidayYear.objects.values_list("year", flat=True))
    late_december = dt.date(last_shipped, 12, 28)

    entered = ensure_years_known(actor=Actor.command_line(), through=late_december)

    assert entered == [last_shipped + 1]
    year = HolidayYear.objects.get(year=last_shipped + 1)
    assert year.source == SOURCE and not year.shipped
    # A notice published on the 28th of December now has an end.
    assert nth_working_day(late_december, 5).year == last_shipped + 1
    # Known years are left as they were.
    assert ensure_years_known(actor=Actor.command_line(), through=late_december) == []


def test_a_year_entered_from_the_command_line_shows_on_the_calendar_page(client, cast):
    ensure_years_known(actor=Actor.command_line(), through=dt.date(2026, 12, 28))
    client.force_login(cast.hz_admin)
    page = client.get(reverse("holidays:years"))
    assert page.status_code == 200
    assert SOURCE in page.content.decode()
