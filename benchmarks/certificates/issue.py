"""Certificates for a cohort of 50: PDF, credential and audit each (target < 30 s), and the
public verification page (target < 50 ms). Run: ``PYTHONPATH=. .venv/bin/pytest -q -s benchmarks/certificates/issue.py``."""

import cProfile
import os
import statistics
import time

import pytest
from django.test import Client
from django.urls import reverse

from tests.certificates.builders import decide
from tests.training.course import course
from touyan.certificates.models import Certificate
from touyan.certificates.services import request_issue
from touyan.core.actors import Actor

pytestmark = pytest.mark.django_db


def test_a_cohort_of_fifty(cast, settings, tmp_path):
    settings.CERTIFICATE_SIGNING_KEY_DIR = tmp_path / "keys"
    course_ = course(trainees=50)
    decide(course_, fail_last=False)
    started = time.perf_counter()
    if os.environ.get("PROFILE"):
        cProfile.runctx(
            "request_issue(actor=Actor(user=cast.hz_centre), cohort=course_.hz.cohort)",
            globals(),
            locals(),
            os.environ["PROFILE"],
        )
    else:
        request_issue(actor=Actor(user=cast.hz_centre), cohort=course_.hz.cohort)
    seconds = time.perf_counter() - started
    assert Certificate.objects.count() == 50
    print(f"\n50 certificates: {seconds:.1f} s")
    assert seconds < 30
    verify_page(Certificate.objects.first())


def verify_page(certificate):
    client = Client()
    url = reverse("certificates:verify", args=[certificate.token])
    client.get(url)
    timings = []
    for _ in range(50):
        started = time.perf_counter()
        assert client.get(url).status_code == 200
        timings.append((time.perf_counter() - started) * 1000)
    print(
        f"verification page: median {statistics.median(timings):.1f} ms, max {max(timings):.1f} ms"
    )
    assert statistics.median(timings) < 50
