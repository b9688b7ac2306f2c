"""Each rule kind parses from TOML into its own model with its fields."""

from fractions import Fraction

import pytest

from touyan.policies import schema
from touyan.policies.describe import requirement
from touyan.policies.loading import PolicyError, load_policy

MINIMAL = """
[policy]
slug = "test"
name = "测试政策"
jurisdiction = "460000"
subject = "studio"
source = "测试文件"

[calendar]
cycle_length = 3
cycle_unit = "years"
semesters = [{ name = "秋季学期", start = "09-01", end = "01-31" }]

[members]
clause = "HN-3.7"
min = 10
max = 12

[[activity_types]]
code = "seminar"
name = "专题研讨"

[[deliverable_kinds]]
code = "plan"
name = "个人发展规划"

[curriculum]
clause = "HZ-3.2"
total_hours = 20
[[curriculum.series]]
name = "研究展示"
topics = [{ code = "research", name = "课题研究", hours = 20 }]

[[rules]]
id = "r"
clause = "HN-1"
description = "测试"
"""

# A calendar with stages and a round held in one of them (EX-9).
MILESTONE = """
[[calendar.stages]]
code = "diagnosis"
name = "第一阶段：诊断规划"
months = [1, 12]

[[calendar.stages]]
code = "showcase"
name = "第三阶段：展示交流"
months = [25, 36]

[assessment]
clause = "HN-5.2"
grades = [{ code = "pass", name = "合格" }, { code = "fail", name = "不合格" }]

[[assessment.rounds]]
code = "midterm"
name = "中期考核"
period = "stage"
stage = "showcase"
assessed_by = "centre"
"""

CASES = {
    "activity_count": (
        'activity_types = ["seminar"]\nperiod = "month"\nat_least = 2\n'
        "at_rural_or_weak_school = true",
        schema.ActivityCount,
        {"at_least": 2, "at_rural_or_weak_school": True},
    ),
    "member_school_visits": (
        'activity_types = ["seminar"]\nperiod = "cycle"',
        schema.MemberSchoolVisits,
        {"times": 1},
    ),
    "research_projects": (
        'outcome_kinds = ["award", "publication"]\nmin_level = "city"',
        schema.ResearchProjects,
        {"min_level": "city", "period": "cycle"},
    ),
    "deliverables": (
        'deliverable_kind = "plan"\nper = "member"\nmin_chars = 2000',
        schema.Deliverables,
        {"min_chars": 2000, "at_least": 1},
    ),
    "absence_ratio": ('at_most = "1/5"', schema.AbsenceRatio, {"leave_counts_as_absence": True}),
    "unexcused_absence": ("at_most = 0", schema.UnexcusedAbsence, {"at_most": 0}),
    "curriculum_hours": ('topics = ["research"]', schema.CurriculumHours, {"topics": ["research"]}),
    "talks": ('activity_types = ["seminar"]\nat_least = 3', schema.Talks, {"min_level": "city"}),
    "paired_support": (
        'activity_types = ["seminar"]',
        schema.PairedSupport,
        {"partner_regions_only": True},
    ),
    "member_count": ("", schema.MemberCount, {}),
    "funds_earmark": (
        'sources = ["fund"]\n\n[funding]\nclause = "HN-6.1"\n'
        '[[funding.sources]]\ncode = "fund"\nname = "专项经费"\ncategories = ["a"]\n'
        '[[funding.categories]]\ncode = "a"\nname = "研修活动"',
        schema.FundsEarmark,
        {"sources": ["fund"]},
    ),
    "site_freshness": (
        'at_least = 3\ncolumns = ["exchange"]\n\n[site]\nclause = "HN-4.1.6"\n'
        '[[site.columns]]\ncode = "exchange"\nname = "校长交流"\n'
        '[[site.post_kinds]]\ncode = "news"\nname = "工作动态"',
        schema.SiteFreshness,
        {"at_least": 3, "columns": ["exchange"], "period": "month"},
    ),
    "cumulative_duration": (
        'activity_types = ["seminar"]\nat_least = 3\nunit = "months"',
        schema.CumulativeDuration,
        {"days_required": 90, "period": "cycle"},
    ),
    "member_attendance": (
        "at_least = 2",
        schema.MemberAttendance,
        {"activity_types": [], "period": "semester"},
    ),
    "attendance_rate": (
        'at_least = "80%"\nunit = "hours"',
        schema.AttendanceRate,
        {"limit": Fraction(1, 5), "leave_counts_as_absence": False},
    ),
    "link_schools": (
        'activity_types = ["seminar"]\nschools_at_most = 2\nrural_only = true',
        schema.LinkSchools,
        {"schools_at_least": 1, "schools_at_most": 2, "at_least": 1, "period": "semester"},
    ),
    "assessment_milestone": (
        'round = "midterm"\nstage = "showcase"\ndeliverable_kind = "plan"\n' + MILESTONE,
        schema.AssessmentMilestone,
        {"round": "midterm", "stage": "showcase", "deliverable_kind": "plan"},
    ),
}


