"""Benchmark the compliance engine on the national programmes of ``touyan seed --programmes``.

    .venv/bin/touyan seed --programmes                   # once: registry, then both programmes
    .venv/bin/python benchmarks/compliance/run.py        # DATABASE_URL, or the URL below
    .venv/bin/python benchmarks/compliance/run.py --database-url postgres://…/touyan_bench

Against the seeded database (read only; the page measurement signs in a user inside a
transaction that is rolled back) it times ``touyan.compliance.engine.evaluate``:

- the whole studio programme (``--runs`` runs, median; target under 10 s);
- one studio (``subject_ids=[id]``, ``--studio-runs`` runs, median; target under 100 ms);
- the one-studio page ``compliance:studio`` through the Django test client, when that URL
  exists (same number of runs and target);
- the whole training programme, for information (no target);

and counts the database queries of one evaluation of 10 studios and of every studio, which
must be equal: the engine reads a fixed number of queries whatever the number of subjects.
Exits with 1 when a target is missed or the two counts differ.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
if str(REPOSITORY) not in sys.path:
    sys.path.insert(0, str(REPOSITORY))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/touyan_bench"
PROGRAMME_TARGET = 10.0  # seconds, the whole national studio programme
STUDIO_TARGET = 0.100  # seconds, one studio's evaluation and its page
MIB = 1024 * 1024


# --- memory -----------------------------------------------------------------------------------


def reset_peak() -> bool:
    """Reset the kernel's high-water mark of this process's RSS (Linux) so that each phase
    gets its own peak."""
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
        return True
    except OSError:
        return False


def peak_mib() -> float:
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- timing -----------------------------------------------------------------------------------


class Phase:
    def __init__(self, name: str, target: float | None):
        self.name, self.target = name, target
        self.seconds: list[float] = []
        self.peak = 0.0
        self.note = ""

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def missed(self) -> bool:
        return self.target is not None and self.median >= self.target

    def row(self) -> str:
        target = f"< {_duration(self.target)}" if self.target is not None else "—"
        verdict = "" if self.target is None else ("MISSED" if self.missed else "ok")
        return (
            f"| {self.name} | {len(self.seconds)} | {_duration(self.median)} | "
            f"{_duration(min(self.seconds))} – {_duration(max(self.seconds))} | {target} | "
            f"{verdict} | {self.peak:,.0f} MiB | {self.note} |"
        )


def _duration(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def timed(phase: Phase, runs: int, action: Callable[[], object]) -> object:
    reset_peak()
    result = None
    for _ in range(runs):
        started = time.perf_counter()
        result = action()
        phase.seconds.append(time.perf_counter() - started)
    phase.peak = peak_mib()
    return result


# --- the benchmark ----------------------------------------------------------------------------


def studio_page_url(programme, studio, as_of: dt.date) -> str | None:
    """The URL of the one-studio compliance page, if the project has one. Its parameters are
    filled by name: a slug gets the programme's slug, a programme id the programme's id,
    anything else the studio's id."""
    from django.urls import NoReverseMatch, get_resolver, reverse

    resolver = get_resolver()
    try:
        namespace = resolver.namespace_dict["compliance"][1]
    except KeyError:
        return None
    candidates = namespace.reverse_dict.getlist("studio")
    for possibilities, _pattern, _defaults, _converters in candidates:
        for _text, params in possibilities:
            kwargs = {}
            for name in params:
                if "slug" in name:
                    kwargs[name] = programme.slug
                elif "programme" in name:
                    kwargs[name] = programme.pk
                else:
                    kwargs[name] = studio.pk
            try:
                return reverse("compliance:studio", kwargs=kwargs) + f"?as_of={as_of}"
            except NoReverseMatch:
                continue
    return None


def measure_page(phase: Phase, url: str, runs: int) -> None:
    from django.db import transaction
    from django.test import Client
    from django.test.utils import override_settings

    from touyan.accounts.models import User

    with transaction.atomic(), override_settings(ALLOWED_HOSTS=["testserver", "localhost"]):
        user = User.objects.create_superuser(
            username="compliance-benchmark", password=None, email=""
        )
        client = Client()
        client.force_login(user)
        response = client.get(url, secure=True)  # warm-up: templates, session
        if response.status_code != 200:
            transaction.set_rollback(True)
            raise SystemExit(f"{url} answered {response.status_code}")
        timed(phase, runs, lambda: client.get(url, secure=True))
        phase.note = f"{url}, {len(response.content) / 1024:,.0f} KiB"
        transaction.set_rollback(True)


