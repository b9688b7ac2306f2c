"""The programme's funding pages for its centre and its authority: the overview and dashboard,
setting a budget, disbursements and their decision, the year end (HN-6.1, HN-6.2, HZ-4.2.3)."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from touyan.funding import services
from touyan.funding.models import Budget, Disbursement, YearEnd
from touyan.programmes import services as programmes

from ..access import ALLOWED, NOT_FOUND, check_access
from ..programmes import SYSTEM, hainan
from .helpers import YEAR, fund, funds_matrix, hainan_people, spend

D = dt.date
pytestmark = pytest.mark.django_db

MANAGERS = dict.fromkeys(("superuser", "hn_centre", "hn_admin"), ALLOWED)
CENTRE = dict.fromkeys(("superuser", "hn_centre"), ALLOWED)
AUTHORITY = dict.fromkeys(("superuser", "hn_admin"), ALLOWED)


@pytest.fixture
def hn(cast):
    return hainan_people(cast)


def url(name, hn, *args):
    return reverse(f"funding:{name}", args=[hn.programme.slug, *args])


@pytest.mark.clause("HN-6.1")
@pytest.mark.parametrize(
    ("name", "args", "allowed"),
    [
        ("overview", (), MANAGERS),
        ("balances_export", (), MANAGERS),
        ("disbursements", (), MANAGERS),
        ("budget_new", (), CENTRE),
        ("year_end", (), CENTRE),
        ("year_end_confirm", ("studio_fund", YEAR), CENTRE),
    ],
)
def test_who_opens_the_programmes_pages(client, cast, hn, name, args, allowed):
    fund(programme=hn.programme, studio=hn.studios[0])
    check_access(client, cast, url(name, hn, *args), funds_matrix(cast, NOT_FOUND, **allowed))


def test_who_requests_and_decides_a_disbursement(client, cast, hn):
    budget = fund(programme=hn.programme, studio=hn.studios[0], paid_fen=0)
    check_access(
        client,
        cast,
        url("disbursement_new", hn, budget.pk),
        funds_matrix(cast, NOT_FOUND, **CENTRE),
    )
    asked = services.request_disbursement(
        actor=SYSTEM, budget=budget, amount_fen=100, paid_on=D(YEAR, 2, 1)
    )
    check_access(
        client, cast, url("decide", hn, asked.pk), funds_matrix(cast, NOT_FOUND, **AUTHORITY)
    )


def test_the_funds_index_and_a_programme_without_funds(client, cast, hn):
    fund(programme=hn.programme, studio=hn.studios[0])
    check_access(
        client,
        cast,
        reverse("funding:index"),
        funds_matrix(
            cast,
            NOT_FOUND,
            **dict.fromkeys(
                ("superuser", "hn_centre", "hn_admin", "hz_admin", "hz_centre", "finance", "host"),
                ALLOWED,
            ),
            other_finance=ALLOWED,
        ),
    )
    client.force_login(cast.superuser)
    assert client.get(reverse("funding:overview", args=["no-such"])).status_code == 404


@pytest.mark.clause("HN-6.1")
def test_the_centre_sets_a_budget_in_yuan(client, cast, hn):
    client.force_login(cast.hn_centre)
    data = {
        "source": "studio_fund",
        "year": YEAR,
        "holder": f"studio:{hn.studios[0].pk}",
        "category": "",
        "amount": "12,345.67",
        "payee": "海南测试中学",
    }
    response = client.post(url("budget_new", hn), data)
    assert response.status_code == 302
    assert Budget.objects.get().amount_fen == 1_234_567
    response = client.post(url("budget_new", hn), {**data, "holder": "", "amount": "1.234"})
    assert "最多保留两位小数" in response.content.decode()
    response = client.post(url("budget_new", hn), {**data, "holder": ""})
    assert "由工作室持有" in response.content.decode()
    assert Budget.objects.count() == 1


@pytest.mark.clause("HN-6.2")
def test_the_community_fee_is_a_line_of_its_own_per_studio(client, cast, hn):
    """A line per studio and year, held by the centre; without a studio it is refused in
    words, with what was typed kept."""
    client.force_login(cast.hn_centre)
    data = {
        "source": "community_fee",
        "year": YEAR,
        "holder": "",
        "category": "online_community",
        "amount": "3000",
        "payee": "研修网",
    }
    refused = client.post(url("budget_new", hn), data).content.decode()
    assert "由培训中心按工作室分列" in refused and "研修网" in refused
    for studio in hn.studios:
        data["holder"] = f"studio:{studio.pk}"
        assert client.post(url("budget_new", hn), data).status_code == 302
    budgets = Budget.objects.order_by("studio__name")
    assert [b.studio for b in budgets] == list(hn.studios)
    assert {b.held_by for b in budgets} == {Budget.Holder.CENTRE}
    page = client.get(url("overview", hn)).content.decode()
    assert "网络研修社区建设费" in page and "3,000.00" in page
    assert f"培训中心（为{hn.studios[0].name}）" in page


@pytest.mark.clause("HN-6.1")
def test_a_disbursement_is_requested_then_decided_once(client, cast, hn):
    budget = fund(programme=hn.programme, studio=hn.studios[0], paid_fen=0)
    client.force_login(cast.hn_centre)
    response = client.post(
        url("disbursement_new", hn, budget.pk),
        {"amount": "5,000", "paid_on": "2026-02-01", "payee": "海南测试中学", "voucher_no": "V-9"},
    )
    assert response.status_code == 302
    asked = Disbursement.objects.get()
    assert (asked.amount_fen, asked.voucher_no) == (500_000, "V-9")
    client.force_login(cast.hn_admin)
    waiting = client.get(url("disbursements", hn)).content.decode()
    assert "V-9" in waiting
    response = client.post(url("decide", hn, asked.pk), {"decision": "refuse", "note": ""})
    assert "不批准须写明理由" in response.content.decode()
    response = client.post(url("decide", hn, asked.pk), {"decision": "approve", "note": ""})
    assert response.status_code == 302
    assert Disbursement.objects.get().status == "approved"
    other = Client()
    other.force_login(cast.superuser)
    again = other.post(
        url("decide", hn, asked.pk), {"decision": "refuse", "note": "迟"}, follow=True
    )
    text = again.content.decode()
    assert "已由" in text and "处理" in text
    assert Disbursement.objects.get().status == "approved"


def test_decisions_are_post_only_with_csrf(cast, hn):
    budget = fund(programme=hn.programme, studio=hn.studios[0], paid_fen=0)
    asked = services.request_disbursement(
        actor=SYSTEM, budget=budget, amount_fen=100, paid_on=D(YEAR, 2, 1)
    )
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.hn_admin)
    assert client.post(url("decide", hn, asked.pk), {"decision": "approve"}).status_code == 403
    client.get(url("decide", hn, asked.pk))
    assert Disbursement.objects.get().status == "requested"


@pytest.mark.clause("HN-6.1")
def test_the_year_end_shows_what_will_happen_then_closes_once(client, cast, hn, pin_today):
    budget = fund(programme=hn.programme, studio=hn.studios[0], amount_fen=1_000_000)
    spend(budget, 400_000)
    pin_today(D(YEAR + 1, 1, 10))
    client.force_login(cast.hn_centre)
    confirm = url("year_end_confirm", hn, "studio_fund", YEAR)
    page = client.get(confirm).content.decode()
    assert "结转下年度" in page and "6,000.00" in page
    assert not YearEnd.objects.exists()
    client.post(confirm)
    assert YearEnd.objects.get().outcome == "carried"
    response = client.post(confirm, follow=True)
    assert "没有待结算的预算" in response.content.decode()
    assert YearEnd.objects.count() == 1
    items = client.get(url("year_end", hn)).context["ended"]
    assert items == []


def test_the_year_cannot_close_before_it_ends(client, cast, hn, pin_today):
    fund(programme=hn.programme, studio=hn.studios[0])
    pin_today(D(YEAR, 6, 1))
    client.force_login(cast.hn_centre)
    confirm = url("year_end_confirm", hn, "studio_fund", YEAR)
    assert "才结束" in client.get(confirm).content.decode()
    response = client.post(confirm, follow=True)
    assert "才结束" in response.content.decode()
    assert not YearEnd.objects.exists()


@pytest.mark.clause("HN-6.1")
def test_the_dashboard_flags_spent_warned_and_revoked_studios(client, cast, hn, pin_today):
    first, second = hn.studios
    nearly = fund(programme=hn.programme, studio=first, amount_fen=1_000_000)
    spend(nearly, 950_000)
    fund(programme=hn.programme, studio=second, amount_fen=2_000_000)
    programmes.revoke_studio(
        actor=SYSTEM, studio=second, revoked_on=D(YEAR, 7, 1), reason="考核", release_reason="撤销"
    )
    services.settle_revoked_studio(actor=SYSTEM, studio=second)
    client.force_login(cast.hn_admin)
    context = client.get(url("overview", hn)).context
    assert [b.studio_id for b in context["nearly_spent"]] == [first.pk]
    (settled,) = context["settlements"]
    assert (settled.outcome, settled.balance_fen) == ("returned", 2_000_000)
    (total,) = context["totals"]
    assert total["amount_fen_total"] == 3_000_000 and total["net_total"] == 950_000
    filtered = client.get(url("overview", hn) + "?source=community_fee").context
    assert filtered["rows"] == [] and filtered["totals"] == []


def _studios(count):
    return hainan(studios=count, members=0, start=D(2025, 9, 1))


@pytest.mark.parametrize("size", [2, 8])
def test_the_overview_costs_the_same_queries_for_more_studios(
    client, cast, size, django_assert_max_num_queries
):
    programme = _studios(size)
    for studio in programme.studios:
        budget = fund(programme=programme.programme, studio=studio, amount_fen=1_000_000)
        spend(budget, 950_000)
    client.force_login(cast.superuser)
    page = reverse("funding:overview", args=[programme.programme.slug])
    client.get(page)
    with django_assert_max_num_queries(QUERIES):
        response = client.get(page)
    assert len(response.context["rows"]) == size


QUERIES = 14  # the page, its menu and the dashboard: none per studio
