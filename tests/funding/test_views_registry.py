"""What funding shows elsewhere: 经费 in the menu, the finance contact's card, and 待办 items for
the authority, the centre and finance contacts, one query each."""

import datetime as dt

import pytest
from django.urls import reverse

from touyan.core.inbox import items_for
from touyan.funding import home, inbox, services

from ..programmes import SYSTEM
from .helpers import YEAR, fund, hainan_people, hangzhou_people, spend

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def hn(cast):
    return hainan_people(cast)


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("superuser", True),
        ("hn_centre", True),
        ("hn_admin", True),
        ("finance", True),
        ("host", False),
        ("member", False),
        ("longhua", False),
        ("nobody", False),
    ],
)
def test_the_menu_entry(cast, hn, name, shown):
    entries = home.menu_entries(cast[name])
    assert [e.url for e in entries] == ([reverse("funding:index")] if shown else [])


def test_a_finance_contact_sees_the_balance_and_where_to_spend(client, cast, hn):
    budget = fund(programme=hn.programme, studio=hn.studios[0], amount_fen=1_000_000)
    spend(budget, 250_000)
    (card,) = home.finance_cards(cast.finance)
    assert "7,500.00" in card.text
    assert (
        reverse("funding:expense_new", args=[hn.programme.slug, f"studio-{hn.studios[0].pk}"]),
        "录入支出",
    ) in card.links
    assert home.finance_cards(cast.host) == []
    client.force_login(cast.finance)
    assert "7,500.00" in client.get(reverse("core:home")).content.decode()


@pytest.mark.clause("HN-6.1")
def test_the_authority_is_asked_to_decide_disbursements(cast, hn, django_assert_num_queries):
    budget = fund(programme=hn.programme, studio=hn.studios[0], paid_fen=0)
    for day in (1, 2):
        services.request_disbursement(
            actor=SYSTEM, budget=budget, amount_fen=100, paid_on=D(YEAR, 2, day)
        )
    home.funding_access(cast.hn_admin)  # read once per request, like the grants
    with django_assert_num_queries(1):
        (item,) = inbox.disbursements_to_decide(cast.hn_admin)
    assert item.count == 2 and item.key == f"funding.disbursements:{hn.programme.pk}"
    assert inbox.disbursements_to_decide(cast.hn_centre) == []
    assert inbox.disbursements_to_decide(cast.hz_admin) == []


def test_the_centre_is_asked_to_close_ended_years(cast, hn, pin_today):
    fund(programme=hn.programme, studio=hn.studios[0])
    fund(programme=hn.programme, studio=hn.studios[1])
    assert inbox.years_to_close(cast.hn_centre) == []
    pin_today(D(YEAR + 1, 1, 3))
    (item,) = inbox.years_to_close(cast.hn_centre)
    assert item.count == 2 and item.due == D(YEAR, 12, 31)
    assert item in items_for(cast.hn_centre)
    assert inbox.years_to_close(cast.hn_admin) == []
    services.close_year(actor=SYSTEM, programme=hn.programme, source="studio_fund", year=YEAR)
    assert inbox.years_to_close(cast.hn_centre) == []


@pytest.mark.clause("HZ-4.2.3")
def test_a_finance_contact_is_asked_to_explain_warned_expenses(cast, pin_today):
    hz = hangzhou_people(cast)
    budget = fund(
        programme=hz.programme, cohort=hz.cohort, source="bureau_fund", year=1, payee="中心"
    )
    pin_today(D(2026, 6, 1))
    spend(budget, 100, category="meals", day=D(2026, 5, 1))
    assert inbox.warnings_to_explain(cast.cohort_finance) == []
    spend(budget, 100, category="meals", day=D(2026, 2, 1))  # before the programme year
    (item,) = inbox.warnings_to_explain(cast.cohort_finance)
    assert item.count == 1 and item.key == f"funding.warnings:cohort-{hz.cohort.pk}"
    assert inbox.warnings_to_explain(cast.hz_centre) == []
