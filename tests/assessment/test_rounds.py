"""Opening rounds from the policy (HN-5.2): periods from the calendar, subjects, frozen rubric."""

import pytest
from django.core.exceptions import ValidationError

from touyan.assessment.models import Case, Round, SurveyInvitation
from touyan.assessment.rubric import proposed_grade, rubric_of, weighted_total
from touyan.policies.presets import preset_text
from touyan.policies.services import publish_policy
from touyan.programmes.services import change_policy_version

from ..programmes import SYSTEM, hainan, hangzhou
from .rounds import annual, member_regular, trainee_round

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HN-5.2", "HN-5.3")]


def test_an_annual_round_has_a_case_per_studio_and_invites_every_member():
    hn = hainan(studios=2, members=10)
    round_ = annual(hn)
    assert round_.period_starts == hn.programme.starts_on
    assert round_.stage == Round.Stage.PREPARING
    assert set(round_.cases.values_list("studio_id", flat=True)) == {s.pk for s in hn.studios}
    assert SurveyInvitation.objects.filter(case__round=round_).count() == 20
    with pytest.raises(ValidationError):
        annual(hn)


def test_the_rubric_is_frozen_when_the_round_opens():
    hn = hainan(studios=1, members=10)
    round_ = annual(hn)
    text = preset_text("hainan-studios").replace("weight = 40", "weight = 50", 1)
    text = text.replace(
        'weight = 30\nmethods = ["成果鉴定"]', 'weight = 20\nmethods = ["成果鉴定"]'
    )
    version = publish_policy(actor=SYSTEM, text=text)
    change_policy_version(actor=SYSTEM, programme=hn.programme, version=version)
    round_.refresh_from_db()
    assert [c.weight for c in rubric_of(round_).rubric] == [40, 30, 30]
    later = annual(hn, year=2)
    assert [c.weight for c in rubric_of(later).rubric] == [50, 20, 30]


def test_weighted_totals_and_proposed_grades_follow_the_thresholds():
    hn = hainan(studios=1, members=10)
    rubric = rubric_of(annual(hn))
    assert weighted_total(rubric, {"building": 95, "research": 90, "performance": 85}) == 90.5
    assert proposed_grade(rubric, weighted_total(rubric, {c.code: 90 for c in rubric.rubric})) == (
        "excellent"
    )
    assert proposed_grade(rubric, 79.99) == "pass"
    assert proposed_grade(rubric, 12) == "fail"


@pytest.mark.clause("HN-4.2.4")
def test_a_member_round_has_a_case_per_current_member():
    hn = hainan(studios=2, members=10)
    round_ = member_regular(hn)
    assert Case.objects.filter(round=round_, member__isnull=False).count() == 20
    assert not SurveyInvitation.objects.filter(case__round=round_).exists()


@pytest.mark.clause("HZ-3.4.3")
def test_a_trainee_round_needs_its_cohort():
    hz = hangzhou(trainees=3)
    round_ = trainee_round(hz)
    assert round_.cases.filter(trainee__isnull=False).count() == 3
    assert round_.assessed_by == "centre"
