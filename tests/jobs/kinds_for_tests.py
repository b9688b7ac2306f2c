"""Job kinds the tests enqueue; a worker started by a test finds them through
``TOUYAN_JOB_MODULES``."""

import time
from pathlib import Path

from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor
from touyan.jobs.kinds import job
from touyan.jobs.models import Job

CALLS: list[dict] = []


@job("tests.effect")
def effect(job: Job, note: str = "") -> dict:
    """Its effect is one audit entry on the job, written in the job's transaction."""
    CALLS.append({"job": job.pk, "note": note})
    record(actor=Actor.system(), verb=Verb.UPDATE, target=job, note=note)
    return {"note": note}


@job("tests.blocking")
def blocking(job: Job, folder: str) -> dict:
    """Writes its effect, says it started (a file per attempt), then waits for the flag."""
    folder = Path(folder)
    record(actor=Actor.system(), verb=Verb.UPDATE, target=job, note="effect")
    (folder / f"started-{job.attempts}").write_text(str(job.pk))
    deadline = time.monotonic() + 60
    while not (folder / "go").exists():
        if time.monotonic() > deadline:
            raise TimeoutError("no flag")
        time.sleep(0.1)
    return {"attempt": job.attempts}


@job("tests.failing", max_attempts=3)
def failing(job: Job) -> None:
    raise RuntimeError("the service answered 503")
