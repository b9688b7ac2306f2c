"""Working days on the Chinese calendar: the shipped years, a year entered by hand, and the
refusal for a year nobody has entered yet."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.access import ALLOWED, LOGIN, NOT_FOUND, check_access
from tests.programmes import SYSTEM
from touyan.audit.models import AuditEntry
from touyan.core.actors import Actor
from touyan.holidays.models import HolidayYear
from touyan.holidays.services import enter_year
from touyan.holidays.workdays import YearUnknown, is_working_day, nth_working_day

pytestmark = pytest.mark.django_db
D = dt.date

# 国务院办公厅通知 as a user would copy it (the 2027 dates are made up for the test).
HOLIDAYS_2027 = (
    "2027-01-01 至 2027-01-03 元旦\n2027年2月6日至2027年2月13日 春节\n2027-10-01~2027-10-07 国庆节"
)
WORKDAYS_2027 = "2027-02-20 春节\n2027-10-09 国庆节"


def test_the_shipped_years_know_holidays_and_make_up_days():
    assert HolidayYear.objects.filter(shipped=True).count() == 23
    assert not is_working_day(D(2026, 10, 1))  # 国庆节, a Thursday
    assert not is_working_day(D(2026, 10, 4))  # the Sunday inside the holiday
    assert is_working_day(D(2026, 10, 10))  # 调休: a Saturday worked
    assert is_working_day(D(2026, 9, 30)) and not is_working_day(D(2026, 9, 26))
    # Five working days from 30 September 2026 skip the holiday week and count the Saturday.
    assert nth_working_day(D(2026, 9, 30), 5) == D(2026, 10, 12)
    # Spring Festival 2026: 15–23 February off, 14 and 28 February worked.
    assert nth_working_day(D(2026, 2, 13), 3) == D(2026, 2, 24)


def test_a_year_not_yet_entered_is_refused_with_a_link_to_enter_it():
    # Today (2026-12-06) the State Council has not published 2027.
    assert nth_working_day(D(2026, 12, 21), 5) == D(2026, 12, 25)
    with pytest.raises(YearUnknown) as refused:
        nth_working_day(D(2026, 12, 28), 5)
    assert "2027 年节假日安排尚未录入" in refused.value.messages[0]
    assert refused.value.url == reverse("holidays:year", args=[2027])
    with pytest.raises(ValidationError, match="2027 年节假日安排尚未录入"):
        is_working_day(D(2027, 1, 4))


def test_an_authority_admin_enters_next_year_and_it_counts(client, cast):
    url = reverse("holidays:year", args=[2027])
    client.force_login(cast.hn_admin)
    page = client.get(url).content.decode()
    assert "2027 年节假日安排尚未录入" in page
    response = client.post(
        url,
        {"source": "国办发明电〔2026〕X号", "holidays": HOLIDAYS_2027, "workdays": WORKDAYS_2027},
    )
    assert response.status_code == 302
    assert not is_working_day(D(2027, 2, 8))
    assert is_working_day(D(2027, 2, 20))
    assert nth_working_day(D(2026, 12, 28), 5) == D(2027, 1, 4)
    entry = HolidayYear.objects.get(year=2027)
    assert entry.days.count() == 3 + 8 + 7 + 2 and entry.entered_by == cast.hn_admin
    assert AuditEntry.objects.filter(target_id=str(entry.pk), verb="create").exists()


@pytest.mark.parametrize(
    ("holidays", "workdays", "message"),
    [
        ("2027-13-01 元旦", "", "第 1 行“2027-13-01 元旦”无法识别"),
        ("2027-02-13 至 2027-02-06 春节", "", "结束日期早于开始日期"),
        ("2028-01-01 元旦", "", "2028-01-01 不在 2027 年内"),
        ("2027-01-01 至 9999-12-31 元旦", "", "第 1 行超过 31 天"),
        (HOLIDAYS_2027, "2027-02-22 春节", "2027-02-22 不是"),
        (HOLIDAYS_2027, "2027-02-06 春节", "既是放假日又是调休上班日"),
    ],
)
def test_wrong_entries_are_refused_and_keep_what_was_typed(
    client, cast, holidays, workdays, message
):
    client.force_login(cast.hz_admin)
    data = {"source": "国办发明电", "holidays": holidays, "workdays": workdays}
    response = client.post(reverse("holidays:year", args=[2027]), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert holidays.splitlines()[0] in page
    assert not HolidayYear.objects.filter(year=2027).exists()


def test_shipped_years_are_not_edited_and_only_admins_enter_years(cast):
    with pytest.raises(ValidationError, match="已随系统发布"):
        enter_year(actor=SYSTEM, year=2026, source="x", holidays=[(D(2026, 1, 1), "")], workdays=[])
    with pytest.raises(PermissionDenied):
        enter_year(
            actor=Actor(user=cast.hz_centre),
            year=2027,
            source="x",
            holidays=[(D(2027, 1, 1), "")],
            workdays=[],
        )


ADMINS_ONLY = {
    "anonymous": LOGIN,
    "superuser": ALLOWED,
    "hz_admin": ALLOWED,
    "hn_admin": ALLOWED,
    "hz_centre": NOT_FOUND,
    "xihu": NOT_FOUND,
    "expert": NOT_FOUND,
    "own": NOT_FOUND,
    "nobody": NOT_FOUND,
}


def test_who_may_see_and_enter_the_calendar(client, cast):
    check_access(client, cast, reverse("holidays:years"), ADMINS_ONLY)
    check_access(client, cast, reverse("holidays:year", args=[2026]), ADMINS_ONLY)
    check_access(client, cast, reverse("holidays:year", args=[2027]), ADMINS_ONLY)
    client.force_login(cast.hz_centre)
    assert client.post(reverse("holidays:year", args=[2027]), {"source": "x"}).status_code == 404
    client.force_login(cast.hz_admin)
    assert client.get(reverse("holidays:year", args=[1900])).status_code == 404
    assert (
        reverse("holidays:year", args=[2027])
        in client.get(reverse("holidays:years")).content.decode()
    )