def facts_phase(programme, as_of: dt.date, runs: int) -> Phase | None:
    """How much of the whole evaluation is reading the records (the engine's queries and
    building its facts), as opposed to judging them: for information."""
    try:
        from touyan.compliance.facts import load_facts
    except ImportError:
        return None
    from touyan.programmes.policy import spec_of

    spec = spec_of(programme)
    phase = Phase("  of which reading the records", None)
    timed(phase, runs, lambda: load_facts(programme, spec, as_of=as_of, subject_ids=None))
    phase.note = "compliance.facts.load_facts, no target"
    return phase


def count_queries(evaluate, programme, as_of, subject_ids) -> tuple[int, object]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        evaluation = evaluate(programme, as_of=as_of, subject_ids=subject_ids)
    return len(captured.captured_queries), evaluation


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL") or DEFAULT_URL)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2026, 11, 21))
    parser.add_argument("--runs", type=int, default=3, help="runs of the whole programme")
    parser.add_argument("--studio-runs", type=int, default=20, help="runs of one studio")
    parser.add_argument("--studios", default="national-studios", help="studio programme slug")
    parser.add_argument("--training", default="national-training", help="training slug")
    parser.add_argument(
        "--profile", metavar="FILE", help="also write a cProfile of one whole-programme run"
    )
    options = parser.parse_args()

    os.environ["DATABASE_URL"] = options.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "touyan.settings")
    import django

    django.setup()
    from django.db import connection

    from touyan.programmes.models import Programme, Studio, Trainee

    try:
        from touyan.compliance.engine import evaluate
    except ImportError as error:
        print(f"the compliance engine is not there yet: {error}", file=sys.stderr)
        return 2
    programme = Programme.objects.select_related("policy_version").filter(slug=options.studios)
    programme = programme.first()
    if programme is None:
        print(f"no programme {options.studios!r}: run `touyan seed --programmes` first",
              file=sys.stderr)  # fmt: skip
        return 2
    studio_ids = list(Studio.objects.filter(programme=programme).order_by("pk").values_list(
        "pk", flat=True))  # fmt: skip
    as_of = options.as_of
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT version(), pg_size_pretty(pg_database_size(current_database()))")
            version, size = cursor.fetchone()
            server = f"{version.split(',')[0]}, database {size}"
        else:
            cursor.execute("SELECT sqlite_version()")
            server = f"{connection.vendor} {cursor.fetchone()[0]}"
    print(f"compliance benchmark — {programme.name} ({len(studio_ids):,} studios), as of {as_of}")
    print(f"{server}; Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")

    phases = []
    whole = Phase(f"whole programme ({len(studio_ids):,} studios)", PROGRAMME_TARGET)
    evaluation = timed(whole, options.runs, lambda: evaluate(programme, as_of=as_of))
    whole.note = f"{len(evaluation.cells):,} cells, {len(evaluation.subjects):,} subjects"
    phases.append(whole)

    facts = facts_phase(programme, as_of, options.runs)
    if facts is not None:
        phases.append(facts)
    if options.profile:
        profile = cProfile.Profile()
        profile.runcall(evaluate, programme, as_of=as_of)
        profile.dump_stats(options.profile)

    one = studio_ids[len(studio_ids) // 2]
    single = Phase("one studio", STUDIO_TARGET)
    timed(single, options.studio_runs, lambda: evaluate(programme, as_of=as_of, subject_ids=[one]))
    single.note = f"studio {one}"
    phases.append(single)

    studio = Studio.objects.get(pk=one)
    url = studio_page_url(programme, studio, as_of)
    if url is None:
        print("the page compliance:studio does not exist yet: not measured")
    else:
        page = Phase("one studio's page", STUDIO_TARGET)
        measure_page(page, url, options.studio_runs)
        phases.append(page)

    training = Programme.objects.filter(slug=options.training).first()
    if training is not None:
        trainees = Trainee.objects.filter(cohort__programme=training).count()
        info = Phase(f"training programme ({trainees:,} trainees)", None)
        result = timed(info, options.runs, lambda: evaluate(training, as_of=as_of))
        info.note = f"{len(result.cells):,} cells, no target"
        phases.append(info)

    reset_peak()
    few, _ = count_queries(evaluate, programme, as_of, studio_ids[:10])
    every, _ = count_queries(evaluate, programme, as_of, studio_ids)

    print()
    print("| measurement | runs | median | range | target | | peak RSS | |")
    print("|---|---|---|---|---|---|---|---|")
    for phase in phases:
        print(phase.row())
    print()
    print(f"queries: 10 studios {few}, {len(studio_ids):,} studios {every}")
    overall = max(peak_mib(), *(phase.peak for phase in phases))
    print(f"peak RSS of the process: {overall:,.0f} MiB (VmHWM, reset before each measurement)")
    problems = [
        f"{phase.name}: median {_duration(phase.median)}" for phase in phases if phase.missed
    ]
    if few != every:
        problems.append(f"query counts differ: {few} for 10 studios, {every} for all")
    for problem in problems:
        print(f"FAIL: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
