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


def _env(data_dir: Path, database_url: str | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CACHE_URL"}}
    if database_url:
        env["DATABASE_URL"] = database_url
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


@pytest.fixture
def worker_database(tmp_path):
    """A database of the worker's own, of the kind the suite runs on: a SQLite file in the
    SQLite pass, a fresh PostgreSQL database (dropped after) in the PostgreSQL pass.
    Yields its URL (None for the data folder's SQLite file) and a function running one query."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        database = None

        def query(sql, params=()):
            nonlocal database
            if database is None:
                database = sqlite3.connect(tmp_path / "data" / "touyan.sqlite3", timeout=30)
            return database.execute(sql.replace("%s", "?"), params).fetchone()

        yield None, query
        if database is not None:
            database.close()
        return
    import psycopg

    server, name = url.rsplit("/", 1)[0], f"touyan_killed_{os.getpid()}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        with psycopg.connect(f"{server}/{name}", autocommit=True) as database:
            yield (
                f"{server}/{name}",
                lambda sql, params=(): database.execute(sql, params).fetchone(),
            )
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# Runs in both passes of CI, on the database kind of the pass (beside the scale-out test).
def test_a_job_whose_worker_is_killed_is_run_again_and_applied_once(tmp_path, worker_database):
    data, flags = tmp_path / "data", tmp_path / "flags"
    flags.mkdir()
    database_url, query = worker_database
    env = _env(data, database_url)
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

    def job():
        return tuple(query("SELECT state, attempts FROM jobs_job WHERE id = %s", (pk,)))

    def effects():
        return query(
            "SELECT count(*) FROM audit_auditentry WHERE target_id = %s AND note = 'effect'",
            (str(pk),),
        )[0]

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
