"""What the benchmark scripts share: a migrated Django in a data folder, programmes, schools and
principals written in bulk, and timing a page through the test client.

A script in a folder below ``benchmarks/`` puts this folder on ``sys.path`` and imports it::

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import kit  # noqa: E402

Everything that needs Django imports it inside the function, after ``django_in``.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
TOUYAN = Path(sys.executable).with_name("touyan")
STATIC_FILES = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}


def migrate(env: dict) -> None:
    """``touyan migrate`` in a process of its own, with ``env`` as its environment."""
    subprocess.run(
        [str(TOUYAN), "migrate", "--noinput"], env=env, check=True, stdout=subprocess.DEVNULL
    )


def django_in(folder: str | Path, *, jobs: str | None = None) -> None:
    """Django set up on the data folder ``folder`` (or the database of ``DATABASE_URL``),
    migrated first; ``jobs`` sets ``TOUYAN_BACKGROUND_JOBS`` ("inline", "queue").

    Static files are served by name: pages link the stylesheet by name, and the hashed names
    exist only after collectstatic."""
    if str(REPOSITORY) not in sys.path:
        sys.path.insert(0, str(REPOSITORY))
    os.environ.update(
        TOUYAN_DATA_DIR=str(folder),
        DJANGO_SETTINGS_MODULE="touyan.settings",
        DEBUG="0",
        SECURE_SSL_REDIRECT="0",
        ALLOWED_HOSTS="testserver",
    )
    if jobs is not None:
        os.environ["TOUYAN_BACKGROUND_JOBS"] = jobs
    migrate(dict(os.environ))
    import django

    django.setup()
    from django.conf import settings

    settings.STORAGES = {**settings.STORAGES, "staticfiles": STATIC_FILES}


def programme(actor, preset: str, *, slug: str, name: str, starts_on: dt.date):
    """A programme under the shipped ``preset``, its policy published first."""
    from touyan.policies.presets import preset_text
    from touyan.policies.services import publish_policy
    from touyan.programmes import services as programmes

    version = publish_policy(actor=actor, text=preset_text(preset))
    return programmes.create_programme(
        actor=actor, slug=slug, name=name, policy_version=version, starts_on=starts_on
    )


def districts(prefix: str) -> list[str]:
    """The codes of the districts (counties) whose code starts with ``prefix``."""
    from touyan.regions.models import Region

    return list(
        Region.objects.filter(code__startswith=prefix)
        .exclude(code__endswith="00")
        .values_list("code", flat=True)
    )


def schools(
    count: int,
    regions: list[str],
    *,
    kind: str,
    name: str = "基准学校",
    rural_every: int | None = None,
    batch_size: int | None = None,
):
    """``count`` schools named ``name`` and their number, over ``regions`` in turn; with
    ``rural_every`` each school whose number divides by it is rural."""
    from touyan.people.models import School

    return School.objects.bulk_create(
        (
            School(
                name=f"{name}{n}",
                region_id=regions[n % len(regions)],
                kind=kind,
                is_rural=rural_every is not None and n % rural_every == 0,
            )
            for n in range(count)
        ),
        batch_size=batch_size,
    )


def principals(
    schools,
    *,
    name: str,
    born_from: int = 1960,
    years: int = 30,
    days: int = 28,
    serial_from: int = 0,
    batch_size: int | None = None,
):
    """A principal for each school, named ``name`` and their number, with a synthetic ID number
    of the school's region: the n-th born in ``born_from + n % years``, month ``1 + n % 12``,
    day ``1 + n % days``, serial ``(serial_from + n) % 999``."""
    from touyan.core import crypto, identity
    from touyan.people.enums import Position
    from touyan.people.models import Principal

    made = []
    for n, school in enumerate(schools):
        born = dt.date(born_from + n % years, 1 + n % 12, 1 + n % days)
        number = identity.make_id_number(school.region_id, born, (serial_from + n) % 999)
        made.append(
            Principal(
                name=f"{name}{n}",
                gender=identity.gender_from_id(number),
                birth_date=identity.birth_date_from_id(number),
                id_number=number,
                id_digest=crypto.digest(number),
                school=school,
                position=Position.PRINCIPAL,
            )
        )
    return Principal.objects.bulk_create(made, batch_size=batch_size)


def studios(programme, hosts, *, batch_size: int | None = None):
    """A studio of ``programme`` for each host, at the host's school, named after the host."""
    from touyan.programmes.models import Studio

    return Studio.objects.bulk_create(
        (
            Studio(
                programme=programme,
                name=f"{host.name}中学卓越校长工作室",
                host=host,
                base_school=host.school,
                region_id=host.school.region_id,
            )
            for host in hosts
        ),
        batch_size=batch_size,
    )


def analyze() -> None:
    """Fresh statistics on PostgreSQL, as autovacuum would keep them."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def time_get(client, url: str, repeat: int) -> tuple[float, float, int]:
    """``url`` through the test client, once to warm the per-process caches (templates, parsed
    policy) and ``repeat`` times measured: the median wall-clock and CPU milliseconds and the
    queries of one request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    times, cpu, queries = [], [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured.captured_queries)
    return statistics.median(times), statistics.median(cpu), queries


def print_load() -> None:
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


def print_pages(rows, count: str) -> None:
    """A table of ``(url, median ms, cpu ms, queries, n)`` rows; ``count`` heads the last
    column."""
    print(f"{'page':<40} {'median ms':>10} {'cpu ms':>8} {'queries':>8} {count:>6}")
    for url, ms, cpu, queries, n in rows:
        print(f"{url:<40} {ms:>10.1f} {cpu:>8.1f} {queries:>8} {n:>6}")


def in_throwaway_place(options, prefix: str, benchmark) -> int:
    """Run ``benchmark(options)`` on a temporary data folder and, with
    ``options.database_url``, a PostgreSQL database created first (``options.drop_existing``
    replaces one) and dropped after; the folder is removed unless ``options.keep``."""
    import shutil
    import tempfile

    from roster_import import _create_postgres_database, _drop_postgres_database

    if options.database_url:
        _create_postgres_database(options.database_url, drop_existing=options.drop_existing)
        os.environ["DATABASE_URL"] = options.database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    work = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ["TOUYAN_DATA_DIR"] = str(work / "data")
    try:
        return benchmark(options)
    finally:
        from django.db import connections

        connections.close_all()
        if options.database_url:
            _drop_postgres_database(options.database_url)
        if options.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
