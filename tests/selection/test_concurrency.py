"""Two people taking the same step at the same moment: one change, one clear message."""

import threading

import pytest
from django.db import connection

from tests.selection_chain import actor_of, applicant, apply, candidate_call, officer
from touyan.audit.models import AuditEntry
from touyan.core.transitions import AlreadyDone
from touyan.selection.models import Application
from touyan.selection.services import district


@pytest.mark.clause("HZ-4.1.2")
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks between threads need PostgreSQL"
)
def test_two_officers_approving_at_the_same_moment_give_one_approval(reference_data):
    chain = candidate_call()
    application = apply(chain.call, applicant())
    officers = [officer(), officer()]
    outcomes, barrier = [], threading.Barrier(2)

    def approve(user):
        barrier.wait()
        try:
            district.review_application(
                actor=actor_of(user), application=application, decision="endorse"
            )
            outcomes.append("approved")
        except AlreadyDone as done:
            outcomes.append(done.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(user,)) for user in officers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes)[0] == "approved"
    assert "本次操作未重复执行" in sorted(outcomes)[1]
    application.refresh_from_db()
    assert application.status == Application.Status.ENDORSED
    approvals = AuditEntry.objects.filter(
        target_type__model="application",
        target_id=str(application.pk),
        changes__status=[Application.Status.SUBMITTED, Application.Status.ENDORSED],
    )
    assert approvals.count() == 1
