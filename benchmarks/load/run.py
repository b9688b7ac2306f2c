"""The load benchmark: the demo roles' journeys (``locustfile.py``) against the production
server, 50 users in a closed loop with no pause, then ``/livez`` alone on the same server.

    .venv/bin/pip install -c requirements.lock -e ".[bench]"     # once: locust, psutil
    .venv/bin/python benchmarks/load/run.py                       # SQLite
    .venv/bin/python benchmarks/load/run.py --postgres            # PostgreSQL (touyan_load)

It builds the demo (``touyan migrate`` + ``touyan demo``) in a temporary data folder (and, with
``--postgres``, in a database it creates and drops), starts ``touyan serve`` (or, in a tree
without it, gunicorn on ``touyan.wsgi``) with 2 × CPUs + 1 workers, runs locust headless for
``--duration`` seconds with the journeys (after they have signed in and read their links) and
again with the baseline alone, and prints
requests/s, p50/p95/p99 and errors per page, and the CPU share of the load generator itself.
Exits 1 when a request failed or the mix's p95 reaches ``--p95`` ms.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parents[1]
BIN = Path(sys.executable).parent
JOURNEYS = ["Centre", "HainanCentre", "District", "Expert", "Trainee", "Visitor"]
POSTGRES = "postgres://postgres@127.0.0.1:5432/touyan_load"
# The most the journeys' sign-in and link reading may take before the measured loop begins.
WARMUP_LIMIT = 300


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


def recreate_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    if not name.startswith("touyan_"):
        raise SystemExit(f"refusing to recreate {name!r}: the name must start with touyan_")
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        db.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def has_serve(env: dict) -> bool:
    done = subprocess.run(
        [str(BIN / "touyan"), "help", "serve"], env=env, capture_output=True, check=False
    )
    return done.returncode == 0


def start_server(env: dict, port: int, workers: int, log: Path) -> subprocess.Popen:
    if has_serve(env):
        command = [str(BIN / "touyan"), "serve", "--bind", f"127.0.0.1:{port}"]
        command += ["--workers", str(workers)]
    else:
        command = [str(BIN / "gunicorn"), "touyan.wsgi", "--bind", f"127.0.0.1:{port}"]
        command += ["--workers", str(workers), "--access-logfile", "/dev/null"]
    print("server:", " ".join(command[1:]), flush=True)
    with log.open("wb") as out:
        return subprocess.Popen(
            command,
            env=env,
            cwd=REPOSITORY,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def wait_for(url: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("the server ended before answering")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"no answer from {url} within {timeout}s")


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


def run_locust(
    host: str, classes: list[str], args, prefix: Path, env: dict, *, warmup: bool = False
) -> dict:
    """With ``warmup``, the journeys sign in and read their links first; the statistics cover
    the ``--duration`` seconds after the last user is ready (see locustfile.py), and the warm-up's
    are kept beside them."""
    run_time = args.duration + WARMUP_LIMIT if warmup else args.duration
    command = [
        str(BIN / "locust"), "-f", str(HERE / "locustfile.py"), "--headless",
        "--users", str(args.users), "--spawn-rate", str(args.users),
        "--run-time", f"{run_time}s", "--host", host, "--csv", str(prefix),
        "--only-summary", "--loglevel", "WARNING", *classes,
    ]  # fmt: skip
    env = dict(env)
    warmup_file = Path(f"{prefix}_warmup.json")
    if warmup:
        env.update(TOUYAN_LOAD_SECONDS=str(args.duration), TOUYAN_LOAD_WARMUP=str(warmup_file))
    machine_before = psutil.cpu_times()
    started = time.monotonic()
    with Path(f"{prefix}.log").open("wb") as log:
        locust = psutil.Popen(command, env=env, cwd=REPOSITORY, stdout=log, stderr=log)
    own = locust.cpu_times()
    while locust.poll() is None:
        try:
            own = locust.cpu_times()
        except psutil.NoSuchProcess:
            break
        time.sleep(0.5)
    wall = time.monotonic() - started
    machine_after = psutil.cpu_times()
    busy = sum(machine_after) - sum(machine_before) - (machine_after.idle - machine_before.idle)
    return {
        "rows": read_stats(Path(f"{prefix}_stats.csv")),
        "warmup": json.loads(warmup_file.read_text()) if warmup_file.exists() else {},
        "locust_cpu": own.user + own.system,
        "wall": wall,
        "machine_busy": busy,
    }


def read_stats(path: Path) -> list[dict]:
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


def report(title: str, result: dict) -> dict:
    rows = result["rows"]
    print(f"\n## {title}\n")
    print("| page | requests | errors | req/s | p50 ms | p95 ms | p99 ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    total = {}
    for row in rows:
        name = f"{row['Type']} {row['Name']}" if row["Name"] != "Aggregated" else "**all**"
        print(
            f"| {name} | {row['Request Count']} | {row['Failure Count']} "
            f"| {float(row['Requests/s']):.1f} | {row['50%']} | {row['95%']} | {row['99%']} |"
        )
        if row["Name"] == "Aggregated":
            total = row
    if warmup := result.get("warmup"):
        signing_in = warmup.get("POST sign in", {})
        print(
            f"\nwarm-up before the measure: {len(warmup)} pages read; sign-in "
            f"{signing_in.get('requests', 0)} × (p50 {signing_in.get('p50', 0):.0f} ms, "
            f"p95 {signing_in.get('p95', 0):.0f} ms, all at once)"
        )
    share = result["locust_cpu"] / (result["wall"] * cpus())
    print(
        f"\nload generator CPU: {result['locust_cpu']:.1f} s in {result['wall']:.0f} s "
        f"= {share:.0%} of {cpus()} CPUs "
        f"(the whole machine was busy {result['machine_busy'] / (result['wall'] * cpus()):.0%})"
    )
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", nargs="?", const=POSTGRES, help=f"default {POSTGRES}")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2 * cpus() + 1)
    parser.add_argument("--p95", type=float, default=500)
    parser.add_argument("--data-dir", type=Path, help="a data folder with the demo already built")
    parser.add_argument("--keep", action="store_true", help="keep the database and data folder")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="touyan-load-"))
    data_dir = args.data_dir or scratch
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(
        TOUYAN_DATA_DIR=str(data_dir), DEBUG="0", SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0", CSRF_COOKIE_SECURE="0", SECURE_HSTS_SECONDS="0",
        ALLOWED_HOSTS="127.0.0.1,localhost", CONN_MAX_AGE="60", LOG_LEVEL="WARNING",
    )  # fmt: skip
    if args.postgres:
        env["DATABASE_URL"] = args.postgres
    if args.data_dir is None:
        if args.postgres:
            recreate_database(args.postgres)
        print(f"building the demo ({'PostgreSQL' if args.postgres else 'SQLite'}) …", flush=True)
        # The data folder holds the collected static files too (STATIC_ROOT lies under it).
        for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"], ["demo"]):
            subprocess.run(
                [str(BIN / "touyan"), *command], env=env, check=True, stdout=subprocess.DEVNULL
            )
    port = free_port()
    host = f"http://127.0.0.1:{port}"
    server = start_server(env, port, args.workers, scratch / "server.log")
    try:
        wait_for(f"{host}/accounts/login/", server)
        mix = report(
            f"the journeys: {args.users} users, no pause, {args.duration} s",
            run_locust(host, JOURNEYS, args, scratch / "mix", env, warmup=True),
        )
        baseline_path = "/livez" if answers(f"{host}/livez") else "/static/touyan/goose.svg"
        env["TOUYAN_LOAD_BASELINE"] = baseline_path
        base = report(
            f"{baseline_path} alone: {args.users} users, no pause, {args.duration} s",
            run_locust(host, ["Livez"], args, scratch / "baseline", env),
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)
        if args.postgres and not args.keep and args.data_dir is None:
            drop_database(args.postgres)
    print(
        f"\nmix {float(mix['Requests/s']):.1f} req/s (p95 {mix['95%']} ms, "
        f"{mix['Failure Count']} errors) beside {baseline_path} {float(base['Requests/s']):.1f} "
        f"req/s on the same server"
    )
    if args.keep:
        print(f"kept {scratch}")
    else:
        shutil.rmtree(scratch, ignore_errors=True)
    failed = int(mix["Failure Count"]) > 0 or float(mix["95%"]) >= args.p95
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
