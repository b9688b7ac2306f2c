"""Benchmark the roster import: dry run, write, and a second dry run of the same file.

    .venv/bin/python benchmarks/roster_import.py                       # 100,000 rows on SQLite
    .venv/bin/python benchmarks/roster_import.py --rows 20000 --bad 30
    .venv/bin/python benchmarks/roster_import.py --database-url postgres://postgres@127.0.0.1:5432/touyan_bench

Every run uses a fresh database: a SQLite file in a temporary data folder, or, with
``--database-url``, a PostgreSQL database this script creates (it refuses to touch one that
already exists unless given ``--drop-existing``) and drops afterwards.

Exits with 1 when dry run + write take longer than the product target (100,000 rows in under a
minute), when the second dry run finds anything to change, or when the counts are not those the
file calls for.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import gc
import os
import resource
import shutil
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCHMARKS = Path(__file__).resolve().parent
REPOSITORY = BENCHMARKS.parent
for folder in (REPOSITORY, BENCHMARKS):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import make_roster  # noqa: E402

TARGET_SECONDS = 60.0
MIB = 1024 * 1024


# --- memory -----------------------------------------------------------------------------------


def _peak_rss_reset() -> bool:
    """Reset the kernel's high-water mark of this process's RSS (Linux), so that each phase
    gets its own peak. False where that is not possible."""
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
        return True
    except OSError:
        return False


def _peak_rss_bytes() -> int:
    """VmHWM since the last reset, or the lifetime ``ru_maxrss`` where /proc is missing."""
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return _max_rss_bytes()


def _max_rss_bytes() -> int:
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return maxrss if sys.platform == "darwin" else maxrss * 1024  # Linux reports KiB


# --- phases -----------------------------------------------------------------------------------


@dataclass
class Phase:
    name: str
    seconds: float
    cpu_seconds: float
    rows: int | None
    peak_rss: int
    traced_peak: int | None = None
    slug: str = ""

    @property
    def rows_per_second(self) -> float | None:
        return self.rows / self.seconds if self.rows and self.seconds else None


class Runner:
    def __init__(self, *, trace_memory: bool, profile_dir: Path | None):
        self.phases: list[Phase] = []
        self.trace_memory = trace_memory
        self.profile_dir = profile_dir
        self.per_phase_rss = _peak_rss_reset()
        if trace_memory:
            tracemalloc.start()

    def run(
        self, name: str, function: Callable[[], object], *, rows: int | None = None, slug: str = ""
    ):
        gc.collect()
        _peak_rss_reset()
        if self.trace_memory:
            tracemalloc.reset_peak()
        profiler = cProfile.Profile() if self.profile_dir and slug else None
        started, cpu_started = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        result = function()
        if profiler:
            profiler.disable()
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        if profiler:
            profiler.dump_stats(self.profile_dir / f"{slug}.prof")
        traced = tracemalloc.get_traced_memory()[1] if self.trace_memory else None
        self.phases.append(Phase(name, seconds, cpu, rows, _peak_rss_bytes(), traced, slug))
        return result


def _table(runner: Runner, timed: list[Phase], rows: int) -> str:
    header = ["phase", "seconds", "CPU s", "rows/s", "peak RSS MiB"]
    if runner.trace_memory:
        header.append("traced peak MiB")
    lines = [header]

    def line(name, seconds, cpu, per_second, rss, traced):
        cells = [
            name,
            f"{seconds:.1f}",
            f"{cpu:.1f}" if cpu is not None else "",
            f"{per_second:,.0f}" if per_second else "",
            f"{rss / MIB:,.0f}" if rss is not None else "",
        ]
        if runner.trace_memory:
            cells.append(f"{traced / MIB:,.0f}" if traced is not None else "")
        lines.append(cells)

    for phase in runner.phases:
        line(
            phase.name,
            phase.seconds,
            phase.cpu_seconds,
            phase.rows_per_second,
            phase.peak_rss,
            phase.traced_peak,
        )
    seconds = sum(phase.seconds for phase in timed)
    line(
        " + ".join(phase.name.split(" ")[0] for phase in timed),
        seconds,
        sum(phase.cpu_seconds for phase in timed),
        rows / seconds if seconds else None,
        None,
        None,
    )
    widths = [max(len(cells[i]) for cells in lines) for i in range(len(header))]
    rendered = []
    for number, cells in enumerate(lines):
        rendered.append(
            "  ".join(
                cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i])
                for i, cell in enumerate(cells)
            )
        )
        if number == 0 or number == len(lines) - 2:
            rendered.append("  ".join("-" * width for width in widths))
    return "\n".join(rendered)


# --- PostgreSQL -------------------------------------------------------------------------------


def _postgres_database(url: str) -> tuple[str, str]:
    """(database name, URL of the server's ``postgres`` database) for a database URL."""
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        raise SystemExit(
            f"--database-url: only PostgreSQL URLs are supported, not {parts.scheme}://"
        )
    name = parts.path.lstrip("/")
    if not name or name in ("postgres", "template0", "template1"):
        raise SystemExit("--database-url must name a throw-away database, e.g. .../touyan_bench")
    maintenance = urlunsplit(("postgresql", parts.netloc, "/postgres", parts.query, ""))
    return name, maintenance


def _create_postgres_database(url: str, *, drop_existing: bool) -> None:
    import psycopg
    from psycopg import sql

    name, maintenance = _postgres_database(url)
    with psycopg.connect(maintenance, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if exists and not drop_existing:
            raise SystemExit(
                f"database {name!r} already exists; pass --drop-existing to replace it "
                "(everything in it is lost)"
            )
        if exists:
            connection.execute(
                sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name))
            )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _drop_postgres_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    name, maintenance = _postgres_database(url)
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


