"""Eligibility computed from the registry, with its reasons, for both presets."""

import datetime as dt

import pytest

from tests.factories import PrincipalFactory, SchoolFactory
from touyan.people.enums import Position, SchoolKind, Title
from touyan.policies.loading import load_policy
from touyan.policies.presets import preset_text
from touyan.selection import eligibility
from touyan.selection.eligibility import EXPERTS, JUDGED, MET, MISSING, UNMET

ON = dt.date(2026, 5, 31)


def spec(preset: str, code: str):
    return load_policy(preset_text(preset)).selection_call(code)


def findings(preset, code, principal, jurisdiction, statements=None):
    result = eligibility.evaluate(
        spec(preset, code), principal, jurisdiction=jurisdiction, on=ON, statements=statements
    )
    return {f.code: f for f in result}


def hangzhou_principal(**fields):
    school = SchoolFactory(region_id="330106", kind=fields.pop("kind", SchoolKind.PRIMARY))
    return PrincipalFactory(school=school, **fields)


@pytest.mark.clause("HZ-2.1")
@pytest.mark.parametrize(
    ("position", "outcome"),
    [
        (Position.PRINCIPAL, MET),
        (Position.KINDERGARTEN_DIRECTOR, MET),
        (Position.SECRETARY, MET),
        (Position.SECRETARY_PRINCIPAL, MET),
        (Position.VICE_PRINCIPAL, UNMET),
        (Position.VICE_DIRECTOR, UNMET),
    ],
)
def test_hangzhou_takes_serving_heads_and_party_secretaries(db, position, outcome):
    found = findings(
        "hangzhou-training", "candidate", hangzhou_principal(position=position), "330100"
    )
    assert found["post"].outcome == outcome


@pytest.mark.clause("HZ-2.1")
def test_a_school_outside_the_city_or_a_retired_principal_is_not_eligible(db):
    outside = PrincipalFactory(school=SchoolFactory(region_id="330200"))
    assert (
        "不在本项目辖区"
        in findings("hangzhou-training", "candidate", outside, "330100")["post"].reason
    )
    retired = hangzhou_principal(in_service=False)
    assert (
        findings("hangzhou-training", "candidate", retired, "330100")["post"].reason
        == "名册登记为不在职"
    )


@pytest.mark.clause("HZ-2.2")
@pytest.mark.parametrize(
    ("appointed", "outcome", "reason"),
    [
        (dt.date(2023, 5, 31), MET, "任现职3年0个月"),
        (dt.date(2023, 6, 1), UNMET, "任现职2年11个月，不满3年"),
        (dt.date(2023, 10, 15), UNMET, "任现职2年7个月，不满3年"),
        (None, UNMET, "名册中没有任现职时间，无法计算任职年限"),
    ],
)
def test_three_full_years_in_post_counted_to_the_closing_day(db, appointed, outcome, reason):
    principal = hangzhou_principal(appointed_on=appointed)
    found = findings("hangzhou-training", "candidate", principal, "330100")["tenure"]
    assert (found.outcome, found.reason) == (outcome, reason)


@pytest.mark.clause("HZ-2.2")
@pytest.mark.parametrize(
    ("title", "outcome"),
    [(Title.PROFESSOR, MET), (Title.SENIOR, MET), (Title.FIRST, EXPERTS), (Title.NONE, EXPERTS)],
)
def test_a_title_below_senior_sends_the_contribution_branch_to_the_experts(db, title, outcome):
    principal = hangzhou_principal(title=title)
    result = eligibility.evaluate(
        spec("hangzhou-training", "candidate"), principal, jurisdiction="330100", on=ON
    )
    found = {f.code: f for f in result}
    assert found["title"].outcome == outcome
    if outcome == EXPERTS:
        assert "在学校管理方面有突出贡献" in found["title"].reason
        assert eligibility.overall(result) == "experts"


@pytest.mark.clause("HZ-2.3")
def test_qualitative_conditions_are_statements_and_judgements_never_checkboxes(db):
    found = findings("hangzhou-training", "candidate", hangzhou_principal(), "330100")
    assert found["politics"].outcome == MISSING
    assert found["management"].outcome == JUDGED
    declared = findings(
        "hangzhou-training", "candidate", hangzhou_principal(), "330100", {"politics": "承诺。"}
    )
    assert declared["politics"].outcome == "declared"


@pytest.mark.clause("HN-3.9", "HN-3.1")
@pytest.mark.parametrize(
    ("kind", "position", "established", "outcome"),
    [
        (SchoolKind.COMPLETE, Position.PRINCIPAL, True, MET),
        (SchoolKind.JUNIOR, Position.SECRETARY_PRINCIPAL, True, MET),
        (SchoolKind.PRIMARY, Position.PRINCIPAL, True, UNMET),
        (SchoolKind.SENIOR, Position.VICE_PRINCIPAL, True, UNMET),
        (SchoolKind.SENIOR, Position.PRINCIPAL, False, UNMET),
    ],
)
def test_hainan_hosts_are_serving_established_full_middle_school_principals(
    db, kind, position, established, outcome
):
    school = SchoolFactory(region_id="460106", kind=kind)
    principal = PrincipalFactory(school=school, position=position, established=established)
    found = findings("hainan-studios", "host", principal, "460000")
    assert found["post"].outcome == outcome
    assert found["results"].outcome == JUDGED and found["leadership"].outcome == JUDGED


@pytest.mark.clause("HN-3.10")
def test_any_hainan_middle_school_principal_may_apply_as_a_member(db):
    school = SchoolFactory(region_id="469001", kind=SchoolKind.JUNIOR)
    vice = PrincipalFactory(school=school, position=Position.VICE_PRINCIPAL, established=False)
    found = findings("hainan-studios", "member", vice, "460000")
    assert found["post"].outcome == MET
    assert found["eagerness"].outcome == MISSING
