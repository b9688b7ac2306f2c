"""The [[selection]] section: calls, conditions, attachments, rubric."""

import pytest

from touyan.policies.loading import load_policy

from .helpers import HAINAN, HANGZHOU, edit, line_of, problems_of


@pytest.mark.clause("HZ-4.1.2", "HN-3.4")
def test_the_presets_declare_their_calls():
    hangzhou = load_policy(HANGZHOU).selection_call("candidate")
    assert hangzhou.district_review and hangzhou.competitive
    assert hangzhou.full_marks == 100 and hangzhou.experts_per_application == 3
    hainan = load_policy(HAINAN)
    assert [c.code for c in hainan.selection] == ["host", "member"]
    assert hainan.selection_call("host").purpose == "hosts"
    assert not hainan.selection_call("member").rubric


def test_a_duplicate_condition_is_named_at_its_line():
    text = edit(HANGZHOU, 'code = "integrity"', 'code = "politics"')
    [(path, line, message)] = [(p.path, p.line, p.message) for p in problems_of(text)]
    assert path[:3] == ("selection", 0, "conditions")
    assert "politics" in message


def test_expert_review_needs_a_rubric():
    text = edit(HAINAN, 'code = "host"', 'code = "host"\n')
    text = text.split("[[selection.rubric]]")[0] + text.split("points = 10\n", 1)[1]
    messages = [p.message for p in problems_of(text)]
    assert any("评分细则" in m for m in messages)


def test_the_purpose_must_fit_the_subject():
    text = edit(HANGZHOU, 'purpose = "trainees"', 'purpose = "hosts"')
    [problem] = problems_of(text)
    assert problem.path == ("selection", 0, "purpose")
    assert problem.line == line_of(text, 'purpose = "hosts"')


def test_an_unknown_condition_kind_is_refused():
    text = edit(HANGZHOU, 'kind = "years_in_post"', 'kind = "age"')
    assert problems_of(text)
