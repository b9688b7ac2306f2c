import datetime as dt

import pytest

from touyan.core.actors import Actor
from touyan.demo.training_certificates import build_certificates

pytestmark = pytest.mark.django_db


def test_the_demo_issues_a_cohort_and_revokes_one(cast, passed):
    certificates = build_certificates(
        actor=Actor(user=cast.hz_admin),
        today=dt.date(2026, 12, 6),
        cohort=passed.hz.cohort,
        revoke=passed.trainees[1],
    )
    assert len(certificates) == 2
    assert [c.revoked for c in certificates] == [False, True]
    assert passed.programme.certificate_seal.image
