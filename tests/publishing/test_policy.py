"""The policy's [site] section and the site_freshness rule kind (HN-4.1.6): the Hainan preset
has the seed's columns and kinds; unknown columns, a missing section and duplicate codes are
refused at their line."""

import pytest

from tests.policies.helpers import HAINAN, edit, problems_of
from touyan.policies import schema
from touyan.policies.loading import load_policy

pytestmark = pytest.mark.clause("HN-4.1.6")


def test_the_hainan_preset_has_the_seeds_columns_kinds_and_freshness_rule():
    policy = load_policy(HAINAN)
    assert [c.name for c in policy.site.columns] == ["校长交流", "优秀管理案例选登", "名校长风采"]
    assert [k.name for k in policy.site.post_kinds] == [
        "工作动态",
        "成员论文",
        "专题研究课例设计",
        "典型案例及评析",
        "教育故事",
        "活动图片",
    ]
    assert policy.site.centre_review is False
    (rule,) = [r for r in policy.rules if r.kind == "site_freshness"]
    assert isinstance(rule, schema.SiteFreshness)
    assert (rule.period, rule.at_least, rule.clause) == ("month", 2, "HN-4.1.6")


def test_a_freshness_rule_naming_an_unknown_column_is_refused():
    text = edit(HAINAN, 'kind = "site_freshness"', 'kind = "site_freshness"\ncolumns = ["sports"]')
    (problem,) = problems_of(text)
    assert "未定义的栏目“sports”" in problem.message


def test_a_freshness_rule_without_a_site_section_is_refused():
    start = HAINAN.index("[site]")
    end = HAINAN.index("[naming]")
    text = HAINAN[:start] + HAINAN[end:]
    messages = [problem.message for problem in problems_of(text)]
    assert "工作室网站更新规则需要 [site] 一节" in messages


def test_duplicate_column_codes_are_refused():
    text = edit(HAINAN, 'code = "cases"', 'code = "exchange"')
    messages = [problem.message for problem in problems_of(text)]
    assert any("重复的标识“exchange”" in message for message in messages)
