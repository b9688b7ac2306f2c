import datetime as dt

import pytest
from django.utils import timezone
from django_q.models import OrmQ, Schedule

from touyan.audit.models import AuditEntry
from touyan.core import registry
from touyan.core.actors import Actor
from touyan.jobs import runner
from touyan.jobs.health import last_heartbeat, oldest_waiting_job
from touyan.jobs.models import Job, WorkerBeat
from touyan.jobs.schedule import PERIODIC, ensure_schedule, nightly
from touyan.jobs.services import enqueue

from . import kinds_for_tests

pytestmark = pytest.mark.django_db


def effects(job):
    return AuditEntry.objects.filter(target_id=str(job.pk), note="once").count()


def test_an_enqueued_job_runs_once_and_a_second_delivery_changes_nothing():
    job = enqueue(actor=Actor.system(), kind="tests.effect", payload={"note": "once"})
    assert (job.state, job.attempts, job.result) == (Job.State.DONE, 1, {"note": "once"})
    assert runner.run(job.pk) == "skipped"
    assert effects(job) == 1


def test_a_key_asks_for_a_job_once():
    first = enqueue(actor=Actor.system(), kind="tests.effect", payload={"note": "once"}, key="k")
    again = enqueue(actor=Actor.system(), kind="tests.effect", payload={"note": "once"}, key="k")
    assert first.pk == again.pk
    assert effects(first) == 1


def test_in_production_the_job_is_handed_to_the_queue_after_the_commit(
    settings, django_capture_on_commit_callbacks
):
    settings.TOUYAN_BACKGROUND_JOBS = "queue"
    with django_capture_on_commit_callbacks(execute=True):
        job = enqueue(actor=Actor.system(), kind="tests.effect", payload={"note": "once"})
        assert not OrmQ.objects.exists()
    assert job.state == Job.State.QUEUED
    assert OrmQ.objects.count() == 1
    assert runner.run(job.pk) == "done"
    assert effects(job) == 1


def test_a_failing_job_is_retried_with_backoff_then_failed_with_its_error(
    settings, django_capture_on_commit_callbacks
):
    settings.TOUYAN_BACKGROUND_JOBS = "queue"
    settings.JOB_RETRY_BACKOFF = 30
    job = enqueue(actor=Actor.system(), kind="tests.failing")
    waits = []
    for attempt in (1, 2):
        Job.objects.filter(pk=job.pk).update(next_attempt_at=None)
        with django_capture_on_commit_callbacks(execute=True):
            started = timezone.now()
            assert runner.run(job.pk) == "retry"
        job.refresh_from_db()
        assert (job.state, job.attempts) == (Job.State.QUEUED, attempt)
        assert "503" in job.error
        waits.append(job.next_attempt_at - started)
        assert Schedule.objects.filter(func=runner.__name__ + ".run", args=repr(job.pk)).exists()
    assert waits[0] >= dt.timedelta(seconds=30) and waits[1] >= dt.timedelta(seconds=60)
    assert runner.run(job.pk) == "skipped"  # delivered before its time
    Job.objects.filter(pk=job.pk).update(next_attempt_at=None)
    assert runner.run(job.pk) == "failed"
    job.refresh_from_db()
    assert (job.state, job.attempts) == (Job.State.FAILED, 3)
    assert "RuntimeError: the service answered 503" in job.error
    assert job.finished_at is not None


def test_a_running_job_is_left_to_its_worker_until_its_lease_expires(settings):
    settings.TOUYAN_BACKGROUND_JOBS = "queue"
    job = enqueue(actor=Actor.system(), kind="tests.effect", payload={"note": "once"})
    held = timezone.now() + dt.timedelta(minutes=5)
    Job.objects.filter(pk=job.pk).update(state="running", attempts=1, worker="x", locked_until=held)
    assert runner.run(job.pk) == "skipped"
    Job.objects.filter(pk=job.pk).update(locked_until=timezone.now() - dt.timedelta(seconds=1))
    assert runner.run(job.pk) == "done"
    job.refresh_from_db()
    assert (job.state, job.attempts) == (Job.State.DONE, 2)
    assert effects(job) == 1


def test_progress_is_kept_on_the_job():
    job = Job.objects.create(kind="tests.effect")
    job.progress(30, 120, "第 30 行")
    job.refresh_from_db()
    assert (job.progress_current, job.progress_total, job.percent) == (30, 120, 25)
    assert job.progress_message == "第 30 行"


def test_lost_deliveries_are_handed_again(settings):
    settings.TOUYAN_BACKGROUND_JOBS = "queue"
    long_ago = timezone.now() - dt.timedelta(hours=2)
    lost = Job.objects.create(kind="tests.effect", created_at=long_ago)
    Job.objects.create(kind="tests.effect")  # just asked for: its delivery is on its way
    assert runner.redeliver_lost() == 1
    assert OrmQ.objects.count() == 1
    assert runner.run(lost.pk) == "done"


def test_the_worker_writes_the_schedule_and_the_nightly_jobs_run_once_a_day(settings):
    ensure_schedule()
    ensure_schedule()
    assert set(Schedule.objects.values_list("name", flat=True)) == set(PERIODIC)
    assert Schedule.objects.get(name="purge-uploads").minutes == 24 * 60
    first, again = nightly("uploads.purge"), nightly("uploads.purge")
    assert first == again
    assert Job.objects.get(pk=first).state == Job.State.DONE


def test_health_reports_the_oldest_waiting_job_and_the_last_heartbeat(settings):
    settings.JOB_HEARTBEAT_ALERT_SECONDS = 180
    settings.TOUYAN_BACKGROUND_JOBS = "queue"
    queue, worker = oldest_waiting_job(), last_heartbeat()
    assert queue["ok"] and not worker["ok"]
    runner.heartbeat()
    Job.objects.create(kind="tests.effect", created_at=timezone.now() - dt.timedelta(hours=1))
    queue, worker = oldest_waiting_job(), last_heartbeat()
    assert not queue["ok"] and queue["detail"]["oldest_waiting_seconds"] >= 3600
    assert worker["ok"] and WorkerBeat.objects.count() == 1
    assert registry.HEALTH.contributions()[-2:] == [oldest_waiting_job, last_heartbeat]
    settings.TOUYAN_BACKGROUND_JOBS = "inline"
    assert last_heartbeat()["ok"]  # jobs run in the caller: no worker to wait for


assert kinds_for_tests.effect  # registers the kinds used here
