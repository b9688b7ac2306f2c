"""The ledger and the programme's balances as .xlsx, read back with openpyxl: money as numbers
of yuan with two decimals, dates as dates, the download named and audited (HN-6.1, HZ-4.2.3)."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from touyan.audit.models import AuditEntry, Verb
from touyan.funding import services

from ..programmes import SYSTEM
from .helpers import YEAR, fund, hainan_people, spend

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def hn(cast):
    return hainan_people(cast)


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "private, no-store"
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


@pytest.mark.clause("HN-6.1")
def test_the_ledger_export_reads_back(client, cast, hn):
    budget = fund(programme=hn.programme, studio=hn.studios[0], amount_fen=5_000_000)
    spend(budget, 123_456, day=D(YEAR, 3, 2), payee='=HYPERLINK("x")')
    wrong = spend(budget, 10_001, day=D(YEAR, 4, 1))
    services.reverse_expense(actor=SYSTEM, expense=wrong, reason="录错")
    client.force_login(cast.finance)
    url = reverse("funding:ledger_export", args=[hn.programme.slug, f"studio-{hn.studios[0].pk}"])
    book = workbook(client.get(url))
    rows = list(book["账目"].iter_rows(min_row=2))
    assert len(rows) == 3
    day, amount, balance = rows[0][0], rows[0][5], rows[0][6]
    assert isinstance(day.value, dt.datetime) and day.value.date() == D(YEAR, 3, 2)
    assert round(amount.value * 100) == 123_456 and amount.number_format == "0.00"
    assert round(balance.value * 100) == 5_000_000 - 123_456
    assert rows[0][4].value == '=HYPERLINK("x")' and rows[0][4].data_type == "s"
    assert round(rows[2][5].value * 100) == -10_001 and rows[2][8].value == "录错"
    assert round(rows[2][6].value * 100) == 5_000_000 - 123_456
    (budget_row,) = list(book["预算与余额"].iter_rows(min_row=2, values_only=True))
    assert budget_row[0] == YEAR and round(budget_row[3] * 100) == 5_000_000
    entry = AuditEntry.objects.get(verb=Verb.EXPORT)
    assert "经费账目" in entry.note and "3" in entry.note


@pytest.mark.clause("HN-6.1")
def test_the_balances_export_reads_back_filtered(client, cast, hn):
    fund(programme=hn.programme, studio=hn.studios[0], amount_fen=5_000_000)
    fund(programme=hn.programme, studio=hn.studios[1], amount_fen=6_000_050)
    fund(
        programme=hn.programme,
        studio=hn.studios[0],
        source="community_fee",
        payee="研修网",
        amount_fen=800_000,
    )
    client.force_login(cast.hn_admin)
    url = reverse("funding:balances_export", args=[hn.programme.slug])
    book = workbook(client.get(url + "?source=studio_fund"))
    rows = list(book["预算与余额"].iter_rows(min_row=2, values_only=True))
    assert {row[0] for row in rows} == {s.name for s in hn.studios}
    assert sorted(round(row[4] * 100) for row in rows) == [5_000_000, 6_000_050]
    assert AuditEntry.objects.filter(verb=Verb.EXPORT).count() == 1


def test_an_export_is_refused_outside_the_scope(client, cast, hn):
    fund(programme=hn.programme, studio=hn.studios[0])
    client.force_login(cast.other_finance)
    url = reverse("funding:ledger_export", args=[hn.programme.slug, f"studio-{hn.studios[0].pk}"])
    assert client.get(url).status_code == 404
    assert (
        client.get(reverse("funding:balances_export", args=[hn.programme.slug])).status_code == 404
    )
    assert not AuditEntry.objects.filter(verb=Verb.EXPORT).exists()
