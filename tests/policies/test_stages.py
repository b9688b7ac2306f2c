"""Stages and the new periods in a policy document: what validates, and each problem reported
at the key it is about (EX-1, EX-2, EX-4, EX-9)."""

import pytest

from touyan.policies.describe import requirement, round_period
from touyan.policies.loading import load_policy

from .helpers import HAINAN, edit, problems_of

STAGES = """
[[calendar.stages]]
code = "diagnosis"
name = "第一阶段：诊断规划"
name_en = "Stage 1: diagnosis and planning"
semesters = [1, 1]

[[calendar.stages]]
code = "study"
name = "第二阶段：专题研修"
semesters = [2, 3]

[[calendar.stages]]
code = "showcase"
name = "第三阶段：展示交流"
months = [19, 24]

[members]"""

SEMINAR = 'activity_types = ["seminar"]\nperiod = "month"'


def with_stages(text: str = HAINAN, stages: str = STAGES) -> str:
    return edit(text, "\n[members]", stages)


def seminar(period: str, extra: str = "") -> str:
    """The preset with its monthly seminar rule counted in ``period`` instead."""
    return edit(with_stages(), SEMINAR, f'activity_types = ["seminar"]\nperiod = "{period}"{extra}')


@pytest.mark.clause("EX-1", "EX-2", "EX-3")
@pytest.mark.parametrize(
    "period",
    [
        "week",
        "month",
        "2_months",
        "3_months",
        "4_months",
        "5_months",
        "6_months",
        "quarter",
        "semester",
        "school_year",
        "calendar_year",
        "year",
        "stage",
        "cycle",
    ],
)
def test_every_period_kind_is_accepted(period):
    policy = load_policy(seminar(period))
    assert policy.rules[1].period == period


def test_a_policy_without_stages_keeps_its_defaults():
    policy = load_policy(HAINAN)
    assert policy.calendar.school_year_starts == "09-01"
    assert policy.calendar.stages == []
    assert all(rule.stages == [] for rule in policy.rules)
    assert all(rule.skip_periods == "inside_exclusions" for rule in policy.rules)


@pytest.mark.clause("EX-1", "EX-4")
def test_stages_and_a_rule_held_in_one_of_them():
    text = seminar("stage", '\nstages = ["diagnosis"]\nskip_periods = "touching_exclusions"')
    policy = load_policy(text)
    assert [s.code for s in policy.calendar.stages] == ["diagnosis", "study", "showcase"]
    assert policy.calendar.stages[0].semesters == (1, 1)
    assert policy.calendar.stages[2].months == (19, 24)
    rule = policy.rules[1]
    assert rule.stages == ["diagnosis"] and rule.skip_periods == "touching_exclusions"
    assert requirement(policy, rule) == (
        "“第一阶段：诊断规划”期间至少开展 1 次“专题研讨”活动（含排除时段的阶段不作要求）"
    )


def test_the_period_is_worded_for_every_kind():
    assert requirement(load_policy(seminar("week")), load_policy(seminar("week")).rules[1]) == (
        "每周至少开展 1 次“专题研讨”活动"
    )
    policy = load_policy(seminar("2_months"))
    assert requirement(policy, policy.rules[1]).startswith("每两个月至少开展")
    policy = load_policy(seminar("calendar_year"))
    assert requirement(policy, policy.rules[1]).startswith("每个自然年至少开展")
    policy = load_policy(seminar("stage"))
    assert requirement(policy, policy.rules[1]).startswith("每个阶段至少开展")


@pytest.mark.parametrize(
    ("stages", "path", "words"),
    [
        (
            STAGES.replace("semesters = [2, 3]", "semesters = [2, 3]\nmonths = [7, 18]"),
            ("calendar", "stages", 1),
            "只写其一",
        ),
        (
            STAGES.replace("semesters = [2, 3]", 'name_en = "Stage 2"'),
            ("calendar", "stages", 1),
            "只写其一",
        ),
        (
            STAGES.replace("semesters = [2, 3]", "semesters = [3, 2]"),
            ("calendar", "stages", 1, "semesters"),
            "之后",
        ),
        (
            STAGES.replace("semesters = [2, 3]", "semesters = [1, 3]"),
            ("calendar", "stages", 1, "semesters"),
            "互不重叠",
        ),
        (
            STAGES.replace("months = [19, 24]", "months = [19, 40]"),
            ("calendar", "stages", 2, "months"),
            "36 个月",
        ),
        (
            STAGES.replace("semesters = [2, 3]", "semesters = [2, 7]"),
            ("calendar", "stages", 1, "semesters"),
            "6 个学期",
        ),
        (
            STAGES.replace('code = "study"', 'code = "diagnosis"'),
            ("calendar", "stages", 1, "code"),
            "重复",
        ),
        (
            STAGES.replace('code = "study"', 'code = "Study"'),
            ("calendar", "stages", 1, "code"),
            "Study",
        ),
    ],
    ids=[
        "both",
        "neither",
        "out of order",
        "overlapping",
        "months beyond the cycle",
        "semesters beyond the cycle",
        "duplicate code",
        "bad code",
    ],
)
def test_a_broken_stage_is_reported_at_its_key(stages, path, words):
    (problem,) = problems_of(with_stages(stages=stages))
    assert problem.path == path
    assert words in problem.message
    assert problem.line is not None


