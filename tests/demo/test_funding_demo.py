"""The demo's funds: the Hainan studios' two budget years and the centre's community fee line
for each studio, paid
with vouchers and spent on the studios' activities, balances that add up to the fen, a
reversal, the first year's close, the revoked studio's settlement; Hangzhou's cohort 1 budget
by source and category; and what the two finance contacts may read."""

import hashlib
import random
from pathlib import Path

import pytest
from django.db import transaction
from django.db.models import Q, Sum
from django.test import override_settings
from django.utils import timezone

from touyan.accounts.models import User
from touyan.core.actors import Actor
from touyan.demo.accounts import DEMO_ACCOUNTS
from touyan.demo.build import SEED, build_demo
from touyan.demo.funding_hainan import build_hainan_funding
from touyan.demo.funding_hangzhou import build_hangzhou_funding
from touyan.demo.funding_kit import fen, story
from touyan.demo.hainan import HOST_SCHOOL
from touyan.funding import selectors
from touyan.funding.balances import with_figures
from touyan.funding.models import Budget, Disbursement, Expense, YearEnd
from touyan.programmes.models import Programme, Studio
from touyan.programmes.policy import spec_of
from touyan.records.models import Organiser

from .funds import delete_funds

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
README = Path(__file__).resolve().parents[2] / "README.md"
pytestmark = pytest.mark.clause("HN-6.1", "HN-6.2", "HZ-4.2.3")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo built once for this module, as of today, and rolled back after it."""
    today = timezone.localdate()
    with (
        django_db_blocker.unblock(),
        override_settings(
            PASSWORD_HASHERS=FAST_HASHER, MEDIA_ROOT=tmp_path_factory.mktemp("media")
        ),
        transaction.atomic(),
    ):
        summary = build_demo(today=today)
        yield today, summary
        transaction.set_rollback(True)


@pytest.fixture
def built(demo, db):
    return demo


def hainan() -> Programme:
    return Programme.objects.get(slug__startswith="hainan-studios-", status="running")


def hangzhou() -> Programme:
    return Programme.objects.get(slug__startswith="hangzhou-training-")


def studio_of(school: str) -> Studio:
    return Studio.objects.get(programme=hainan(), base_school__name=school)


def figures(**filters) -> list[Budget]:
    return list(with_figures(Budget.objects.filter(**filters)).order_by("year", "pk"))


def approved(budgets) -> int:
    total = Disbursement.objects.filter(
        budget__in=budgets, status=Disbursement.Status.APPROVED
    ).aggregate(total=Sum("amount_fen"))["total"]
    return total or 0


def net_spent(budgets) -> int:
    return Expense.objects.filter(budget__in=budgets).aggregate(total=Sum("amount_fen"))["total"]


# Hainan -------------------------------------------------------------------------------------


def test_every_studio_has_two_budget_years_paid_to_its_host_school(built):
    programme = hainan()
    first = programme.starts_on.year
    data = {entry["school"]: entry["amounts"] for entry in story()["hainan"]["studios"]}
    studios = programme.studios.select_related("base_school")
    assert len(data) == studios.count() == 16
    for studio in studios:
        budgets = Budget.objects.filter(studio=studio, source="studio_fund").order_by("year")
        assert [b.year for b in budgets] == [first, first + 1]
        assert [b.amount_fen for b in budgets] == [fen(a) for a in data[studio.base_school.name]]
        assert all(5_000_000 <= b.amount_fen <= 8_000_000 for b in budgets)
        assert {b.payee for b in budgets} == {studio.base_school.name}
    # HN-6.2: a line for each studio and year, held and spent by the centre, paid by it to the
    # site's operator.
    operator = story()["hainan"]["community_operator"]
    for studio in studios:
        fees = Budget.objects.filter(studio=studio, source="community_fee").order_by("year")
        assert [b.year for b in fees] == [first, first + 1]
        assert {(b.held_by, b.payee) for b in fees} == {(Budget.Holder.CENTRE, operator)}
    line = Budget.objects.filter(programme=programme, source="community_fee")
    assert line.count() == 2 * 16 and not line.filter(studio=None).exists()
    paid = Expense.objects.filter(budget__in=line)
    assert paid.exists()
    assert set(paid.values_list("payee", flat=True)) == {operator}
    assert set(paid.values_list("category", flat=True)) == {"online_community"}
    assert set(paid.values_list("entered_by__username", flat=True)) == {"hn-centre"}


def test_disbursements_are_approved_by_the_bureau_with_voucher_numbers(built):
    today, _summary = built
    payments = Disbursement.objects.filter(budget__programme=hainan())
    vouchers = list(payments.values_list("voucher_no", flat=True))
    assert all(v.startswith("琼教财拨〔") for v in vouchers)
    assert len(set(vouchers)) == len(vouchers)
    for payment in payments:
        if payment.status == Disbursement.Status.APPROVED:
            assert payment.decider_name == "海南省教育厅"
            assert payment.paid_on < today
        else:  # September's instalment, while September 15 is still to come
            assert payment.status == Disbursement.Status.REQUESTED
            assert payment.paid_on >= today


def test_expenses_are_for_the_studios_own_activities_and_within_their_years(built):
    today, _summary = built
    expenses = Expense.objects.filter(budget__programme=hainan(), budget__held_by="studio")
    assert expenses.count() > 100
    assert set(expenses.values_list("category", flat=True)) == {"activities"}
    assert not expenses.exclude(warnings=[]).exists()  # the Hainan policy refuses, never warns
    linked = expenses.filter(activity__isnull=False).select_related("activity", "budget")
    assert linked.count() > expenses.count() / 2
    for expense in linked:
        assert Organiser.objects.filter(
            activity=expense.activity, studio_id=expense.budget.studio_id
        ).exists()
        assert expense.activity.date <= expense.spent_on
    for expense in expenses.select_related("budget"):
        assert expense.budget.starts_on <= expense.spent_on <= expense.budget.ends_on
        assert expense.spent_on < today


def test_balances_add_up_to_the_fen(built):
    """For every holder, what was paid to it less what it spent (net of reversals) and what
    was returned is what its open budgets hold; no budget is overspent; the selectors agree."""
    for programme in (hainan(), hangzhou()):
        holders = [Q(studio=s, held_by="studio") for s in programme.studios.all()]
        holders += [Q(studio=s, held_by="centre") for s in programme.studios.all()]
        holders += [Q(cohort=c) for c in programme.cohorts.all()]
        holders.append(Q(programme=programme, studio=None, cohort=None))
        for holder in holders:
            budgets = Budget.objects.filter(holder)
            if not budgets.exists():
                continue
            rows = list(with_figures(budgets))
            returned = sum(b.returned_fen for b in rows)
            open_balance = sum(b.balance_fen for b in rows)  # a closed one's is 0
            closed = YearEnd.objects.filter(budget__in=budgets)
            assert returned == sum(
                closed.filter(outcome=YearEnd.Outcome.RETURNED).values_list(
                    "balance_fen", flat=True
                )
            )
            assert approved(budgets) - net_spent(budgets) - returned == open_balance
            for row in rows:
                assert row.balance_fen >= 0
                assert row.spent_fen - row.reversed_fen <= row.disbursed_fen + row.carried_in_fen
    root = User.objects.create(username="funds-root", is_superuser=True)
    year = hainan().starts_on.year
    report = selectors.national_report(root, year=year)
    in_year = list(with_figures(Budget.objects.filter(starts_on__year=year)))
    assert sum(r["balance_fen_total"] for r in report) == sum(b.balance_fen for b in in_year)
    assert sum(r["spent_fen_total"] for r in report) == sum(b.spent_fen for b in in_year)


def test_the_ledger_of_the_host_studio_ends_at_its_balance(built):
    finance = User.objects.get(username="hn-finance")
    studio = studio_of(HOST_SCHOOL[1])
    ledger = selectors.ledger(finance, studio=studio)
    assert len(ledger.budgets) == 2
    last = {}
    for entry in ledger.entries:
        last[entry.budget_id] = ledger.balance_after(entry)
    for budget in ledger.budgets:
        assert last[budget.pk] - budget.carried_out_fen - budget.returned_fen == budget.balance_fen


def test_a_mistyped_receipt_is_reversed_with_its_reason_and_entered_again(built):
    moments = story()["hainan"]["moments"]
    studio = studio_of(HOST_SCHOOL[1])
    reversal = Expense.objects.get(budget__programme=hainan(), reverses__isnull=False)
    original = reversal.reverses
    assert original.budget.studio == studio
    assert original.amount_fen == fen(moments["mistyped"]) == -reversal.amount_fen
    assert reversal.reason == moments["reversal_reason"]
    assert (reversal.spent_on, reversal.category) == (original.spent_on, original.category)
    again = Expense.objects.get(
        budget=original.budget, spent_on=original.spent_on, amount_fen=fen(moments["receipt"])
    )
    assert again.reverses is None and again.pk > reversal.pk
    assert {original.enterer_name, reversal.enterer_name, again.enterer_name} == {"海南中学财务室"}


def test_the_off_category_attempt_is_refused_and_only_told(built):
    _today, summary = built
    assert not Expense.objects.filter(
        budget__source="studio_fund", category="online_community"
    ).exists()
    refused = [line for line in summary.hainan_funding.told if "拒绝录入" in line]
    assert len(refused) == 1
    assert "类别不符" in refused[0] and "海南中学" in refused[0]


def test_the_first_year_is_closed_and_its_balances_carried(built):
    programme = hainan()
    first = programme.starts_on.year
    revoked = studio_of("乐东中学")
    closed = figures(programme=programme, source="studio_fund", year=first)
    assert len(closed) == 16
    for budget in closed:
        year_end = budget.year_end
        if budget.studio_id == revoked.pk:  # the policy returns a revoked studio's balance
            assert year_end.outcome == YearEnd.Outcome.RETURNED
            continue
        assert year_end.outcome == YearEnd.Outcome.CARRIED
        assert year_end.balance_fen > 0 and budget.balance_fen == 0
        following = with_figures(Budget.objects.filter(carried_from=year_end)).get()
        assert (following.studio_id, following.year) == (budget.studio_id, first + 1)
        assert following.carried_in_fen == year_end.balance_fen
    fees = figures(programme=programme, source="community_fee", year=first)
    assert len(fees) == 16
    for fee in fees:  # year_end = "return", the revoked studio's too
        assert fee.year_end.outcome == YearEnd.Outcome.RETURNED
    still_open = Budget.objects.filter(programme=programme, year=first + 1, year_end=None)
    assert still_open.filter(held_by="studio").count() == 15
    # The revoked studio's fee line of the second year stays the centre's until the year ends.
    assert still_open.filter(held_by="centre").count() == 16
    assert not still_open.filter(studio=revoked, held_by="studio").exists()


def test_the_revoked_studio_has_its_balance_returned(built):
    _today, summary = built
    studio = studio_of("乐东中学")
    assert studio.revoked_on is not None
    budgets = Budget.objects.filter(studio=studio, held_by="studio")
    assert budgets.count() == 2
    assert not budgets.filter(year_end=None).exists()
    assert set(budgets.values_list("year_end__outcome", flat=True)) == {"returned"}
    assert not Expense.objects.filter(budget__in=budgets, spent_on__gt=studio.revoked_on).exists()
    returned = sum(YearEnd.objects.filter(budget__in=budgets).values_list("balance_fen", flat=True))
    assert returned > 0
    assert returned == approved(budgets) - net_spent(budgets)
    # No September instalment for a studio revoked in August.
    second = budgets.get(year=studio.programme.starts_on.year + 1)
    assert second.disbursements.count() == 1
    assert any("乐东中学" in line and "收回" in line for line in summary.hainan_funding.told)


# Hangzhou -----------------------------------------------------------------------------------


def test_hangzhou_cohort_one_is_budgeted_by_source_and_the_eight_categories(built):
    programme = hangzhou()
    cohort = programme.cohorts.get(number=1)
    funding = spec_of(programme).funding
    eight = set(funding.source("bureau_fund").categories)
    assert len(eight) == 8
    budgets = Budget.objects.filter(programme=programme)
    assert set(budgets.values_list("cohort", flat=True)) == {cohort.pk}
    for year in (1, 2):
        bureau = budgets.filter(source="bureau_fund", year=year)
        assert set(bureau.values_list("category", flat=True)) == eight
    schools = set(budgets.filter(source="school_fund").values_list("category", flat=True))
    assert schools == set(story()["hangzhou"]["budgets"]["school_fund"])
    assert schools < eight
    for row in figures(programme=programme):
        assert row.disbursed_fen == row.amount_fen  # paid in full, approved by the bureau
        assert row.payee == "杭州市中小学干部培训中心"


def test_hangzhou_expenses_are_entered_by_the_finance_contact_one_with_a_warning(built):
    _today, summary = built
    programme = hangzhou()
    cohort = programme.cohorts.get(number=1)
    expenses = Expense.objects.filter(budget__programme=programme).select_related("budget")
    assert expenses.count() == len(story()["hangzhou"]["expenses"])
    finance = User.objects.get(username="hz-finance")
    assert set(expenses.values_list("entered_by", flat=True)) == {finance.pk}
    for expense in expenses:
        assert expense.category == expense.budget.category
        assert Organiser.objects.filter(activity=expense.activity_id, cohort=cohort).exists()
    (late,) = [e for e in expenses if e.warnings]
    assert late.warnings == ["year"]
    assert late.spent_on > late.budget.ends_on and late.budget.year == 1
    assert summary.hangzhou_funding.warned == 1


# Accounts -----------------------------------------------------------------------------------


def test_the_finance_contacts_read_their_own_holder_only(built):
    hn, hz = User.objects.get(username="hn-finance"), User.objects.get(username="hz-finance")
    own, other = studio_of(HOST_SCHOOL[1]), studio_of("澄迈中学")
    assert hn.has_perm("funding.enter_expense", own)
    assert hn.has_perm("funding.view_ledger", own)
    assert not hn.has_perm("funding.view_ledger", other)
    assert not selectors.ledger(hn, studio=other).budgets
    assert len(selectors.budgets_visible_to(hn, hainan())) == 2
    first, second = hangzhou().cohorts.order_by("number")[:2]
    assert hz.has_perm("funding.view_ledger", first)
    assert not hz.has_perm("funding.view_ledger", second)
    assert selectors.ledger(hz, cohort=first).entries.exists()
    # The host reads the studio's ledger too, read only, with the centre's fee lines for it;
    # the finance contact's ledger has no fee line to spend.
    host = User.objects.get(username="host")
    assert selectors.ledger(host, studio=own).entries.exists()
    assert not host.has_perm("funding.enter_expense", own)
    fees = selectors.ledger(host, studio=own).centre_lines
    assert [b.source for b in fees] == ["community_fee", "community_fee"]
    assert not selectors.ledger(hn, studio=own).centre_lines
    assert not hn.has_perm("funding.enter_expense", fees[0])


def test_the_readme_lists_both_finance_accounts(built):
    readme = README.read_text("utf-8")
    names = {account.username for account in DEMO_ACCOUNTS}
    for username in ("hn-finance", "hz-finance"):
        assert username in names
        assert f"| `{username}` |" in readme
    assert readme.splitlines()[3:5] == ["make demo", "make test"]


# Determinism --------------------------------------------------------------------------------


def fingerprint() -> str:
    """The funds in words, dates and amounts, whatever their primary keys."""
    digest = hashlib.sha256()
    for model, fields in (
        (
            Budget,
            ("studio__name", "cohort__number", "source", "year", "category", "amount_fen"),
        ),
        (
            Disbursement,
            ("budget__studio__name", "budget__source", "voucher_no", "amount_fen", "paid_on"),
        ),
        (
            Expense,
            (
                "budget__studio__name",
                "budget__cohort__number",
                "spent_on",
                "amount_fen",
                "payee",
                "activity__title",
                "warnings",
                "reason",
            ),
        ),
        (YearEnd, ("budget__studio__name", "budget__source", "outcome", "balance_fen")),
    ):
        for row in sorted(repr(row) for row in model.objects.values_list(*fields)):
            digest.update(row.encode())
    return digest.hexdigest()


def test_the_same_seed_tells_the_same_funds(built):
    today, _summary = built
    before = fingerprint()
    with transaction.atomic():
        delete_funds(Programme.objects.all())
        assert not Budget.objects.exists()
        actor = Actor.command_line()
        build_hainan_funding(actor=actor, rng=random.Random(f"{SEED}-hainan-funding"), today=today)
        build_hangzhou_funding(
            actor=actor, rng=random.Random(f"{SEED}-hangzhou-funding"), today=today
        )
        assert fingerprint() == before
        transaction.set_rollback(True)
    # A second run of the demo leaves the funds as they are.
    assert not build_hainan_funding(
        actor=Actor.command_line(), rng=random.Random(0), today=today
    ).created
