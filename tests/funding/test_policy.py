"""The funding section of a policy: the presets say who holds each source and what happens to
what is left; a wrong value is refused in words, at its key."""

import pytest

from touyan.policies.loading import load_policy

from ..policies.helpers import HAINAN, HANGZHOU, edit, problems_of

# Where the Hainan preset's earmark rule stands among its rules (others come and go before it).
EARMARK_RULE = next(
    index for index, rule in enumerate(load_policy(HAINAN).rules) if rule.kind == "funds_earmark"
)


@pytest.mark.clause("HN-6.1")
@pytest.mark.clause("HN-6.2")
def test_hainan_studio_fund_and_community_fee():
    funding = load_policy(HAINAN).funding
    fund, fee = funding.source("studio_fund"), funding.source("community_fee")
    assert (fund.holder, fund.year, fund.year_end, fund.on_revocation) == (
        "studio",
        "calendar",
        "carry",
        "return",
    )
    assert (fee.holder, fee.per, fee.year, fee.year_end) == (
        "centre",
        "studio",
        "calendar",
        "return",
    )
    assert fund.per == "holder"
    assert funding.checks.model_dump() == {
        "category": "refuse",
        "balance": "refuse",
        "year": "refuse",
    }
    rules = {rule.kind: rule for rule in load_policy(HAINAN).rules}
    assert rules["funds_earmark"].clause == "HN-6.1"


@pytest.mark.clause("HZ-4.2.3")
def test_hangzhou_sources_are_held_by_the_cohort_in_programme_years():
    funding = load_policy(HANGZHOU).funding
    for source in funding.sources:
        assert (source.holder, source.year, source.year_end, source.on_revocation) == (
            "cohort",
            "programme",
            "carry",
            "freeze",
        )
    assert funding.checks.model_dump() == {
        "category": "refuse",
        "balance": "refuse",
        "year": "warn",
    }


def _message(problems, path):
    found = [p for p in problems if tuple(p.path) == path]
    assert found, [(p.path, p.message) for p in problems]
    return found[0].message


@pytest.mark.parametrize(
    ("old", "new", "path", "words"),
    [
        (
            'holder = "studio"             #',
            'holder = "school"             #',
            ("funding", "sources", 0, "holder"),
            "取值“school”无效",
        ),
        (
            'year_end = "return"\n',
            'year_end = "keep"\n',
            ("funding", "sources", 1, "year_end"),
            "取值“keep”无效",
        ),
        (
            'holder = "studio"             #',
            'holder = "cohort"             #',
            ("funding", "sources", 0, "holder"),
            "只用于培训项目",
        ),
        (
            'holder = "centre"             #',
            'holder = "studio"             #',
            ("funding", "sources", 1, "per"),
            "只用于培训中心持有的经费",
        ),
        (
            'per = "studio"  ',
            'per = "cohort"  ',
            ("funding", "sources", 1, "per"),
            "取值“cohort”无效",
        ),
        (
            'balance = "refuse"',
            'balance = "ignore"',
            ("funding", "checks", "balance"),
            "取值“ignore”无效",
        ),
        (
            'sources = ["studio_fund"]',
            'sources = ["studio_money"]',
            ("rules", EARMARK_RULE, "sources", 0),
            "未定义的经费来源“studio_money”",
        ),
    ],
)
def test_funding_mistakes_are_refused_in_words(old, new, path, words):
    problems = problems_of(edit(HAINAN, old, new))
    assert words in _message(problems, path)


def test_a_one_off_source_cannot_carry():
    text = edit(
        HAINAN,
        'period = "year"\nearmarked = true              #',
        'period = "once"\nearmarked = true              #',
    )
    assert "不能结转" in _message(problems_of(text), ("funding", "sources", 0, "year_end"))


def test_the_earmark_rule_is_for_studio_programmes():
    text = HANGZHOU + (
        '\n[[rules]]\nid = "hz-funds"\nclause = "HZ-4.2.3"\nkind = "funds_earmark"\n'
        'description = "专款专用"\n'
    )
    problems = problems_of(text)
    assert any("只适用于工作室项目" in p.message for p in problems)
