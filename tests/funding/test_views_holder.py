"""A holder's pages: the ledger with its running balance, receipts, entering and reversing an
expense (HN-6.1, HZ-4.2.3)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from touyan.funding.models import Expense

from ..access import ALLOWED, LOGIN, NOT_FOUND, check_access
from ..files import pdf_bytes
from .helpers import YEAR, fund, funds_matrix, hainan_people, hangzhou_people, spend

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def hn(cast):
    return hainan_people(cast)


@pytest.fixture
def budget(hn):
    return fund(programme=hn.programme, studio=hn.studios[0], amount_fen=5_000_000)


def ledger_url(hn, key):
    return reverse("funding:ledger", args=[hn.programme.slug, key])


@pytest.mark.clause("HN-6.1")
def test_who_reads_a_studios_ledger(client, cast, hn, budget):
    spend(budget, 120_000)
    readers = dict.fromkeys(("superuser", "hn_centre", "hn_admin", "finance", "host"), ALLOWED)
    check_access(
        client,
        cast,
        ledger_url(hn, f"studio-{hn.studios[0].pk}"),
        funds_matrix(cast, NOT_FOUND, **readers),
    )


def test_who_enters_an_expense(client, cast, hn, budget):
    url = reverse("funding:expense_new", args=[hn.programme.slug, f"studio-{hn.studios[0].pk}"])
    writers = dict.fromkeys(("superuser", "finance"), ALLOWED)
    check_access(client, cast, url, funds_matrix(cast, NOT_FOUND, **writers))


def test_a_centre_held_budget_is_spent_by_the_centre(client, cast, hn):
    fund(programme=hn.programme, studio=hn.studios[0], source="community_fee", payee="研修网")
    url = reverse("funding:expense_new", args=[hn.programme.slug, "centre"])
    writers = dict.fromkeys(("superuser", "hn_centre"), ALLOWED)
    check_access(client, cast, url, funds_matrix(cast, NOT_FOUND, **writers))
    readers = dict.fromkeys(("superuser", "hn_centre", "hn_admin"), ALLOWED)
    check_access(client, cast, ledger_url(hn, "centre"), funds_matrix(cast, NOT_FOUND, **readers))


@pytest.mark.clause("HN-6.1")
def test_the_ledger_shows_entries_in_date_order_with_the_running_balance(client, cast, hn, budget):
    spend(budget, 200_000, day=D(YEAR, 6, 1), payee="六月酒店")
    spend(budget, 100_000, day=D(YEAR, 3, 1), payee="三月车费")
    client.force_login(cast.finance)
    response = client.get(ledger_url(hn, f"studio-{hn.studios[0].pk}"))
    text = response.content.decode()
    assert text.index("三月车费") < text.index("六月酒店")
    assert "49,000.00" in text and "47,000.00" in text
    entries = response.context["entries"]
    assert [e.balance_after for e in entries] == [4_900_000, 4_700_000]


def form_data(budget, **changes):
    data = {
        "budget": budget.pk,
        "category": "activities",
        "spent_on": "2026-05-01",
        "amount": "1,234.50",
        "payee": "海口某酒店",
        "activity": "",
    }
    data.update(changes)
    return data


@pytest.mark.clause("HN-6.1")
def test_an_expense_is_entered_with_its_receipt(client, cast, hn, budget):
    client.force_login(cast.finance)
    url = reverse("funding:expense_new", args=[hn.programme.slug, f"studio-{hn.studios[0].pk}"])
    receipt = SimpleUploadedFile("发票.pdf", pdf_bytes(), content_type="application/pdf")
    response = client.post(url, form_data(budget, receipt=receipt))
    assert response.status_code == 302
    expense = Expense.objects.get()
    assert expense.amount_fen == 123_450 and expense.receipt
    receipt_url = reverse("funding:receipt", args=[hn.programme.slug, expense.pk])
    readers = dict.fromkeys(("superuser", "hn_centre", "hn_admin", "finance", "host"), ALLOWED)
    check_access(client, cast, receipt_url, funds_matrix(cast, NOT_FOUND, **readers))


@pytest.mark.clause("HN-6.1")
def test_a_refused_expense_is_told_in_words_and_keeps_the_input(client, cast, hn, budget):
    client.force_login(cast.finance)
    url = reverse("funding:expense_new", args=[hn.programme.slug, f"studio-{hn.studios[0].pk}"])
    response = client.post(
        url, form_data(budget, category="online_community", payee="某网站", amount="3,000")
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "类别不符" in text and "研修活动费用" in text
    assert 'value="3,000"' in text and 'value="某网站"' in text
    assert not Expense.objects.exists()


def test_an_amount_in_yuan_is_read_or_refused_in_words(client, cast, hn, budget):
    client.force_login(cast.finance)
    url = reverse("funding:expense_new", args=[hn.programme.slug, f"studio-{hn.studios[0].pk}"])
    response = client.post(url, form_data(budget, amount="12.345"))
    assert "最多保留两位小数" in response.content.decode()
    response = client.post(url, form_data(budget, amount="abc"))
    assert "无法识别" in response.content.decode()
    assert not Expense.objects.exists()


def test_a_receipt_of_another_type_is_refused(client, cast, hn, budget):
    client.force_login(cast.finance)
    url = reverse("funding:expense_new", args=[hn.programme.slug, f"studio-{hn.studios[0].pk}"])
    fake = SimpleUploadedFile("发票.pdf", b"MZ not a pdf at all", content_type="application/pdf")
    response = client.post(url, form_data(budget, receipt=fake))
    assert response.status_code == 200
    assert "不是允许的文件类型" in response.content.decode()
    assert not Expense.objects.exists()


@pytest.mark.clause("HZ-4.2.3")
def test_a_warned_expense_is_saved_and_the_warning_shown(client, cast):
    hz = hangzhou_people(cast)
    budget = fund(
        programme=hz.programme, cohort=hz.cohort, source="bureau_fund", year=1, payee="中心"
    )
    client.force_login(cast.cohort_finance)
    url = reverse("funding:expense_new", args=[hz.programme.slug, f"cohort-{hz.cohort.pk}"])
    data = form_data(budget, category="meals", spent_on="2025-01-01", amount="100")
    response = client.post(url, data, follow=True)
    assert Expense.objects.get().warnings == ["year"]
    assert "不在预算年度内" in response.content.decode()


def test_the_activity_must_be_the_holders(client, cast, hn, budget):
    from touyan.records.models import Activity

    client.force_login(cast.finance)
    url = reverse("funding:expense_new", args=[hn.programme.slug, f"studio-{hn.studios[0].pk}"])
    response = client.get(url)
    assert list(response.context["form"].fields["activity"].queryset) == list(
        Activity.objects.filter(organisers__studio=hn.studios[0])
    )


def test_an_attacker_cannot_read_another_studios_ledger_or_receipt(client, cast, hn, budget):
    receipt = SimpleUploadedFile("r.pdf", pdf_bytes(), content_type="application/pdf")
    expense = spend(budget, 1000, receipt=receipt)
    client.force_login(cast.other_finance)
    for url in (
        ledger_url(hn, f"studio-{hn.studios[0].pk}"),
        reverse("funding:receipt", args=[hn.programme.slug, expense.pk]),
        reverse("funding:reverse", args=[hn.programme.slug, expense.pk]),
        reverse("funding:ledger_export", args=[hn.programme.slug, f"studio-{hn.studios[0].pk}"]),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("funding:reverse", args=[hn.programme.slug, expense.pk]),
        {"reason": "x", "confirm": "yes"},
    )
    assert response.status_code == 404
    assert Expense.objects.count() == 1


@pytest.mark.clause("HN-6.1")
def test_a_reversal_asks_a_reason_then_confirmation(client, cast, hn, budget):
    expense = spend(budget, 50_000)
    url = reverse("funding:reverse", args=[hn.programme.slug, expense.pk])
    writers = dict.fromkeys(("superuser", "finance"), ALLOWED)
    check_access(client, cast, url, funds_matrix(cast, NOT_FOUND, **writers))
    client.force_login(cast.finance)
    response = client.post(url, {"reason": ""})
    assert Expense.objects.count() == 1 and response.status_code == 200
    response = client.post(url, {"reason": "金额录错"})
    assert "确认冲销" in response.content.decode() and Expense.objects.count() == 1
    response = client.post(url, {"reason": "金额录错", "confirm": "yes"})
    assert response.status_code == 302
    reversal = Expense.objects.get(reverses=expense)
    assert reversal.amount_fen == -50_000 and response.url.endswith(f"#entry-{reversal.pk}")
    again = client.get(url).content.decode()
    assert "已冲销" in again


def test_writes_are_post_only_and_need_the_csrf_token(cast, hn, budget):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.finance)
    expense = spend(budget, 50_000)
    url = reverse("funding:reverse", args=[hn.programme.slug, expense.pk])
    assert client.post(url, {"reason": "x", "confirm": "yes"}).status_code == 403
    new = reverse("funding:expense_new", args=[hn.programme.slug, f"studio-{hn.studios[0].pk}"])
    assert client.post(new, form_data(budget)).status_code == 403
    assert Expense.objects.count() == 1


def test_anonymous_visitors_go_to_sign_in(client, hn, budget):
    response = client.get(ledger_url(hn, f"studio-{hn.studios[0].pk}"))
    assert response.status_code == 302 and LOGIN


@pytest.mark.parametrize("entries", [2, 12])
def test_the_ledger_costs_the_same_queries_for_more_entries(
    client, cast, hn, budget, entries, django_assert_max_num_queries
):
    for number in range(entries):
        spend(budget, 1000 + number)
    client.force_login(cast.finance)
    page = ledger_url(hn, f"studio-{hn.studios[0].pk}")
    client.get(page)
    # The page, its menu, the ledger (budgets, entries, reversals, year-ends, disbursements):
    # none per entry.
    with django_assert_max_num_queries(16):
        response = client.get(page)
    assert len(response.context["entries"]) == entries
