"""The policy's [community] section (HN-4.0.1) is validated like the rest of the policy."""

import pytest

from touyan.policies.loading import PolicyError, load_policy
from touyan.policies.presets import preset_text

pytestmark = pytest.mark.clause("HN-4.0.1")


def test_the_hainan_preset_counts_opened_and_posted_as_attendance():
    policy = load_policy(preset_text("hainan-studios"))
    assert policy.community.participation == "opened_and_posted"
    assert policy.community.counts_as_attendance
    assert policy.activity_type(policy.community.activity_type).name == "网络研修"


def test_an_unknown_activity_type_or_participation_is_refused_at_its_line():
    text = preset_text("hainan-studios").replace(
        'activity_type = "online"', 'activity_type = "webinar"'
    )
    with pytest.raises(PolicyError) as error:
        load_policy(text)
    assert "webinar" in str(error.value)
    text = preset_text("hainan-studios").replace(
        'participation = "opened_and_posted"', 'participation = "clicked"'
    )
    with pytest.raises(PolicyError) as error:
        load_policy(text)
    assert "participation" in str(error.value)
