"""Running an allocation in the background, with its progress kept on the run.

``start_run`` records the run and asks the task queue for an ``allocation.run`` job
(``touyan.jobs``), handed to a worker once its transaction commits; with
``TOUYAN_BACKGROUND_JOBS=inline`` (tests, the demo build) it runs at once in the caller's
transaction. The job reads the problem, solves it exactly, writes the explanations and saves,
moving ``progress`` along; a page polls it. Its status moves (``states.RUN``) are taken under
the row lock and audited as the system's. A job whose worker died is delivered again and
computes the run afresh. A run found still unfinished long after its start (no worker took it
again) is shown failed on reading and recorded failed when the next run starts; if it then
finishes after all, its result is not kept.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor
from touyan.core.steps import require
from touyan.core.transitions import AlreadyDone
from touyan.jobs.kinds import job
from touyan.jobs.services import enqueue
from touyan.selection.models import Call
from touyan.selection.states import CALL

from .inputs import problem_of, weights_of
from .models import Run
from .problem import ProblemError, problem_from_data
from .result import result_document
from .solver import solve
from .states import RUN
from .wording import explanations

log = logging.getLogger(__name__)


def stale_after() -> dt.timedelta:
    """A run not finished this long after it started was lost: longer than a job's lease and
    the queue's wait before it delivers a job again."""
    return dt.timedelta(seconds=settings.JOB_LEASE_SECONDS * 3 // 2)


@transaction.atomic
def start_run(*, actor: Actor, call: Call, note: str = "") -> Run:
    call = CALL.lock(call)
    require(actor, "selection.decide", call)
    if call.purpose != "members":
        raise ValidationError(_("只有成员申报需要分配"))
    CALL.check(call, "allocate")
    if call.allocation_runs.filter(published_at__isnull=False).exists():
        raise ValidationError(_("分配结果已发布，不能再运行"))
    close_lost_runs(actor=actor, call=call)
    number = (call.allocation_runs.aggregate(n=Max("number"))["n"] or 0) + 1
    run = Run.objects.create(
        call=call,
        number=number,
        note=note.strip()[:200],
        policy_version=call.programme.policy_version,
        weights=weights_of(call),
        created_by=actor.user,
        phase=_("排队中"),
    )
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=run,
        scope_code=call.programme.jurisdiction_id,
        note=note,
    )
    enqueue(
        actor=actor,
        kind="allocation.run",
        payload={"run": run.pk},
        key=f"allocation.run:{run.pk}",
        scope_code=call.programme.jurisdiction_id,
    )
    run.refresh_from_db()
    return run


# Not atomic: the run's own workflow commits each move, and a run done or failed is not
# computed again.
@job("allocation.run", atomic=False, max_attempts=1)
def run_job(job, run: int) -> dict:
    execute_run(run)
    done = Run.objects.values("status", "objective").get(pk=run)
    return {"run": run, "status": done["status"], "objective": done["objective"]}


def _step(run: Run, progress: int, phase: str, **fields) -> None:
    run.progress, run.phase = progress, phase
    for name, value in fields.items():
        setattr(run, name, value)
    run.save(update_fields=["progress", "phase", *fields])


def _move(run: Run, action: str, progress: int, phase: str, **fields) -> Run:
    with transaction.atomic():
        return RUN.move(
            actor=Actor.system(),
            obj=run,
            action=action,
            fields={"progress": progress, "phase": phase, **fields},
        )


def _started(run: Run) -> Run | None:
    """The run moved to running, or ``None`` when another worker started it meanwhile."""
    try:
        return _move(run, "start", 5, _("读取申报与工作室"), started_at=timezone.now())
    except AlreadyDone:
        return None


def execute_run(run_pk: int) -> None:
    """Read, solve, explain, save. Failures are kept on the run, in words, never raised."""
    run = Run.objects.select_related("call__programme").get(pk=run_pk)
    # A running run is one whose job was delivered again after its worker died: computed anew.
    if not RUN.allows(run, "start") and run.status != Run.Status.RUNNING:
        return
    started = time.perf_counter()
    with override(settings.LANGUAGE_CODE):
        try:
            if run.status != Run.Status.RUNNING:
                running = _started(run)
                if running is None:
                    return
                run = running
            data = problem_of(run.call)
            _step(run, 30, _("求最优分配"), problem=data)
            # Solved as stored: through JSON, exactly what a repeat or ``touyan allocate`` reads.
            problem = problem_from_data(data=json.loads(json.dumps(data)))
            allocation = solve(problem=problem)
            _step(run, 70, _("逐人生成说明"))
            document = result_document(
                allocation=allocation, explanations=explanations(allocation=allocation)
            )
            with contextlib.suppress(AlreadyDone):  # recorded lost meanwhile: the result goes
                _move(
                    run,
                    "finish",
                    100,
                    _("完成"),
                    result=document,
                    objective=allocation.objective,
                    finished_at=timezone.now(),
                    seconds=round(time.perf_counter() - started, 3),
                )
        except (ValidationError, ProblemError) as error:
            messages = getattr(error, "messages", [str(error)])
            _fail(run, "\n".join(messages), started)
        except Exception:  # noqa: BLE001 (the run must say it failed, whatever happened)
            log.exception("allocation run %s failed", run_pk)
            _fail(run, _("计算出错，请联系系统管理员（运行 #%(n)d）") % {"n": run.number}, started)


def _fail(run: Run, error: str, started: float) -> None:
    with contextlib.suppress(AlreadyDone):  # recorded lost meanwhile
        _move(
            run,
            "fail",
            run.progress,
            _("失败"),
            error=error,
            finished_at=timezone.now(),
            seconds=round(time.perf_counter() - started, 3),
        )


def as_seen(run: Run, now: dt.datetime | None = None) -> Run:
    """A run whose process died stays "running"; show it failed once it is clearly lost.
    Only the copy in hand changes: reading a page writes nothing (``close_lost_runs`` does)."""
    now = now or timezone.now()
    if _lost(run, now):
        run.status, run.error, run.finished_at = Run.Status.FAILED, _lost_message(), now
    return run


def close_lost_runs(*, actor: Actor, call: Call, now: dt.datetime | None = None) -> None:
    """Record the call's lost runs as failed (done when a new run is started)."""
    now = now or timezone.now()
    lost = call.allocation_runs.filter(status__in=RUN.sources("fail"), finished_at__isnull=True)
    for run in RUN.lock_all(lost.select_related("call__programme")):
        if _lost(run, now):
            RUN.move(
                actor=actor,
                obj=run,
                action="fail",
                fields={"error": _lost_message(), "finished_at": now},
                note=_lost_message(),
            )


def _lost(run: Run, now: dt.datetime) -> bool:
    return not run.finished and now - (run.started_at or run.created_at) > stale_after()


def _lost_message() -> str:
    return _("计算未能完成（服务曾重启），请重新运行")
