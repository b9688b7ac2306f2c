"""Server time and queries of the compliance dashboard, evaluated (cache miss) and served from the
shared cache (hit), for the demo's centre staff and a district officer.

    .venv/bin/python benchmarks/compliance/dashboard_cache.py                 # builds the demo
    .venv/bin/python benchmarks/compliance/dashboard_cache.py --data-dir DIR  # a built demo

Builds the demo (``touyan migrate`` + ``touyan demo``) in a temporary data folder unless given
one, then requests each page through the Django test client: ``--misses`` times with the cache
emptied first, ``--hits`` times with it warm; prints the median milliseconds and the queries of
one request of each kind.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
TOUYAN = Path(sys.executable).with_name("touyan")

PAGES = [
    ("hn-centre", "/compliance/hainan-studios-2025/"),
    ("hn-centre", "/compliance/hainan-studios-2025/?state=missed"),
    ("hn-centre", "/compliance/hainan-studios-2022/"),
    ("hz-centre", "/compliance/hangzhou-training-202604/"),
    ("hz-centre", "/compliance/hangzhou-training-202604/?state=at_risk"),
    ("hz-xihu", "/compliance/hangzhou-training-202604/"),
]


def build_demo(data_dir: Path) -> None:
    env = {**os.environ, "TOUYAN_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    for args in (["migrate", "--noinput"], ["demo"]):
        subprocess.run([str(TOUYAN), *args], env=env, check=True, stdout=subprocess.DEVNULL)


def measure(args) -> list[tuple]:
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from touyan.accounts.models import User

    def one(client, url, *, empty: bool) -> tuple[float, int]:
        if empty:
            cache.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - started
        assert response.status_code == 200, (url, response.status_code)
        return elapsed * 1000, len(captured.captured_queries)

    rows = []
    for username, url in PAGES:
        client = Client()
        client.force_login(User.objects.get(username=username))
        one(client, url, empty=True)  # warm the per-process caches (templates, parsed policy)
        misses = [one(client, url, empty=True) for _ in range(args.misses)]
        one(client, url, empty=False)
        hits = [one(client, url, empty=False) for _ in range(args.hits)]
        rows.append(
            (
                username,
                url,
                statistics.median(m[0] for m in misses),
                misses[-1][1],
                statistics.median(h[0] for h in hits),
                hits[-1][1],
            )
        )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, help="a data folder with the demo built")
    parser.add_argument("--misses", type=int, default=5)
    parser.add_argument("--hits", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="touyan-dashboard-") as scratch:
        data_dir = args.data_dir or Path(scratch)
        if args.data_dir is None:
            print(f"building the demo in {data_dir} …", flush=True)
            build_demo(data_dir)
        os.environ.pop("DATABASE_URL", None)
        os.environ.update(
            TOUYAN_DATA_DIR=str(data_dir),
            DJANGO_SETTINGS_MODULE="touyan.settings",
            DEBUG="0",
            SECURE_SSL_REDIRECT="0",
            ALLOWED_HOSTS="testserver",
        )
        sys.path.insert(0, str(REPOSITORY))
        rows = measure(args)
    print("\n| user | page | miss ms | miss queries | hit ms | hit queries |")
    print("|---|---|---:|---:|---:|---:|")
    for username, url, miss, miss_q, hit, hit_q in rows:
        print(f"| {username} | `{url}` | {miss:.1f} | {miss_q} | {hit:.1f} | {hit_q} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
