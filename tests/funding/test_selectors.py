"""What the ledger, the balances and the national report show, to whom, in how many queries."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType

from touyan.funding import selectors, services
from touyan.funding.models import Budget

from ..factories import UserFactory, grant
from ..programmes import SYSTEM, hainan
from .helpers import YEAR, fund, hainan_people, spend

D = dt.date
pytestmark = pytest.mark.django_db


def test_a_ledger_runs_its_balance_in_date_order(cast):
    hn = hainan_people(cast)
    studio = hn.studios[0]
    budget = fund(programme=hn.programme, studio=studio, amount_fen=100_000)
    late = spend(budget, 30_000, day=D(2026, 9, 1))
    early = spend(budget, 10_000, day=D(2026, 3, 1))
    services.reverse_expense(actor=SYSTEM, expense=late, reason="退票")
    ledger = selectors.ledger(cast.finance, studio=studio)
    entries = list(ledger.entries)
    assert [e.pk for e in entries][:2] == [early.pk, late.pk]
    assert [ledger.balance_after(e) for e in entries] == [90_000, 60_000, 90_000]
    assert ledger.totals["balance_fen"] == 90_000
    assert ledger.totals["reversed_fen"] == 30_000
    assert list(selectors.ledger(cast.host, studio=studio).entries) == entries
    assert not list(selectors.ledger(cast.other_finance, studio=studio).entries)
    assert not selectors.ledger(cast.member, studio=studio).budgets


def test_balances_show_every_figure(cast, pin_today):
    hn = hainan_people(cast)
    first = fund(programme=hn.programme, studio=hn.studios[0], amount_fen=100_000)
    spend(first, 40_000)
    fund(programme=hn.programme, studio=hn.studios[1], amount_fen=50_000, paid_fen=20_000)
    pin_today(D(2027, 1, 5))
    services.close_year(actor=SYSTEM, programme=hn.programme, source="studio_fund", year=YEAR)
    rows = {
        (b.studio_id, b.year): b for b in selectors.balances(cast.hn_centre, programme=hn.programme)
    }
    closed = rows[(hn.studios[0].pk, YEAR)]
    assert (closed.disbursed_fen, closed.spent_fen, closed.carried_out_fen, closed.balance_fen) == (
        100_000,
        40_000,
        60_000,
        0,
    )
    carried = rows[(hn.studios[0].pk, YEAR + 1)]
    assert (carried.carried_in_fen, carried.balance_fen) == (60_000, 60_000)
    assert rows[(hn.studios[1].pk, YEAR)].amount_fen == 50_000
    mine = selectors.balances(cast.finance, programme=hn.programme)
    assert {b.studio_id for b in mine} == {hn.studios[0].pk}
    assert not selectors.balances(cast.longhua, programme=hn.programme).exists()


@pytest.mark.parametrize("studios", [3, 30])
def test_balances_take_a_constant_number_of_queries(studios, django_assert_max_num_queries):
    hn = hainan(studios=studios, members=0)
    for studio in hn.studios:
        budget = fund(programme=hn.programme, studio=studio, amount_fen=100_000)
        spend(budget, 1_000)
        services.reverse_expense(actor=SYSTEM, expense=spend(budget, 500), reason="x")
    centre = UserFactory(username="centre")
    grant(centre, "centre_staff", "460000")
    ContentType.objects.clear_cache()
    with django_assert_max_num_queries(4):
        rows = list(selectors.balances(centre, programme=hn.programme))
    assert len(rows) == studios
    assert {r.balance_fen for r in rows} == {99_000}
    assert Budget.objects.count() == studios


def test_the_national_report_sums_per_jurisdiction_and_source(cast, django_assert_max_num_queries):
    hn = hainan_people(cast)
    for studio in hn.studios:
        spend(fund(programme=hn.programme, studio=studio, amount_fen=100_000), 25_000)
    for studio in hn.studios:
        fund(
            programme=hn.programme,
            studio=studio,
            source="community_fee",
            amount_fen=15_000,
            payee="研修网",
        )
    with django_assert_max_num_queries(3):
        report = selectors.national_report(cast.superuser, year=YEAR)
    by_source = {row["source"]: row for row in report}
    assert by_source["studio_fund"]["budgets"] == 2
    assert by_source["studio_fund"]["spent_fen_total"] == 50_000
    assert by_source["studio_fund"]["balance_fen_total"] == 150_000
    assert by_source["community_fee"]["amount_fen_total"] == 30_000
    assert by_source["community_fee"]["budgets"] == 2
    assert {row["programme__jurisdiction_id"] for row in report} == {"460000"}
    assert selectors.national_report(cast.hn_admin, year=YEAR) == report
    assert selectors.national_report(cast.hz_admin, year=YEAR) == []
