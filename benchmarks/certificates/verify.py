"""The public verification page alone (target < 50 ms); ``issue.py`` measures it too, after
issuing. Run: ``PYTHONPATH=. .venv/bin/pytest -q -s benchmarks/certificates/verify.py``."""

import pytest

from tests.certificates.builders import passed_course
from touyan.certificates.models import Certificate
from touyan.certificates.services import request_issue
from touyan.core.actors import Actor

from .issue import verify_page

pytestmark = pytest.mark.django_db


def test_the_verification_page(cast, settings, tmp_path):
    settings.CERTIFICATE_SIGNING_KEY_DIR = tmp_path / "keys"
    course_ = passed_course()
    request_issue(actor=Actor(user=cast.hz_centre), cohort=course_.hz.cohort)
    verify_page(Certificate.objects.first())
