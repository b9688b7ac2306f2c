"""Broken policies are refused with the line, the key path and the problem."""

import pytest
from django.utils import translation

from .helpers import HAINAN, HANGZHOU, edit, line_of, problems_of

# name → (preset, old, new, fragment on the expected line, expected key path, words of the message)
BROKEN = {
    "toml syntax": (
        HAINAN,
        'name = "秋季学期"',
        "name = 秋季学期",
        "name = 秋季学期",
        (),
        "TOML 语法错误",
    ),
    "unclosed array": (
        HAINAN,
        'activity_types = ["seminar"]',
        'activity_types = ["seminar"',
        None,
        (),
        "TOML 语法错误",
    ),
    "missing key": (
        HAINAN,
        'id = "hn-research-project"\nclause = "HN-4.1.3"\n',
        'id = "hn-research-project"\n',
        None,
        ("rules", 4, "clause"),
        "缺少必填项",
    ),
    "bad certificate prefix": (
        HANGZHOU,
        'certificate_prefix = "HZMXZ"',
        'certificate_prefix = "hz-mxz"',
        'certificate_prefix = "hz-mxz"',
        ("training", "certificate_prefix"),
        "应为 2–12 位大写字母或数字",
    ),
    "unknown key": (
        HAINAN,
        "max = 12",
        "max = 12\nmaximum = 13",
        "maximum = 13",
        ("members", "maximum"),
        "不认识的键",
    ),
    "wrong period": (
        HAINAN,
        'period = "month"',
        'period = "fortnight"',
        'period = "fortnight"',
        ("rules", 1, "period"),
        "“fortnight”",
    ),
    "unknown activity type": (
        HAINAN,
        'activity_types = ["outreach", "onsite_guidance", "paired_assistance"]',
        'activity_types = ["outreach",\n  "onsite_guidance",\n  "paired_asistance"]',
        '"paired_asistance"',
        ("rules", 5, "activity_types", 2),
        "paired_asistance",
    ),
    "unknown deliverable kind": (
        HANGZHOU,
        'deliverable_kind = "study_log"',
        'deliverable_kind = "study_logs"',
        'deliverable_kind = "study_logs"',
        ("rules", 4, "deliverable_kind"),
        "study_logs",
    ),
    "duplicate rule id": (
        HAINAN,
        'id = "hn-studio-rules"',
        'id = "hn-work-plan"',
        None,
        ("rules", 9, "id"),
        "hn-work-plan",
    ),
    "curriculum hours": (
        HANGZHOU,
        'hours = 50\npath = "每位',
        'hours = 40\npath = "每位',
        "total_hours = 270",
        ("curriculum", "total_hours"),
        "260",
    ),
    "bad clause id": (
        HAINAN,
        'clause = "HN-4.1.2"\nkind',
        'clause = "hn 4.1.2"\nkind',
        'clause = "hn 4.1.2"',
        ("rules", 3, "clause"),
        "hn 4.1.2",
    ),
    "bad jurisdiction": (
        HANGZHOU,
        'jurisdiction = "330100"',
        'jurisdiction = "3301"',
        'jurisdiction = "3301"',
        ("policy", "jurisdiction"),
        "6 位数字",
    ),
    "unknown rule kind": (
        HAINAN,
        'kind = "member_count"',
        'kind = "member_total"',
        'kind = "member_total"',
        ("rules", 0, "kind"),
        "member_total",
    ),
    "not a number": (
        HANGZHOU,
        "at_least = 10",
        'at_least = "十"',
        'at_least = "十"',
        ("rules", 4, "at_least"),
        "整数",
    ),
    "zero count": (
        HANGZHOU,
        "at_least = 10",
        "at_least = 0",
        None,
        ("rules", 4, "at_least"),
        "不小于 1",
    ),
    "bad fraction": (
        HANGZHOU,
        'at_most = "1/5"',
        'at_most = "6/5"',
        'at_most = "6/5"',
        ("rules", 2, "at_most"),
        "6/5",
    ),
    "bad month-day in an inline table key": (
        HAINAN,
        'from = "07-15"',
        'from = "07-32"',
        'from = "07-32"',
        ("calendar", "excluded", 0, "from"),
        "MM-DD",
    ),
    "inline array of tables": (
        HAINAN,
        '{ code = "good", name = "良好", name_en = "Good", at_least = 80 }',
        '{ code = "good", name_en = "Good", at_least = 80 }',
        '{ code = "good", name_en = "Good", at_least = 80 }',
        ("assessment", "grades", 1, "name"),
        "缺少必填项",
    ),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_broken_policy_names_the_line_and_the_problem(name, language):
    preset, old, new, fragment, path, words = BROKEN[name]
    text = edit(preset, old, new)
    with translation.override(language):
        problems = problems_of(text)
    assert len(problems) == 1, [str(p) for p in problems]
    (problem,) = problems
    assert problem.path == path
    if fragment:
        assert problem.line == line_of(text, fragment)
    else:
        assert problem.line is not None
        assert text.splitlines()[problem.line - 1].strip()
    if words and language == "zh-hans":
        assert words in problem.message
    assert str(problem.line) in str(problem)


def test_the_period_problem_is_on_the_rule_that_has_it():
    old = 'period = "cycle"\nat_least = 3\nmin_level = "city"'
    text = edit(HANGZHOU, old, old.replace("cycle", "semester"))
    text = text.replace(
        '[[calendar.semesters]]\nname = "秋季学期"\nname_en = "Autumn semester"\nstart = "09-01"\nend = "01-31"\n',
        "",
    )
    text = text.replace(
        '[[calendar.semesters]]\nname = "春季学期"\nname_en = "Spring semester"\nstart = "02-01"\nend = "07-14"\n',
        "",
    )
    (problem,) = problems_of(text)
    assert problem.path == ("rules", 10, "period")
    lines = text.splitlines()
    assert lines[problem.line - 1] == 'period = "semester"'
    assert "hz-forum-talks" in "\n".join(lines[problem.line - 8 : problem.line])
    assert "学期" in problem.message


def test_a_yearly_rule_needs_a_cycle_of_a_year():
    text = edit(HANGZHOU, "cycle_length = 18", "cycle_length = 10")
    old = 'period = "cycle"\nat_least = 3\nmin_level = "city"'
    text = edit(text, old, old.replace("cycle", "year"))
    (problem,) = problems_of(text)
    assert problem.path == ("rules", 10, "period")
    assert text.splitlines()[problem.line - 1] == 'period = "year"'


def test_a_missing_key_of_a_rule_is_reported_at_its_own_header():
    text = edit(
        HAINAN, 'id = "hn-research-project"\nclause = "HN-4.1.3"\n', 'id = "hn-research-project"\n'
    )
    (problem,) = problems_of(text)
    assert problem.line == line_of(text, 'id = "hn-research-project"') - 1
    assert text.splitlines()[problem.line - 1] == "[[rules]]"


def test_a_missing_key_is_reported_at_its_table():
    text = edit(HAINAN, 'source = "海南省中学卓越校长工作室实施方案"\n', "")
    (problem,) = problems_of(text)
    assert problem.path == ("policy", "source")
    assert problem.line == line_of(text, "[policy]")


def test_a_missing_section_is_reported_without_a_line():
    start = HANGZHOU.index("[curriculum]")
    end = HANGZHOU.index("# 规则")
    text = HANGZHOU[:start] + HANGZHOU[end:]
    problems = problems_of(text)
    assert {p.path for p in problems} == {("rules", 0, "kind")}


def test_several_problems_are_all_reported_in_order():
    text = edit(HAINAN, "max = 12", "max = 12\nmaximum = 13")
    text = edit(text, 'period = "month"', 'period = "fortnight"')
    problems = problems_of(text)
    assert [p.path for p in problems] == [("members", "maximum"), ("rules", 1, "period")]
    assert problems[0].line < problems[1].line


def test_the_message_says_line_and_key():
    text = edit(HAINAN, 'period = "month"', 'period = "fortnight"')
    (problem,) = problems_of(text)
    assert str(problem).startswith(f"第 {problem.line} 行 rules[1].period：")
