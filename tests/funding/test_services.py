"""The funding services on real programmes: budgets, disbursements, expenses with each check
refused or warned, reversal once, the year's close and a revoked studio's settlement."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from touyan.audit.models import AuditEntry
from touyan.funding import services
from touyan.funding.balances import spendable
from touyan.funding.models import Budget, Disbursement, Expense, ImmutableRow, YearEnd
from touyan.notifications.models import Notification
from touyan.programmes import services as programmes
from touyan.records import services as records

from ..files import pdf_bytes
from ..programmes import SYSTEM, hainan, hangzhou
from .helpers import YEAR, fund, spend

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def hn():
    return hainan(studios=2, members=1)


@pytest.fixture
def hz():
    return hangzhou(trainees=1)


def refused(words, call, *args, **kwargs):
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    text = " ".join(caught.value.messages)
    assert words in text, text
    return text


# Budgets ------------------------------------------------------------------------------------


@pytest.mark.clause("HN-6.1")
def test_a_budget_is_set_then_changed_and_audited(hn):
    studio = hn.studios[0]
    budget = services.set_budget(
        actor=SYSTEM,
        programme=hn.programme,
        source="studio_fund",
        year=YEAR,
        studio=studio,
        amount_fen=5_000_000,
        payee="海南测试中学",
    )
    assert (budget.starts_on, budget.ends_on) == (D(2026, 1, 1), D(2026, 12, 31))
    again = services.set_budget(
        actor=SYSTEM,
        programme=hn.programme,
        source="studio_fund",
        year=YEAR,
        studio=studio,
        amount_fen=6_000_000,
        payee="海南测试中学",
    )
    assert again.pk == budget.pk and again.amount_fen == 6_000_000
    entries = AuditEntry.objects.filter(target_type__model="budget", target_id=str(budget.pk))
    assert list(entries.order_by("pk").values_list("verb", flat=True)) == ["create", "update"]


def test_a_budget_is_not_lowered_below_what_was_paid_or_spent(hn):
    budget = fund(programme=hn.programme, studio=hn.studios[0], amount_fen=1_000_000)
    spend(budget, 300_000)
    text = refused(
        "预算不能低于已拨付",
        services.set_budget,
        actor=SYSTEM,
        programme=hn.programme,
        source="studio_fund",
        year=YEAR,
        studio=hn.studios[0],
        amount_fen=500_000,
        payee="x",
    )
    assert "10,000.00" in text and "3,000.00" in text


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"source": "studio_fund", "year": YEAR}, "请选择一个工作室"),
        ({"source": "community_fee", "year": YEAR}, "由培训中心按工作室分列"),
        ({"source": "nothing", "year": YEAR}, "没有经费来源"),
        ({"source": "studio_fund", "year": 3, "studio": 0}, "按自然年计"),
        ({"source": "studio_fund", "year": YEAR, "studio": 0, "category": "meals"}, "不在经费来源"),
    ],
)
def test_a_budget_must_fit_the_policy(hn, options, words):
    if "studio" in options:
        options["studio"] = hn.studios[options["studio"]]
    refused(
        words,
        services.set_budget,
        actor=SYSTEM,
        programme=hn.programme,
        amount_fen=100,
        payee="x",
        **options,
    )


@pytest.mark.clause("HZ-4.2.3")
def test_a_programme_year_runs_from_the_programme_start(hz):
    budget = fund(
        programme=hz.programme, cohort=hz.cohort, source="bureau_fund", year=2, payee="培训中心"
    )
    assert (budget.starts_on, budget.ends_on) == (D(2027, 3, 1), D(2028, 2, 29))
    refused(
        "应为 1—2",
        services.set_budget,
        actor=SYSTEM,
        programme=hz.programme,
        source="bureau_fund",
        year=3,
        cohort=hz.cohort,
        amount_fen=1,
        payee="x",
    )


# Disbursements ------------------------------------------------------------------------------


def test_only_an_approved_disbursement_is_spendable(hn, cast):
    budget = fund(programme=hn.programme, studio=hn.studios[0], amount_fen=1_000_000, paid_fen=0)
    first = services.request_disbursement(
        actor=SYSTEM, budget=budget, amount_fen=600_000, paid_on=D(2026, 2, 1)
    )
    assert spendable(budget) == 0
    assert Notification.objects.filter(user=cast.hn_admin).exists()
    services.decide_disbursement(actor=SYSTEM, disbursement=first, approve=True)
    assert spendable(budget) == 600_000
    second = services.request_disbursement(
        actor=SYSTEM, budget=budget, amount_fen=400_000, paid_on=D(2026, 6, 1)
    )
    refused(
        "不批准须写明理由",
        services.decide_disbursement,
        actor=SYSTEM,
        disbursement=second,
        approve=False,
    )
    services.decide_disbursement(actor=SYSTEM, disbursement=second, approve=False, note="凭证不全")
    assert Disbursement.objects.get(pk=second.pk).status == Disbursement.Status.REFUSED
    assert spendable(budget) == 600_000
    refused(
        "已是“已批准”", services.decide_disbursement, actor=SYSTEM, disbursement=first, approve=True
    )


def test_a_disbursement_beyond_the_budget_is_refused(hn):
    budget = fund(programme=hn.programme, studio=hn.studios[0], amount_fen=1_000_000, paid_fen=0)
    services.request_disbursement(
        actor=SYSTEM, budget=budget, amount_fen=800_000, paid_on=D(2026, 2, 1)
    )
    text = refused(
        "超出预算",
        services.request_disbursement,
        actor=SYSTEM,
        budget=budget,
        amount_fen=300_000,
        paid_on=D(2026, 2, 1),
    )
    assert "8,000.00" in text and "3,000.00" in text


# Expenses -----------------------------------------------------------------------------------


@pytest.mark.clause("HN-6.1")
def test_an_expense_within_the_earmark_is_entered_with_its_receipt(hn):
    from django.core.files.uploadedfile import SimpleUploadedFile

    budget = fund(programme=hn.programme, studio=hn.studios[0])
    receipt = SimpleUploadedFile("发票.pdf", pdf_bytes(), content_type="application/pdf")
    expense = spend(budget, 123_456, receipt=receipt)
    assert expense.warnings == [] and expense.receipt.name.endswith(".pdf")
    assert spendable(budget) == 1_000_000 - 123_456
    with pytest.raises(ImmutableRow):
        expense.save()


def test_a_receipt_that_is_not_a_pdf_or_photo_is_refused(hn):
    from django.core.files.uploadedfile import SimpleUploadedFile

    budget = fund(programme=hn.programme, studio=hn.studios[0])
    refused(
        "不是允许的文件类型",
        spend,
        budget,
        100,
        receipt=SimpleUploadedFile("a.pdf", b"MZ not a pdf"),
    )
    assert not Expense.objects.exists()


@pytest.mark.clause("HN-6.1")
def test_hainan_refuses_each_failed_check_with_the_figures(hn):
    budget = fund(programme=hn.programme, studio=hn.studios[0], amount_fen=123_456)
    text = refused("超出余额：本预算可用余额 1,234.56 元，本笔 2,000.00 元", spend, budget, 200_000)
    refused("类别不符", spend, budget, 100, category="online_community")
    refused("不在预算年度内", spend, budget, 100, day=D(2027, 1, 2))
    refused("请填写收款方", spend, budget, 100, payee=" ")
    refused("应大于零", spend, budget, -5)
    assert "超出余额" in text and not Expense.objects.exists()


@pytest.mark.clause("HZ-4.2.3")
def test_hangzhou_warns_about_the_year_and_refuses_the_rest(hz):
    budget = fund(
        programme=hz.programme, cohort=hz.cohort, source="bureau_fund", year=1, payee="培训中心"
    )
    expense = spend(budget, 1000, category="meals", day=D(2027, 3, 5))
    assert expense.warnings == ["year"]
    refused("类别不符", spend, budget, 1000, category="activities")
    refused("超出余额", spend, budget, 10**8, category="meals")


def test_a_budget_of_one_category_takes_only_that_category(hz):
    budget = fund(
        programme=hz.programme,
        cohort=hz.cohort,
        source="bureau_fund",
        year=1,
        category="meals",
        payee="培训中心",
    )
    refused("本预算只能用于“伙食费”", spend, budget, 100, category="lodging", day=D(2026, 5, 1))


def test_a_warned_balance_is_recorded_when_the_policy_says_warn(hn, settings):
    from touyan.policies.services import publish_policy

    from ..policies.helpers import HAINAN, edit

    text = edit(HAINAN, 'balance = "refuse"', 'balance = "warn"')
    text = edit(text, 'slug = "hainan-studios"', 'slug = "hainan-warn"')
    version = publish_policy(actor=SYSTEM, text=text)
    programme = programmes.create_programme(
        actor=SYSTEM, slug="hn-warn", name="警告", policy_version=version, starts_on=D(2025, 9, 1)
    )
    studio = programmes.create_studio(actor=SYSTEM, programme=programme, host=hn.studios[0].host)
    budget = fund(programme=programme, studio=studio, amount_fen=100)
    expense = spend(budget, 500)
    assert expense.warnings == ["balance"] and spendable(budget) == -400


def test_an_activity_of_another_studio_or_programme_is_refused(hn, hz):
    budget = fund(programme=hn.programme, studio=hn.studios[0])
    other = records.create_activity(
        actor=SYSTEM,
        programme=hn.programme,
        studios=[hn.studios[1]],
        activity_type="seminar",
        title="别的工作室的研讨",
        date=D(2026, 4, 1),
    )
    refused("不是", spend, budget, 100, activity=other)
    elsewhere = records.create_activity(
        actor=SYSTEM,
        programme=hz.programme,
        cohort=hz.cohort,
        activity_type="course",
        title="杭州的课",
        date=D(2026, 4, 1),
    )
    refused("不属于本项目", spend, budget, 100, activity=elsewhere)
    own = records.create_activity(
        actor=SYSTEM,
        programme=hn.programme,
        studios=[hn.studios[0]],
        activity_type="seminar",
        title="本工作室的研讨",
        date=D(2026, 4, 1),
    )
    assert spend(budget, 100, activity=own).activity_id == own.pk


def test_an_activity_an_expense_was_paid_for_is_not_deleted(hn):
    """The money trail holds: the activity stays, with a reason, and nothing is written."""
    budget = fund(programme=hn.programme, studio=hn.studios[0])
    paid_for = records.create_activity(
        actor=SYSTEM,
        programme=hn.programme,
        studios=[hn.studios[0]],
        activity_type="seminar",
        title="付过场地费的研讨",
        date=D(2026, 4, 1),
    )
    spend(budget, 100, activity=paid_for)
    entries = AuditEntry.objects.count()
    refused("支出", records.delete_activity, actor=SYSTEM, activity=paid_for)
    assert records.Activity.objects.filter(pk=paid_for.pk).exists()
    assert AuditEntry.objects.count() == entries


# Reversal -----------------------------------------------------------------------------------


def test_an_expense_is_reversed_once(hn):
    budget = fund(programme=hn.programme, studio=hn.studios[0])
    expense = spend(budget, 50_000)
    refused("请写明冲销原因", services.reverse_expense, actor=SYSTEM, expense=expense, reason=" ")
    reversal = services.reverse_expense(actor=SYSTEM, expense=expense, reason="金额录错")
    assert (reversal.amount_fen, reversal.reverses_id) == (-50_000, expense.pk)
    assert spendable(budget) == 1_000_000
    refused("已冲销", services.reverse_expense, actor=SYSTEM, expense=expense, reason="再来一次")
    refused("冲销记录", services.reverse_expense, actor=SYSTEM, expense=reversal, reason="x")


# Year end and revocation --------------------------------------------------------------------


@pytest.mark.clause("HN-6.1")
def test_the_year_closes_carrying_the_balance_into_next_year(hn, pin_today):
    budget = fund(programme=hn.programme, studio=hn.studios[0])
    spend(budget, 250_000)
    refused(
        "结束后才能结算",
        services.close_year,
        actor=SYSTEM,
        programme=hn.programme,
        source="studio_fund",
        year=YEAR,
    )
    pin_today(D(2027, 1, 5))
    (closed,) = services.close_year(
        actor=SYSTEM, programme=hn.programme, source="studio_fund", year=YEAR
    )
    assert (closed.outcome, closed.balance_fen) == (YearEnd.Outcome.CARRIED, 750_000)
    following = Budget.objects.get(studio=hn.studios[0], year=YEAR + 1)
    assert following.carried_from == closed and following.amount_fen == 0
    assert spendable(budget) == 0 and spendable(following) == 750_000
    assert (
        services.close_year(actor=SYSTEM, programme=hn.programme, source="studio_fund", year=YEAR)
        == []
    )
    refused("已结算", spend, budget, 100, day=D(2026, 12, 30))


@pytest.mark.clause("HN-6.2")
def test_the_community_fee_is_returned_at_the_year_end(hn, pin_today):
    budget = fund(
        programme=hn.programme,
        studio=hn.studios[0],
        source="community_fee",
        amount_fen=300_000,
        payee="研修网",
    )
    spend(budget, 200_000, category="online_community", payee="研修网")
    pin_today(D(2027, 1, 5))
    (closed,) = services.close_year(
        actor=SYSTEM, programme=hn.programme, source="community_fee", year=YEAR
    )
    assert (closed.outcome, closed.balance_fen) == (YearEnd.Outcome.RETURNED, 100_000)
    assert spendable(budget) == 0


@pytest.mark.clause("HN-5.4.1")
def test_a_revoked_hainan_studio_returns_its_balance(hn):
    budget = fund(programme=hn.programme, studio=hn.studios[0])
    spend(budget, 100_000)
    programmes.revoke_studio(
        actor=SYSTEM,
        studio=hn.studios[0],
        revoked_on=D(2026, 6, 1),
        reason="不合格",
        release_reason="撤销",
    )
    (closed,) = services.settle_revoked_studio(actor=SYSTEM, studio=hn.studios[0])
    assert (closed.outcome, closed.balance_fen) == (YearEnd.Outcome.RETURNED, 900_000)
    assert services.settle_revoked_studio(actor=SYSTEM, studio=hn.studios[0]) == []
    refused("已结算", spend, budget, 100, day=D(2026, 5, 1))


def test_a_frozen_studio_spends_nothing_after_its_revocation(pin_today):
    """A studio programme whose policy freezes a revoked studio's balance."""
    from touyan.policies.services import publish_policy

    from ..policies.helpers import HAINAN, edit

    text = edit(HAINAN, 'on_revocation = "return"', 'on_revocation = "freeze"')
    text = edit(text, 'slug = "hainan-studios"', 'slug = "hainan-freeze"')
    version = publish_policy(actor=SYSTEM, text=text)
    hn = hainan(studios=1, members=1, start=D(2024, 9, 1))
    programme = hn.programme
    programme.policy_version = version
    programme.save(update_fields=["policy_version"])
    studio = hn.studios[0]
    budget = fund(programme=programme, studio=studio)
    programmes.revoke_studio(
        actor=SYSTEM,
        studio=studio,
        revoked_on=D(2026, 6, 1),
        reason="不合格",
        release_reason="撤销",
    )
    assert services.settle_revoked_studio(actor=SYSTEM, studio=studio) == []
    spend(budget, 100, day=D(2026, 6, 1))  # a receipt of the day itself still comes in
    refused("结余经费冻结", spend, budget, 100, day=D(2026, 6, 2))
    pin_today(D(2027, 1, 5))
    (closed,) = services.close_year(
        actor=SYSTEM, programme=programme, source="studio_fund", year=YEAR
    )
    assert (closed.outcome, closed.balance_fen) == (YearEnd.Outcome.FROZEN, 1_000_000 - 100)
    assert spendable(budget) == 1_000_000 - 100  # the frozen balance stays on the ledger
