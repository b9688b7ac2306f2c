"""The compliance rule funds_earmark (HN-6.1): a studio keeps to its earmark when none of its
standing expenses is outside its source's categories or carries a warning, and no balance is
below zero."""

import datetime as dt

import pytest

from touyan.compliance.engine import evaluate
from touyan.compliance.verdicts import State
from touyan.funding import services
from touyan.policies.services import publish_policy

from ..policies.helpers import HAINAN, edit
from ..programmes import SYSTEM, hainan
from .helpers import fund, spend

D = dt.date
pytestmark = pytest.mark.django_db
RULE = "hn-funds-earmark"


def warning_programme():
    """Hainan under a policy that only warns about the category and the balance."""
    text = edit(HAINAN, 'category = "refuse"', 'category = "warn"')
    text = edit(text, 'balance = "refuse"', 'balance = "warn"')
    text = edit(text, 'slug = "hainan-studios"', 'slug = "hainan-warnings"')
    hn = hainan(studios=3, members=1)
    hn.programme.policy_version = publish_policy(actor=SYSTEM, text=text)
    hn.programme.save(update_fields=["policy_version"])
    return hn


@pytest.mark.clause("HN-6.1")
def test_the_earmark_is_kept_or_broken_with_the_offending_expenses_as_evidence(
    django_assert_max_num_queries,
):
    hn = warning_programme()
    kept, wrong_category, overdrawn = hn.studios
    spend(fund(programme=hn.programme, studio=kept), 1_000)
    budget = fund(programme=hn.programme, studio=wrong_category)
    bad = spend(budget, 2_000, category="online_community", payee="别的用途")
    assert bad.warnings == ["category"]
    small = fund(programme=hn.programme, studio=overdrawn, amount_fen=100)
    over = spend(small, 500)
    assert over.warnings == ["balance"]
    evaluation = evaluate(hn.programme, as_of=D(2026, 12, 1))
    cells = {
        subject_id: cell for (subject_id, rule), cell in evaluation.cells.items() if rule == RULE
    }
    assert cells[kept.pk].state is State.MET
    assert cells[wrong_category.pk].state is State.MISSED
    (verdict,) = cells[wrong_category.pk].verdicts
    assert [(e.kind, e.id) for e in verdict.evidence] == [("expense", bad.pk)]
    assert "1 笔支出不符合专款专用" in verdict.missing
    (verdict,) = cells[overdrawn.pk].verdicts
    assert verdict.state is State.MISSED and "1 个预算余额为负" in verdict.missing


@pytest.mark.clause("HN-6.1")
def test_a_reversed_expense_no_longer_breaks_the_earmark():
    hn = warning_programme()
    studio = hn.studios[0]
    bad = spend(fund(programme=hn.programme, studio=studio), 2_000, category="online_community")
    services.reverse_expense(actor=SYSTEM, expense=bad, reason="用途录错")
    evaluation = evaluate(hn.programme, as_of=D(2026, 12, 1))
    assert evaluation.cells[(studio.pk, RULE)].state is State.MET


def test_the_facts_cost_the_same_queries_for_more_studios():
    counts = []
    for studios in (3, 30):
        hn = hainan(studios=studios, members=0, start=D(2020 + studios // 10, 9, 1))
        for studio in hn.studios:
            spend(fund(programme=hn.programme, studio=studio), 100)
        counts.append(evaluate(hn.programme, as_of=D(2026, 12, 1)).queries)
    assert counts[0] == counts[1]
