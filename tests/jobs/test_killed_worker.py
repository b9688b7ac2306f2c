"""At-least-once delivery, exactly-once effect: a worker killed in the middle of a job leaves
nothing applied; the next worker runs the job again and its effect is there once."""

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOUYAN = str(Path(sys.executable).with_name("touyan"))


def _env(data_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CACHE_URL"}}
    env.update(
        TOUYAN_DATA_DIR=str(data_dir),
        TOUYAN_JOB_MODULES="tests.jobs.kinds_for_tests",
        TOUYAN_BACKGROUND_JOBS="queue",
        PYTHONPATH=str(ROOT),
        QUEUE_TIMEOUT="3",
        QUEUE_WORKERS="1",
        QUEUE_URL="",
    )
    return env


def _start_worker(env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [TOUYAN, "worker"],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _stop(process: subprocess.Popen, sig=signal.SIGKILL) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
    process.wait(timeout=30)


def _wait_for(check, seconds: float, what: str, log: Path):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := check():
            return value
        time.sleep(0.2)
    raise AssertionError(f"waited {seconds} s for {what}; worker log:\n{log.read_text()[-4000:]}")


# The worker runs on a database file of its own, whatever database the suite uses: once is enough.
@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="runs in the SQLite pass")
def test_a_job_whose_worker_is_killed_is_run_again_and_applied_once(tmp_path):
    data, flags = tmp_path / "data", tmp_path / "flags"
    flags.mkdir()
    env = _env(data)
    log = tmp_path / "worker.log"
    subprocess.run([TOUYAN, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    enqueued = subprocess.run(
        [
            TOUYAN,
            "shell",
            "-c",
            "from touyan.core.actors import Actor; from touyan.jobs.services import enqueue; "
            f"print(enqueue(actor=Actor.system(), kind='tests.blocking', "
            f"payload={{'folder': {str(flags)!r}}}).pk)",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    pk = int(enqueued.stdout.strip().splitlines()[-1])
    database = sqlite3.connect(data / "touyan.sqlite3", timeout=30)

    def job():
        return database.execute(
            "SELECT state, attempts FROM jobs_job WHERE id = ?", (pk,)
        ).fetchone()

    def effects():
        return database.execute(
            "SELECT count(*) FROM audit_auditentry WHERE target_id = ? AND note = 'effect'",
            (str(pk),),
        ).fetchone()[0]

    first = _start_worker(env, log)
    try:
        _wait_for(lambda: (flags / "started-1").exists(), 60, "the first attempt", log)
    finally:
        _stop(first)
    assert job() == ("running", 1)
    assert effects() == 0

    (flags / "go").write_text("")
    second = _start_worker(env, log)
    try:
        _wait_for(lambda: job()[0] == "done", 60, "the job done by the second worker", log)
    finally:
        _stop(second)
    assert job() == ("done", 2)
    assert effects() == 1
    assert (flags / "started-2").exists()
