from fractions import Fraction

import pytest

from touyan.policies import schema
from touyan.policies.loading import load_policy
from touyan.policies.presets import PRESETS, preset_text

from .helpers import HAINAN, HANGZHOU, NINGBO


def test_the_hainan_preset_loads_with_every_computable_clause():
    policy = load_policy(HAINAN)
    assert policy.policy.slug == "hainan-studios"
    assert policy.policy.jurisdiction == "460000"
    assert policy.policy.subject == "studio"
    assert (policy.calendar.cycle_length, policy.calendar.cycle_unit) == (3, "years")
    assert policy.calendar.yearly_themes
    assert (policy.members.min, policy.members.max) == (10, 12)
    names = {t.name for t in policy.activity_types}
    assert {
        "专题研讨",
        "集中研修",
        "读书交流",
        "讲座论坛",
        "课题研究",
        "网络研修",
        "师徒结对",
        "跟岗实践",
        "入校诊断",
        "送培下乡",
        "工作室联合活动",
        "考察交流",
    } <= names
    clauses = {rule.clause for rule in policy.rules}
    assert {
        "HN-3.7",
        "HN-4.0",
        "HN-4.1.1",
        "HN-4.1.2",
        "HN-4.1.3",
        "HN-4.1.4",
        "HN-4.1.5",
        "HN-4.2",
        "HN-4.3",
        "HN-5.2",
    } <= clauses
    rules = {rule.id: rule for rule in policy.rules}
    assert rules["hn-monthly-seminar"].period == "month"
    assert rules["hn-semester-intensive"].period == "semester"
    assert rules["hn-yearly-outreach"].at_rural_or_weak_school
    # HN-4.3.1: members attend; the seed gives no share, the preset's default is documented.
    attendance = rules["hn-member-attendance"]
    assert (attendance.clause, attendance.kind) == ("HN-4.3.1", "absence_ratio")
    assert attendance.limit == Fraction(1, 3) and attendance.leave_counts_as_absence
    assert [g.name for g in policy.assessment.grades] == ["优秀", "良好", "合格", "不合格"]
    assert [g.consequence for g in policy.assessment.grades] == [
        "commend",
        "none",
        "none",
        "revoke",
    ]
    assert [(r.period, r.subjects) for r in policy.assessment.rounds] == [
        ("semester", "studios"),
        ("year", "studios"),
        ("cycle", "studios"),
        ("semester", "members"),
        ("cycle", "members"),
    ]
    assert [c.name for c in policy.assessment.rubric] == ["工作室建设情况", "研究成果", "办学业绩"]
    assert sum(c.weight for c in policy.assessment.rubric) == 100
    assert [g.at_least for g in policy.assessment.grades] == [90, 80, 60, 0]
    assert {s.clause for s in policy.funding.sources} == {"HN-6.1", "HN-6.2"}
    assert policy.naming.base_school == "海南省中学卓越校长培养实践基地"


@pytest.mark.clause("HN-4.3.1")
def test_the_member_attendance_rule_reads_per_member():
    from touyan.policies.describe import requirement

    policy = load_policy(HAINAN)
    rule = next(r for r in policy.rules if r.id == "hn-member-attendance")
    assert requirement(policy, rule) == (
        "每位成员缺勤次数占本工作室已举行活动次数的比例不超过 1/3（请假也计为缺勤）"
    )


def test_the_hangzhou_preset_loads_with_every_computable_clause():
    policy = load_policy(HANGZHOU)
    assert policy.policy.subject == "trainee"
    assert policy.calendar.cycle_months == 18
    assert (policy.members.cohorts, policy.members.cohort_size) == (3, 50)
    assert policy.curriculum.total_hours == 270
    assert [s.name for s in policy.curriculum.series] == ["通识素养", "管理实务", "研究展示"]
    assert len(policy.curriculum.topics) == 9
    rules = {rule.id: rule for rule in policy.rules}
    assert rules["hz-absence-ratio"].limit == Fraction(1, 5)
    lengths = {
        rule.deliverable_kind: (rule.at_least, rule.min_chars)
        for rule in policy.rules
        if isinstance(rule, schema.Deliverables)
    }
    assert lengths == {
        "development_plan": (1, None),
        "study_log": (10, None),
        "research_report": (1, 10000),
        "study_report": (1, 2000),
        "exchange_report": (3, None),
        "paper_or_monograph": (1, None),
    }
    assert rules["hz-forum-talks"].at_least == 3
    assert rules["hz-research-project"].min_level == "city"
    assert len(policy.funding.categories) == 8
    assert {r.clause for r in policy.rules} >= {
        "HZ-3.2",
        "HZ-3.3.3",
        "HZ-3.4.1",
        "HZ-3.4.2",
        "HZ-3.T",
    }


def test_the_ningbo_preset_loads_with_every_sentence_of_the_third_plan():
    policy = load_policy(NINGBO)
    assert (policy.policy.slug, policy.policy.subject) == ("ningbo-backbone", "trainee")
    assert [stage.code for stage in policy.calendar.stages] == [
        "diagnosis",
        "thematic_study",
        "showcase",
        "outreach",
    ]
    assert {rule.clause for rule in policy.rules} == {f"EX-{n}" for n in range(2, 11)}
    assert policy.calendar.clause == "EX-1" and policy.credits.clause == "EX-11"


def test_every_rule_kind_is_used_by_a_preset():
    texts = [preset_text(name) for name in PRESETS]
    kinds = {rule.kind for text in texts for rule in load_policy(text).rules}
    # member_attendance is a studio rule no seed sentence asks for (Hainan's HN-4.3.1 is a
    # share of absences); tests/compliance/test_rule_kinds_ex.py exercises it.
    assert kinds | {"member_attendance"} == set(schema.RULE_KINDS)


@pytest.mark.clause("HN-3.2")
def test_the_studio_name_comes_from_the_policy_template():
    naming = load_policy(HAINAN).naming
    assert naming.studio_name("王大明") == "王大明中学卓越校长工作室"


@pytest.mark.clause("HZ-3.2")
def test_the_curriculum_topics_add_up_to_270_hours():
    curriculum = load_policy(HANGZHOU).curriculum
    assert sum(topic.hours for topic in curriculum.topics) == curriculum.total_hours == 270
    assert [sum(t.hours for t in s.topics) for s in curriculum.series] == [40, 170, 60]