# --- the benchmark ----------------------------------------------------------------------------


def _parse(argv) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--rows", type=int, default=100_000, help="rows to generate (default 100000)"
    )
    parser.add_argument("--bad", type=int, default=0, help="of which bad rows (default 0)")
    parser.add_argument("--seed", type=int, default=make_roster.DEFAULT_SEED, help="generator seed")
    parser.add_argument(
        "--inline-strings",
        action="store_true",
        help="generate with openpyxl's inline strings instead of a shared-string table like Excel's",
    )
    parser.add_argument("--file", type=Path, help="import this .xlsx instead of generating one")
    parser.add_argument("--database-url", help="a PostgreSQL database to create, use and drop")
    parser.add_argument(
        "--drop-existing", action="store_true", help="replace that database if it exists"
    )
    parser.add_argument(
        "--limit",
        type=float,
        default=TARGET_SECONDS,
        help=f"seconds allowed for dry run + write (default {TARGET_SECONDS:g})",
    )
    parser.add_argument(
        "--tracemalloc",
        action="store_true",
        help="also report each phase's peak of Python allocations (slows everything down)",
    )
    parser.add_argument(
        "--profile",
        type=Path,
        metavar="DIR",
        help="write a cProfile .prof per phase into DIR (slows everything down)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary folder (SQLite file, roster)"
    )
    return parser.parse_args(argv)