def test_stages_by_semesters_need_semesters():
    no_semesters = edit(
        with_stages(stages=STAGES.replace("months = [19, 24]", "semesters = [4, 4]")),
        HAINAN[HAINAN.index("[[calendar.semesters]]") : HAINAN.index("[[calendar.excluded]]")],
        "",
    )
    problems = problems_of(no_semesters)
    assert {p.path for p in problems} >= {
        ("calendar", "stages", 0, "semesters"),
        ("calendar", "stages", 1, "semesters"),
        ("calendar", "stages", 2, "semesters"),
    }
    assert all("[[calendar.semesters]]" in p.message for p in problems)


@pytest.mark.clause("EX-4")
def test_a_rule_naming_an_unknown_stage_is_reported_at_the_code():
    (problem,) = problems_of(seminar("stage", '\nstages = ["diagnosis", "showcas"]'))
    assert problem.path == ("rules", 1, "stages", 1)
    assert "showcas" in problem.message


def test_stages_only_with_period_stage():
    (problem,) = problems_of(seminar("month", '\nstages = ["diagnosis"]'))
    assert problem.path == ("rules", 1, "stages")
    assert 'period = "stage"' in problem.message


def test_period_stage_needs_stages_in_the_calendar():
    text = edit(HAINAN, SEMINAR, 'activity_types = ["seminar"]\nperiod = "stage"')
    (problem,) = problems_of(text)
    assert problem.path == ("rules", 1, "period")
    assert "[[calendar.stages]]" in problem.message


def test_skip_periods_takes_two_values():
    (problem,) = problems_of(seminar("quarter", '\nskip_periods = "holidays"'))
    assert problem.path == ("rules", 1, "skip_periods")


def test_touching_exclusions_is_for_rules_with_periods():
    (problem,) = problems_of(seminar("cycle", '\nskip_periods = "touching_exclusions"'))
    assert problem.path == ("rules", 1, "skip_periods")


def test_school_year_starts_is_a_month_and_day():
    text = edit(
        with_stages(), "yearly_themes = true", 'yearly_themes = true\nschool_year_starts = "08-32"'
    )
    (problem,) = problems_of(text)
    assert problem.path == ("calendar", "school_year_starts")
    policy = load_policy(
        edit(
            with_stages(),
            "yearly_themes = true",
            'yearly_themes = true\nschool_year_starts = "08-15"',
        )
    )
    assert policy.calendar.school_year_starts == "08-15"


ROUND = 'code = "final"\nname = "终结评价"\nname_en = "Final assessment"\nperiod = "cycle"'


@pytest.mark.clause("EX-9")
def test_a_round_by_stage_names_its_stage():
    text = edit(with_stages(), ROUND, ROUND.replace('"cycle"', '"stage"\nstage = "showcase"'))
    policy = load_policy(text)
    final = policy.assessment.round("final")
    assert final.period == "stage" and final.stage == "showcase"
    assert round_period(policy, final) == "第三阶段：展示交流"
    assert round_period(policy, policy.assessment.round("annual")) == "每年"


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ('"stage"', ("assessment", "rounds", 2, "period")),
        ('"cycle"\nstage = "showcase"', ("assessment", "rounds", 2, "stage")),
        ('"stage"\nstage = "shows"', ("assessment", "rounds", 2, "stage")),
    ],
    ids=["stage missing", "stage without period stage", "unknown stage"],
)
def test_a_broken_round_stage_is_reported_at_its_key(change, path):
    text = edit(with_stages(), ROUND, ROUND.replace('"cycle"', change))
    (problem,) = problems_of(text)
    assert problem.path == path
