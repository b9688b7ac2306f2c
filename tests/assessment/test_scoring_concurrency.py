"""The last two experts of a case submitting at the same moment: the case is scored once, from
all three totals."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from touyan.assessment.models import Case
from touyan.audit.models import AuditEntry

from ..programmes import hainan
from .scoring import scoring_round, submit


@pytest.mark.clause("HN-5.4")
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks between threads need PostgreSQL"
)
def test_two_last_submissions_at_once_score_the_case_once(reference_data):
    round_, people = scoring_round(hainan(studios=1, members=1))
    case = round_.cases.get()
    first, *last = case.scores.order_by("pk")
    submit(first, 90)
    errors, barrier = [], threading.Barrier(2)

    def hand_in(score, value):
        barrier.wait()
        try:
            submit(score, value)
        except Exception as error:  # noqa: BLE001 — reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=hand_in, args=(score, value))
        for score, value in zip(last, [80, 70], strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    case.refresh_from_db()
    assert case.status == Case.Status.SCORED
    assert case.score == Decimal("80.00") and case.spread == Decimal("20.00")
    completions = AuditEntry.objects.filter(
        target_type__model="case",
        target_id=str(case.pk),
        changes__status=[Case.Status.SUBMITTED, Case.Status.SCORED],
    )
    assert completions.count() == 1
