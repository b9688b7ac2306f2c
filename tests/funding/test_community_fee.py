"""HN-6.2: a yearly online-community fee per studio, paid by the centre to the site operator, a
budget line of its own. The centre keeps one line per studio and year (``per = "studio"``) and
spends it; the studio's finance contact neither spends it nor counts it as theirs; the studio's
host sees it read only in the studio's ledger."""

import datetime as dt

import pytest
from django.urls import reverse

from touyan.funding import selectors, services
from touyan.funding.home import finance_cards
from touyan.funding.models import Budget, YearEnd
from touyan.programmes import services as programmes

from ..access import ALLOWED, NOT_FOUND, check_access
from ..programmes import SYSTEM
from .helpers import YEAR, fund, funds_matrix, hainan_people, spend
from .test_views_exports import workbook

D = dt.date
pytestmark = [pytest.mark.django_db, pytest.mark.clause("HN-6.2")]


@pytest.fixture
def hn(cast):
    return hainan_people(cast)


@pytest.fixture
def fees(hn):
    """Each studio's 3,000 yuan fee for the year, disbursed; studio 0 also has its own fund."""
    own = fund(programme=hn.programme, studio=hn.studios[0], amount_fen=1_000_000)
    lines = [
        fund(
            programme=hn.programme,
            studio=studio,
            source="community_fee",
            amount_fen=300_000,
            payee="研修网",
        )
        for studio in hn.studios
    ]
    return own, lines


def ledger_url(hn, key):
    return reverse("funding:ledger", args=[hn.programme.slug, key])


def test_each_studio_has_a_centre_held_fee_line(hn, fees):
    _own, lines = fees
    assert [line.studio for line in lines] == list(hn.studios)
    assert all(line.held_by == Budget.Holder.CENTRE for line in lines)
    again = services.set_budget(
        actor=SYSTEM,
        programme=hn.programme,
        source="community_fee",
        year=YEAR,
        studio=hn.studios[0],
        amount_fen=360_000,
        payee="研修网",
    )
    assert again.pk == lines[0].pk and Budget.objects.filter(source="community_fee").count() == 2


def test_the_centre_enters_the_fee_and_the_studio_cannot(client, cast, hn, fees):
    _own, (line, _other) = fees
    centre_form = reverse("funding:expense_new", args=[hn.programme.slug, "centre"])
    check_access(
        client,
        cast,
        centre_form,
        funds_matrix(cast, NOT_FOUND, superuser=ALLOWED, hn_centre=ALLOWED),
    )
    client.force_login(cast.hn_centre)
    form = client.get(centre_form).context["form"]
    labels = [label for _value, label in form.fields["budget"].choices]
    assert any(hn.studios[0].name in label for label in labels)
    response = client.post(
        centre_form,
        {
            "budget": line.pk,
            "category": "online_community",
            "spent_on": "2026-03-01",
            "amount": "3,000",
            "payee": "研修网",
        },
    )
    assert response.status_code == 302 and response["Location"] == ledger_url(hn, "centre")
    centre = client.get(ledger_url(hn, "centre")).content.decode()
    assert hn.studios[0].name in centre and "3,000.00" in centre

    studio_form = reverse(
        "funding:expense_new", args=[hn.programme.slug, f"studio-{hn.studios[0].pk}"]
    )
    client.force_login(cast.finance)
    offered = client.get(studio_form).context["form"].fields["budget"].queryset
    assert line not in offered and offered.count() == 1


def test_the_host_reads_the_fee_in_the_studios_ledger_the_finance_contact_does_not(
    client, cast, hn, fees
):
    own, (line, _other) = fees
    spend(line, 300_000, category="online_community", payee="研修网")
    studio_ledger = ledger_url(hn, f"studio-{hn.studios[0].pk}")
    client.force_login(cast.host)
    page = client.get(studio_ledger)
    assert [b.pk for b in page.context["centre_lines"]] == [line.pk]
    assert [b.pk for b in page.context["budgets"]] == [own.pk]
    assert "培训中心为本工作室支付的经费" in page.content.decode()
    assert page.context["totals"]["balance_fen"] == 1_000_000
    client.force_login(cast.finance)
    page = client.get(studio_ledger)
    assert page.context["centre_lines"] == [] and [b.pk for b in page.context["budgets"]] == [
        own.pk
    ]
    (card,) = finance_cards(cast.finance)
    assert "10,000.00" in card.text
    assert selectors.expenses_visible_to(cast.finance, hn.programme).count() == 0
    assert selectors.expenses_visible_to(cast.host, hn.programme).count() == 0


def test_the_fee_is_not_a_studio_nearly_spent_and_the_centre_ledger_exports_it(
    client, cast, hn, fees
):
    _own, (line, _other) = fees
    spend(line, 300_000, category="online_community", payee="研修网")
    client.force_login(cast.hn_admin)
    context = client.get(reverse("funding:overview", args=[hn.programme.slug])).context
    assert context["nearly_spent"] == []
    book = workbook(client.get(ledger_url(hn, "centre").rstrip("/") + "/ledger.xlsx"))
    (entry,) = book["账目"].iter_rows(min_row=2, values_only=True)
    assert entry[-1] == hn.studios[0].name and round(entry[5] * 100) == 300_000
    budgets = list(book["预算与余额"].iter_rows(min_row=2, values_only=True))
    assert sorted(row[-1] for row in budgets) == sorted(s.name for s in hn.studios)


def test_a_revoked_studios_fee_line_follows_the_year_end_not_the_revocation(hn, fees, pin_today):
    own, (line, _other) = fees
    programmes.revoke_studio(
        actor=SYSTEM,
        studio=hn.studios[0],
        revoked_on=D(YEAR, 6, 1),
        reason="不合格",
        release_reason="撤销",
    )
    (settled,) = services.settle_revoked_studio(actor=SYSTEM, studio=hn.studios[0])
    assert settled.budget == own
    spend(line, 100_000, category="online_community", payee="研修网", day=D(YEAR, 7, 1))
    pin_today(D(YEAR + 1, 1, 5))
    closed = services.close_year(
        actor=SYSTEM, programme=hn.programme, source="community_fee", year=YEAR
    )
    assert {(c.budget_id, c.outcome, c.balance_fen) for c in closed} == {
        (line.pk, YearEnd.Outcome.RETURNED, 200_000),
        (_other.pk, YearEnd.Outcome.RETURNED, 300_000),
    }