def test_the_cases_cover_every_kind():
    assert set(CASES) == set(schema.RULE_KINDS)


@pytest.mark.clause("EX-10")
def test_a_fraction_may_be_written_as_a_percentage():
    assert schema.as_fraction("80%") == schema.as_fraction("4/5") == Fraction(4, 5)
    assert schema.as_fraction("12.5 %") == Fraction(1, 8)


@pytest.mark.clause("EX-7")
def test_link_school_bounds_in_order():
    text = MINIMAL + 'kind = "link_schools"\nactivity_types = ["seminar"]\n'
    text += "schools_at_least = 3\nschools_at_most = 2\n"
    with pytest.raises(PolicyError) as caught:
        load_policy(text)
    assert [p.path for p in caught.value.problems] == [("rules", 0, "schools_at_most")]


@pytest.mark.clause("EX-6")
def test_new_kinds_name_declared_types_only():
    text = MINIMAL + 'kind = "cumulative_duration"\nactivity_types = ["secondment"]\nat_least = 1\n'
    with pytest.raises(PolicyError) as caught:
        load_policy(text)
    assert [p.path for p in caught.value.problems] == [("rules", 0, "activity_types", 0)]


@pytest.mark.parametrize("kind", sorted(CASES))
def test_a_rule_kind_parses(kind):
    fields, model, expected = CASES[kind]
    policy = load_policy(MINIMAL + f'kind = "{kind}"\n{fields}\n')
    (rule,) = policy.rules
    assert type(rule) is model
    for name, value in expected.items():
        assert getattr(rule, name) == value
    assert schema.AbsenceRatio is not model or rule.limit == Fraction(1, 5)


def _milestone_problems(rule: str, rounds: str = MILESTONE):
    text = MINIMAL + f'kind = "assessment_milestone"\n{rule}\n' + rounds
    with pytest.raises(PolicyError) as caught:
        load_policy(text)
    return [(p.path, p.message) for p in caught.value.problems]


@pytest.mark.clause("EX-9")
def test_a_milestone_naming_an_unknown_stage_is_reported_at_the_stage():
    (problem, mismatch) = _milestone_problems('round = "midterm"\nstage = "shows"')
    assert problem[0] == ("rules", 0, "stage") and "“shows”" in problem[1]
    # and the round, held in another stage, does not match it
    assert mismatch[0] == ("rules", 0, "round")


@pytest.mark.clause("EX-9")
def test_a_milestone_naming_an_unknown_round_is_reported_at_the_round():
    ((path, message),) = _milestone_problems('round = "final"\nstage = "showcase"')
    assert path == ("rules", 0, "round") and "“final”" in message


@pytest.mark.clause("EX-9")
@pytest.mark.parametrize(
    "held",
    ['period = "cycle"\nassessed_by', 'period = "stage"\nstage = "diagnosis"\nassessed_by'],
    ids=["round-not-by-stage", "round-in-another-stage"],
)
def test_a_milestone_whose_round_is_not_held_in_its_stage_is_reported_at_the_round(held):
    rounds = MILESTONE.replace('period = "stage"\nstage = "showcase"\nassessed_by', held)
    assert rounds != MILESTONE
    ((path, message),) = _milestone_problems('round = "midterm"\nstage = "showcase"', rounds)
    assert path == ("rules", 0, "round")
    assert 'period = "stage"' in message and "“showcase”" in message


@pytest.mark.clause("EX-9")
def test_a_milestone_reads_as_the_stage_and_the_round():
    fields, _model, _expected = CASES["assessment_milestone"]
    policy = load_policy(MINIMAL + f'kind = "assessment_milestone"\n{fields}\n')
    assert requirement(policy, policy.rules[0]) == (
        "“第三阶段：展示交流”结束前公布“中期考核”的结果，并在该阶段内提交“个人发展规划”"
    )
