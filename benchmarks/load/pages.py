"""Server time and queries of each page the load journeys walk, measured in one process.

    .venv/bin/python benchmarks/load/run.py --keep                  # builds a demo, keeps it
    .venv/bin/python benchmarks/load/pages.py --data-dir /tmp/touyan-load-…  [--postgres URL]

For each journey of ``locustfile.py`` (the same discovery of links, through Django's test
client instead of HTTP), every page is requested once to warm up, once to count its queries
and ``--repeat`` times to time it (CPU time of this process, which a busy machine disturbs
less than the clock; on PostgreSQL also the CPU time of the connection's server process, when
the server runs on this machine). Prints the pages, dearest first, and the mix as locust weighs it: the
journeys by their weight, the pages of a journey alike.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1]))


class Walker:
    """What a journey's ``discover`` needs of a locust user: ``open(path)`` and ``pages``."""

    def __init__(self, client):
        self.client = client
        self.pages: list[str] = []

    def open(self, path: str) -> str:
        response = self.client.get(path)
        return response.content.decode() if response.status_code == 200 else ""


def database_cpu() -> float:
    """Seconds of CPU the PostgreSQL server process of this connection has used (the server
    runs on this machine); 0 on SQLite, whose work is this process's own."""
    import psutil
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    connection.ensure_connection()
    times = psutil.Process(connection.connection.info.backend_pid).cpu_times()
    return times.user + times.system


def measure(client, path: str, repeat: int) -> tuple[float, float, int, int]:
    from django.db import connection

    client.get(path)
    statements = []
    with connection.execute_wrapper(
        lambda execute, sql, params, many, context: (
            statements.append(sql),
            execute(sql, params, many, context),
        )[1]
    ):
        status = client.get(path).status_code
    started, database_started = time.process_time(), database_cpu()
    for _ in range(repeat):
        client.get(path)
    ms = (time.process_time() - started) / repeat * 1000
    database_ms = (database_cpu() - database_started) / repeat * 1000
    return ms, database_ms, len(statements), status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--postgres", help="the demo's PostgreSQL database URL")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ.update(
        TOUYAN_DATA_DIR=str(args.data_dir), DEBUG="0", SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0", CSRF_COOKIE_SECURE="0", SECURE_HSTS_SECONDS="0",
        ALLOWED_HOSTS="testserver", LOG_LEVEL="ERROR", DJANGO_SETTINGS_MODULE="touyan.settings",
        # The journeys are read from the locustfile, without gevent taking over the threads.
        LOCUST_SKIP_MONKEY_PATCH="1",
    )  # fmt: skip
    if args.postgres:
        os.environ["DATABASE_URL"] = args.postgres
    import django

    django.setup()
    import locustfile
    from django.contrib.auth import get_user_model
    from django.test import Client

    rows, mix = [], []
    for name in ("Centre", "HainanCentre", "District", "Expert", "Trainee", "Visitor"):
        journey = getattr(locustfile, name)
        client = Client()
        if journey.username:
            client.force_login(get_user_model().objects.get(username=journey.username))
        walker = Walker(client)
        journey.discover(walker)
        timed = [(path, *measure(client, path, args.repeat)) for path in walker.pages]
        rows += [(ms, db, queries, status, name, path) for path, ms, db, queries, status in timed]
        mix.append(
            (
                journey.weight,
                statistics.mean(ms for _path, ms, _db, _q, _s in timed),
                statistics.mean(db for _path, _ms, db, _q, _s in timed),
                statistics.mean(q for _path, _ms, _db, q, _s in timed),
            )
        )
    print("| ms | database ms | queries | status | journey | page |")
    print("|---:|---:|---:|---:|---|---|")
    for ms, db, queries, status, name, path in sorted(rows, reverse=True):
        print(f"| {ms:.1f} | {db:.1f} | {queries} | {status} | {name} | {path} |")
    weights = sum(weight for weight, *_rest in mix)
    print(
        f"\nmix: {sum(w * ms for w, ms, _db, _q in mix) / weights:.1f} ms of server CPU, "
        f"{sum(w * db for w, _ms, db, _q in mix) / weights:.1f} ms of the database server's "
        f"(PostgreSQL) and {sum(w * q for w, _ms, _db, q in mix) / weights:.1f} queries per request"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
