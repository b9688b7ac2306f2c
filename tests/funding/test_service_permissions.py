"""Who may call each funding service: the rest are refused and nothing is written."""

import datetime as dt

import pytest

from touyan.funding import services
from touyan.funding.models import Budget, Disbursement, Expense, YearEnd

from ..refusals import check_service
from .helpers import YEAR, fund, hainan_people, hangzhou_people, spend

D = dt.date
pytestmark = pytest.mark.django_db

NAMES = (
    "superuser",
    "hz_admin",
    "hz_centre",
    "xihu",
    "hn_admin",
    "expert",
    "nobody",
    "host",
    "member",
    "hn_centre",
    "longhua",
    "finance",
    "other_finance",
)


@pytest.fixture
def hn(cast):
    return hainan_people(cast)


@pytest.mark.parametrize("name", NAMES)
def test_set_budget(cast, hn, name):
    check_service(
        cast,
        name,
        {"superuser", "hn_centre"},
        lambda actor: services.set_budget(
            actor=actor,
            programme=hn.programme,
            source="studio_fund",
            year=YEAR,
            studio=hn.studios[0],
            amount_fen=100,
            payee="学校",
        ),
        Budget,
    )


@pytest.mark.parametrize("name", NAMES)
def test_request_disbursement(cast, hn, name):
    budget = fund(programme=hn.programme, studio=hn.studios[0], paid_fen=0)
    check_service(
        cast,
        name,
        {"superuser", "hn_centre"},
        lambda actor: services.request_disbursement(
            actor=actor, budget=budget, amount_fen=100, paid_on=D(2026, 2, 1)
        ),
        Disbursement,
    )


@pytest.mark.parametrize("name", NAMES)
def test_decide_disbursement(cast, hn, name):
    budget = fund(programme=hn.programme, studio=hn.studios[0], paid_fen=0)
    from ..programmes import SYSTEM

    asked = services.request_disbursement(
        actor=SYSTEM, budget=budget, amount_fen=100, paid_on=D(2026, 2, 1)
    )
    check_service(
        cast,
        name,
        {"superuser", "hn_admin"},
        lambda actor: services.decide_disbursement(actor=actor, disbursement=asked, approve=True),
        lambda: Disbursement.objects.get(pk=asked.pk).status,
    )


@pytest.mark.parametrize("name", NAMES)
def test_enter_expense_on_a_studio_budget(cast, hn, name):
    budget = fund(programme=hn.programme, studio=hn.studios[0])
    check_service(
        cast, name, {"superuser", "finance"}, lambda actor: spend(budget, 100, actor=actor), Expense
    )


@pytest.mark.clause("HN-6.2")
@pytest.mark.parametrize("name", NAMES)
def test_enter_expense_on_a_centre_budget(cast, hn, name):
    """The community fee kept for studio 0 is spent by the centre, not by the studio's finance
    contact (``finance``) nor its host."""
    budget = fund(
        programme=hn.programme, studio=hn.studios[0], source="community_fee", payee="研修网"
    )
    check_service(
        cast,
        name,
        {"superuser", "hn_centre"},
        lambda actor: spend(budget, 100, category="online_community", actor=actor),
        Expense,
    )


@pytest.mark.parametrize("name", NAMES)
def test_reverse_expense(cast, hn, name):
    budget = fund(programme=hn.programme, studio=hn.studios[0])
    expense = spend(budget, 100)
    check_service(
        cast,
        name,
        {"superuser", "finance"},
        lambda actor: services.reverse_expense(actor=actor, expense=expense, reason="录错"),
        Expense,
    )


@pytest.mark.parametrize("name", NAMES)
def test_close_year(cast, hn, name, pin_today):
    fund(programme=hn.programme, studio=hn.studios[0])
    pin_today(D(2027, 1, 5))
    check_service(
        cast,
        name,
        {"superuser", "hn_centre"},
        lambda actor: services.close_year(
            actor=actor, programme=hn.programme, source="studio_fund", year=YEAR
        ),
        YearEnd,
    )


@pytest.mark.clause("HZ-4.2.3")
@pytest.mark.parametrize(
    "name", ("superuser", "hz_admin", "hz_centre", "cohort_finance", "trainee")
)
def test_enter_expense_on_a_cohort_budget(cast, name):
    hz = hangzhou_people(cast)
    budget = fund(
        programme=hz.programme, cohort=hz.cohort, source="bureau_fund", year=1, payee="中心"
    )
    check_service(
        cast,
        name,
        {"superuser", "cohort_finance"},
        lambda actor: spend(budget, 100, category="meals", day=D(2026, 5, 1), actor=actor),
        Expense,
    )


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("superuser", True),
        ("hn_centre", True),
        ("hn_admin", True),
        ("finance", True),
        ("host", True),
        ("other_finance", False),
        ("other_host", False),
        ("member", False),
        ("longhua", False),
        ("hz_centre", False),
        ("nobody", False),
    ],
)
def test_who_reads_a_studio_ledger(cast, hn, name, allowed):
    studio = hn.studios[0]
    assert cast[name].has_perm("funding.view_ledger", studio) is allowed
    may_write = name in ("superuser", "finance")
    budget = fund(programme=hn.programme, studio=studio)
    assert cast[name].has_perm("funding.enter_expense", budget) is may_write