def main(argv=None) -> int:
    options = _parse(argv)
    if options.database_url:
        # First, so that a refusal leaves nothing behind (and drops nothing it did not create).
        _create_postgres_database(options.database_url, drop_existing=options.drop_existing)
        os.environ["DATABASE_URL"] = options.database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    work = Path(tempfile.mkdtemp(prefix="touyan-bench-"))
    os.environ["TOUYAN_DATA_DIR"] = str(work / "data")
    os.environ["DJANGO_SETTINGS_MODULE"] = "touyan.settings"
    os.environ["DEBUG"] = "0"  # DEBUG would keep every query in memory
    if options.profile:
        options.profile.mkdir(parents=True, exist_ok=True)
    try:
        return _benchmark(options, work)
    finally:
        from django.db import connections

        connections.close_all()
        if options.database_url:
            _drop_postgres_database(options.database_url)
        if options.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def _benchmark(options: argparse.Namespace, work: Path) -> int:
    import django

    django.setup()

    from django.core.management import call_command
    from django.db import connection

    from touyan.accounts.scopes import Scope
    from touyan.audit.models import AuditEntry
    from touyan.core.actors import Actor
    from touyan.people.models import Principal, School
    from touyan.people.roster.importer import (
        CREATE,
        REJECTED,
        UNCHANGED,
        UPDATE,
        apply_plan,
        plan_import,
    )

    scope = Scope(
        roles=frozenset(), registry_prefixes=(), personal_data_prefixes=(), everything=True
    )
    runner = Runner(trace_memory=options.tracemalloc, profile_dir=options.profile)

    stats = None
    if options.file:
        path = options.file
    else:
        path = work / f"roster-{options.rows}.xlsx"
        stats = runner.run(
            "generate file",
            lambda: make_roster.generate(
                path,
                options.rows,
                bad=options.bad,
                seed=options.seed,
                shared_strings=not options.inline_strings,
            ),
            rows=options.rows,
        )
    runner.run("migrate", lambda: call_command("migrate", verbosity=0))

    def dry_run():
        with open(path, "rb") as handle:
            return plan_import(handle, scope=scope)

    plan = runner.run("(a) dry run", dry_run, slug="a-dry-run")
    first = plan.counts
    refused = {outcome.row for outcome in plan.rejected}
    rows = sum(first.values())
    runner.phases[-1].rows = rows
    result = runner.run(
        "(b) apply_plan",
        functools.partial(
            apply_plan, plan, actor=Actor.command_line(), skip_invalid=bool(first[REJECTED])
        ),
        rows=rows,
        slug="b-apply",
    )
    del plan
    plan = runner.run("(c) second dry run", dry_run, rows=rows, slug="c-second-dry-run")
    second = plan.counts
    second_has_changes = plan.has_changes
    del plan

    stored = {
        "principals": Principal.objects.count(),
        "schools": School.objects.count(),
        "audit entries": AuditEntry.objects.count(),
    }
    timed = [phase for phase in runner.phases if phase.slug in ("a-dry-run", "b-apply")]
    total = sum(phase.seconds for phase in timed)

    problems = []
    if total > options.limit:
        problems.append(f"dry run + write took {total:.1f} s, more than {options.limit:g} s")
    if second_has_changes or second[CREATE] or second[UPDATE]:
        problems.append(f"the second dry run found changes: {second}")
    if second[UNCHANGED] != first[CREATE] or second[REJECTED] != first[REJECTED]:
        problems.append(f"the second dry run does not match the first: {first} then {second}")
    if stats is not None:
        if first[REJECTED] != len(stats.bad_rows) or first[CREATE] != stats.valid_rows:
            problems.append(
                f"dry run counts {first}, the file has {stats.valid_rows} valid and "
                f"{len(stats.bad_rows)} bad rows"
            )
        if refused != set(stats.bad_rows):
            problems.append("the rows refused are not the rows planted as bad")
        if result["schools_created"] != stats.schools:
            problems.append(
                f"{result['schools_created']} schools created, the file names {stats.schools}"
            )
    if (
        stored["principals"] != result["principals_created"]
        or stored["schools"] != result["schools_created"]
    ):
        problems.append(f"the database holds {stored}, apply_plan reported {result}")
    if stored["audit entries"] < result["principals_created"] + result["schools_created"]:
        problems.append(f"only {stored['audit entries']} audit entries for {result}")

    vendor = connection.vendor
    database = connection.settings_dict["NAME"]
    if options.database_url:
        parts = urlsplit(options.database_url)
        database = f"{parts.hostname}:{parts.port or 5432}/{database}"
    print(f"roster import benchmark — {rows:,} data rows in {path.name}, {vendor} ({database})")
    print(f"dry run: {first}; written: {result}")
    print()
    print(_table(runner, timed, rows))
    print()
    peak = max([_max_rss_bytes(), *(phase.peak_rss for phase in runner.phases)])
    if runner.per_phase_rss:
        how = "VmHWM; reset before each phase through /proc/self/clear_refs, which resets ru_maxrss too"
    else:
        how = (
            "ru_maxrss; the column shows the running maximum, per-phase peaks are unavailable here"
        )
    print(f"peak RSS of the process: {peak / MIB:,.0f} MiB ({how})")
    if options.profile:
        print(f"profiles written to {options.profile}/ (timings include profiling overhead)")
    verdict = "OK" if total <= options.limit else "TOO SLOW"
    print(
        f"dry run + write: {total:.1f} s for {rows:,} rows, limit {options.limit:g} s "
        f"(product target: 100,000 rows in under a minute) — {verdict}"
    )
    for problem in problems:
        print(f"FAIL: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
