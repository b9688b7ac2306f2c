"""An allocation run's status on the transitions table: the job's moves audited as the
system's, a lost run recorded failed by the next start and refused a late finish."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.formation import (
    close_and_approve,
    formation,
    member_applicant,
    member_apply,
    member_call,
)
from tests.selection_chain import actor_of
from touyan.allocation import jobs, services
from touyan.allocation.models import Run
from touyan.allocation.states import RUN
from touyan.audit.models import AuditEntry
from touyan.core.actors import Actor
from touyan.core.transitions import AlreadyDone
from touyan.jobs import runner
from touyan.jobs.models import Job

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready():
    f = formation(carried=1, members=2, new=1)
    member_call(f)
    kept, new = f.studios
    f.applications = [member_apply(f.call, member_applicant("460106"), [kept, new])]
    close_and_approve(f)
    return f


def status_entries(run: Run) -> list[tuple]:
    entries = AuditEntry.objects.filter(
        target_type__model="run", target_id=str(run.pk), changes__has_key="status"
    ).order_by("pk")
    return [(e.actor_id, e.changes["status"]) for e in entries]


def test_the_job_moves_the_run_as_the_system_and_audits_each_move(ready):
    run = jobs.start_run(actor=actor_of(ready.centre), call=ready.call)
    assert run.status == Run.Status.DONE
    assert status_entries(run) == [
        (None, [Run.Status.QUEUED, Run.Status.RUNNING]),
        (None, [Run.Status.RUNNING, Run.Status.DONE]),
    ]
    assert RUN.actions(run) == ["adjust"]
    jobs.execute_run(run.pk)  # a second start finds it done and changes nothing
    assert len(status_entries(run)) == 2


def test_a_lost_run_is_recorded_failed_and_its_late_result_is_not_kept(ready, settings):
    settings.TOUYAN_BACKGROUND_JOBS = "queue"
    lost = jobs.start_run(actor=actor_of(ready.centre), call=ready.call)
    Run.objects.filter(pk=lost.pk).update(
        status=Run.Status.RUNNING, started_at=timezone.now() - dt.timedelta(hours=1)
    )
    settings.TOUYAN_BACKGROUND_JOBS = "inline"
    jobs.start_run(actor=actor_of(ready.centre), call=ready.call)
    lost.refresh_from_db()
    assert lost.status == Run.Status.FAILED and lost.error
    assert status_entries(lost)[-1] == (ready.centre.pk, [Run.Status.RUNNING, Run.Status.FAILED])
    with pytest.raises(AlreadyDone):
        RUN.move(actor=Actor.system(), obj=lost, action="finish")
    with pytest.raises(ValidationError, match="尚未算完") as refused:
        services.move_member(
            actor=actor_of(ready.centre), run=lost, applicant="A1", studio=None, reason="x"
        )
    assert not isinstance(refused.value, AlreadyDone)


def test_a_run_is_a_job_of_the_queue_and_a_second_delivery_computes_it_afresh(ready, settings):
    settings.TOUYAN_BACKGROUND_JOBS = "queue"
    run = jobs.start_run(actor=actor_of(ready.centre), call=ready.call)
    job = Job.objects.get(kind="allocation.run")
    assert (job.payload, job.state, job.requested_by) == ({"run": run.pk}, "queued", ready.centre)
    assert run.status == Run.Status.QUEUED
    # The first worker started the run and died; the queue delivers the job again.
    Run.objects.filter(pk=run.pk).update(status=Run.Status.RUNNING, started_at=timezone.now())
    assert runner.run(job.pk) == "done"
    run.refresh_from_db()
    job.refresh_from_db()
    assert run.status == Run.Status.DONE and run.result
    assert job.result == {"run": run.pk, "status": "done", "objective": run.objective}
