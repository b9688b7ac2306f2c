"""A round's dossiers for 5,000 studios, assembled by the task queue: wall time and memory.

    .venv/bin/python benchmarks/assessment/dossiers.py                  # 5,000 studios, SQLite
    .venv/bin/python benchmarks/assessment/dossiers.py --studios 500    # a smaller programme
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/touyan_bench \\
        .venv/bin/python benchmarks/assessment/dossiers.py               # an empty PostgreSQL database

Builds, in a temporary data folder (or the empty database of ``DATABASE_URL``), one studio
programme under the Hainan preset with ``--studios`` studios, written in bulk: each studio's
host, ``--members`` members and their schools; in the first year of the cycle ``--activities``
activities a studio (one a month, one of them 送培下乡 at a rural school) with everyone's roll
call, three deliverables and a research project with an outcome. Then opens the annual
assessment of that year through ``open_round`` (the service the centre uses), which records the
``assessment.assemble_dossiers`` job, and runs that job the way a worker does
(``touyan.jobs.runner.run``). Prints the build time, the job's wall time, the queries it ran,
and this process's memory (RSS) sampled every 50 ms while the job ran: at its start, its peak
and at each quarter of the cases, which stays flat when memory does not grow with the cases.
``--data-dir DIR`` keeps the build and a second run reuses it. Runs the job a second time (every dossier assembled again: idempotent, same figures) and exits
1 when the job took longer than ``--limit`` seconds (600) or a dossier is missing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import kit  # noqa: E402

MIB = 1024 * 1024
START = dt.date(2025, 9, 1)
KINDS = ["seminar", "study", "reading", "lecture", "research", "online"]


def rss_mib() -> float:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class Sampler(threading.Thread):
    """This process's RSS every 50 ms, with the job's progress at that moment."""

    def __init__(self, job_pk: int):
        super().__init__(daemon=True)
        self.job_pk = job_pk
        self.samples: list[tuple[float, float]] = []  # (share of cases done, MiB)
        self.done = threading.Event()
        self.share = 0.0

    def run(self) -> None:
        while not self.done.is_set():
            self.samples.append((self.share, rss_mib()))
            time.sleep(0.05)


def build(studios: int, members: int, activities: int):
    from django.db import transaction

    from touyan.core.actors import Actor
    from touyan.people.enums import SchoolKind
    from touyan.programmes.models import StudioMember
    from touyan.records.models import (
        Activity,
        Attendance,
        Deliverable,
        Organiser,
        ResearchOutcome,
        ResearchProject,
    )

    programme = kit.programme(
        Actor(user=None),
        "hainan-studios",
        slug="dossier-bench",
        name="基准：卓越校长工作室",
        starts_on=START,
    )
    people_per_studio = members + 1
    with transaction.atomic():
        schools = kit.schools(
            studios * people_per_studio,
            kit.districts("46"),
            kind=SchoolKind.COMPLETE,
            rural_every=7,
            batch_size=5000,
        )
        principals = kit.principals(schools, name="校长", batch_size=5000)
        teams = [
            principals[n * people_per_studio : (n + 1) * people_per_studio] for n in range(studios)
        ]
        made = kit.studios(programme, [team[0] for team in teams], batch_size=5000)
        StudioMember.objects.bulk_create(
            (
                StudioMember(studio=studio, principal=person, joined_on=START)
                for studio, team in zip(made, teams, strict=True)
                for person in team[1:]
            ),
            batch_size=5000,
        )
        rural = [s for s in schools if s.is_rural]
        drafts = []
        for n, (studio, team) in enumerate(zip(made, teams, strict=True)):
            for k in range(activities):
                day = START + dt.timedelta(days=10 + 28 * k)
                outreach = k == 2
                drafts.append(
                    (
                        studio,
                        team,
                        Activity(
                            programme=programme,
                            activity_type="outreach" if outreach else KINDS[k % len(KINDS)],
                            title=f"第{k + 1}次研修",
                            date=day,
                            level="district" if outreach else "",
                            place_school=rural[n % len(rural)] if outreach else None,
                        ),
                    )
                )
        made_activities = Activity.objects.bulk_create((d[2] for d in drafts), batch_size=5000)
        Organiser.objects.bulk_create(
            (
                Organiser(activity=a, studio=d[0])
                for a, d in zip(made_activities, drafts, strict=True)
            ),
            batch_size=5000,
        )
        statuses = ["present"] * 8 + ["leave", "absent"]
        Attendance.objects.bulk_create(
            (
                Attendance(activity=a, principal=person, status=statuses[(i + a.pk) % 10])
                for a, d in zip(made_activities, drafts, strict=True)
                for i, person in enumerate(d[1])
            ),
            batch_size=10000,
        )
        Deliverable.objects.bulk_create(
            (
                Deliverable(
                    programme=programme,
                    studio=studio,
                    kind=kind,
                    title=f"{studio.name}{kind}",
                    submitted_on=START + dt.timedelta(days=40 + 30 * k),
                    char_count=3000 + k,
                )
                for studio in made
                for k, kind in enumerate(["three_year_plan", "studio_rules", "semester_report"])
            ),
            batch_size=5000,
        )
        projects = ResearchProject.objects.bulk_create(
            (
                ResearchProject(
                    programme=programme,
                    studio=studio,
                    leader=studio.host,
                    title=f"{studio.name}课题",
                    level="city",
                    approved_on=START + dt.timedelta(days=60),
                )
                for studio in made
            ),
            batch_size=5000,
        )
        ResearchOutcome.objects.bulk_create(
            (
                ResearchOutcome(
                    project=p,
                    kind="paper",
                    title=f"{p.title}论文",
                    level="city",
                    achieved_on=START + dt.timedelta(days=200),
                )
                for p in projects
            ),
            batch_size=5000,
        )
    kit.analyze()
    return programme


def open_annual(programme):
    from django.utils import timezone

    from touyan.assessment.services.rounds import open_round
    from touyan.core.actors import Actor

    today = timezone.localdate()
    return open_round(
        actor=Actor(user=None),
        programme=programme,
        code="annual",
        period="year-1",
        opens_on=today,
        closes_on=today + dt.timedelta(days=30),
    )


def run_job(job_pk: int, total: int) -> dict:
    from django.db import connection

    from touyan.jobs import runner
    from touyan.jobs.models import Job

    sampler = Sampler(job_pk)
    original = Job.progress

    def progress(job, current, count, message=""):
        sampler.share = current / count if count else 1.0
        original(job, current, count, message)

    Job.progress = progress
    sampler.start()
    baseline = rss_mib()
    started = time.perf_counter()
    # Counted, not captured: a captured statement would keep its parameters (the dossiers).
    queries = [0]

    def count(execute, sql, params, many, context):
        queries[0] += 1
        return execute(sql, params, many, context)

    try:
        with connection.execute_wrapper(count):
            outcome = runner.run(job_pk)
    finally:
        seconds = time.perf_counter() - started
        sampler.done.set()
        sampler.join()
        Job.progress = original
    job = Job.objects.get(pk=job_pk)
    quarters = {}
    for share, mib in sampler.samples:
        for quarter in (0.25, 0.5, 0.75, 1.0):
            if share <= quarter:
                quarters[quarter] = max(quarters.get(quarter, 0.0), mib)
                break
    return {
        "outcome": outcome,
        "state": job.state,
        "result": job.result,
        "seconds": seconds,
        "queries": queries[0],
        "baseline": baseline,
        "peak": max((mib for _share, mib in sampler.samples), default=baseline),
        "quarters": quarters,
        "per_case_ms": seconds * 1000 / max(total, 1),
    }


def report(label: str, figures: dict) -> None:
    quarters = " / ".join(f"{figures['quarters'].get(q, 0):,.0f}" for q in (0.25, 0.5, 0.75, 1.0))
    print(
        f"{label}: {figures['outcome']} ({figures['state']}), {figures['result']}\n"
        f"  wall {figures['seconds']:.1f} s ({figures['per_case_ms']:.1f} ms a case), "
        f"{figures['queries']} queries\n"
        f"  RSS at start {figures['baseline']:,.0f} MiB, peak {figures['peak']:,.0f} MiB, "
        f"peak per quarter of the cases {quarters} MiB"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--studios", type=int, default=5000)
    parser.add_argument("--members", type=int, default=10)
    parser.add_argument("--activities", type=int, default=12)
    parser.add_argument("--limit", type=float, default=600.0)
    parser.add_argument(
        "--data-dir", type=Path, help="build here and keep it; a second run reuses the build"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="touyan-dossiers-") as scratch:
        folder = str(args.data_dir or scratch)
        # The job row is recorded and handed to the queue; this process is the worker.
        kit.django_in(folder, jobs="queue")
        from django.conf import settings
        from django.db import connection

        from touyan.assessment.models import Case, Round
        from touyan.jobs import broker
        from touyan.jobs.models import Job

        settings.TOUYAN_BACKGROUND_JOBS = "queue"
        broker.submit = lambda pk: None  # no cluster here: this process runs the job
        print(f"database: {connection.vendor}; load average {os.getloadavg()[0]:.1f}")
        round_ = Round.objects.filter(programme__slug="dossier-bench").first()
        if round_ is None:
            started = time.perf_counter()
            programme = build(args.studios, args.members, args.activities)
            print(
                f"built {args.studios} studios, {args.members} members and {args.activities} "
                f"activities each, in {time.perf_counter() - started:.1f} s"
            )
            started = time.perf_counter()
            round_ = open_annual(programme)
            print(f"opened the round in {time.perf_counter() - started:.1f} s")
            job = Job.objects.get(kind="assessment.assemble_dossiers", payload__round=round_.pk)
        else:  # a kept build: its dossiers assembled again
            print(f"reusing the round of {round_.cases.count()} studios in {folder}")
            job = Job.objects.create(
                kind="assessment.assemble_dossiers", payload={"round": round_.pk}
            )
        total = round_.cases.count()
        first = run_job(job.pk, total)
        report("assemble_dossiers", first)
        missing = Case.objects.filter(round=round_, assembled_at__isnull=True).count()
        again = Job.objects.create(
            kind=job.kind, payload=job.payload, max_attempts=job.max_attempts
        )
        second = run_job(again.pk, total)
        report("again (idempotent)", second)
        sample = Case.objects.filter(round=round_).order_by("pk").first()
        print(
            f"a dossier: {len(sample.dossier['activities'])} activities, "
            f"{len(sample.dossier['attendance'])} members, "
            f"{len(sample.dossier['compliance'])} rules; missing dossiers: {missing}"
        )
    slow = max(first["seconds"], second["seconds"]) > args.limit
    return 1 if slow or missing or first["state"] != Job.State.DONE else 0


if __name__ == "__main__":
    raise SystemExit(main())
