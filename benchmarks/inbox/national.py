"""The 待办 inbox of a centre account running 5,000 studios: server time and queries.

    .venv/bin/python benchmarks/inbox/national.py                  # 5,000 studios, SQLite
    .venv/bin/python benchmarks/inbox/national.py --studios 500    # a smaller programme
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/touyan_bench \\
        .venv/bin/python benchmarks/inbox/national.py               # an empty PostgreSQL database

Builds, in a temporary data folder (or the empty database of ``DATABASE_URL``), one studio
programme under the Hainan preset with ``--studios`` studios, written in bulk: each studio's
host and school, its prospectus (two in five submitted for approval), twelve activities of
earlier months with their roll call, and this month's two sessions, one in three of them
without a roll call; and a host call without a district stage with one submitted application
per host. ``--data-dir DIR`` builds there and keeps it, and a second run reuses it. Then
requests ``/inbox/``, the drill-down of the attendance item (paged, 25 of 1,667 sessions) and the
home page as the centre's staff through the Django test client, ``--repeat`` times
each, and prints the median milliseconds (wall clock, and CPU time of this process, which on
SQLite includes the database's work and leaves out waiting for a busy machine's CPUs) and the
queries of one request. Exits 1 when a median exceeds ``--limit`` milliseconds (100): the
wall-clock median, or with ``--judge cpu`` the CPU one — on a shared, busy machine the wall clock
measures the queue for its CPUs, and the CPU time is the figure to report.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import kit  # noqa: E402

CENTRE = "inbox-bench-centre"


def build(studios: int):
    from django.utils import timezone

    from touyan.accounts.models import RoleGrant, User
    from touyan.accounts.roles import Role
    from touyan.core.actors import Actor
    from touyan.people.enums import SchoolKind
    from touyan.programmes.models import Programme
    from touyan.records.models import Activity, Attendance, Organiser
    from touyan.selection.models import Application
    from touyan.selection.services import calls
    from touyan.studios.models import Prospectus

    system = Actor(user=None)
    today = timezone.localdate()
    start = dt.date(today.year - (1 if today.month < 9 else 0), 9, 1)
    programme = kit.programme(
        system, "hainan-studios", slug="inbox-bench", name="基准：卓越校长工作室", starts_on=start
    )
    Programme.objects.filter(pk=programme.pk).update(status=Programme.Status.RUNNING)
    schools = kit.schools(studios, kit.districts("46"), kind=SchoolKind.COMPLETE, name="基准中学")
    hosts = kit.principals(schools, name="主持人", days=1, batch_size=2000)
    made = kit.studios(programme, hosts, batch_size=2000)
    Prospectus.objects.bulk_create(
        (
            Prospectus(studio=studio, status="submitted" if n % 5 < 2 else "draft")
            for n, studio in enumerate(made)
        ),
        batch_size=2000,
    )
    month_start = today.replace(day=1)
    drafts = []
    for n, studio in enumerate(made):
        for k in range(12):
            drafts.append(
                (studio, host_of := studio.host, month_start - dt.timedelta(days=7 + 20 * k), True)
            )
        drafts.append((studio, host_of, month_start, n % 3 != 0))
        drafts.append((studio, host_of, month_start, True))
    activities = Activity.objects.bulk_create(
        (
            Activity(
                programme=programme, activity_type="seminar", title="专题研讨", date=max(day, start)
            )
            for _studio, _host, day, _recorded in drafts
        ),
        batch_size=5000,
    )
    Organiser.objects.bulk_create(
        (Organiser(activity=a, studio=d[0]) for a, d in zip(activities, drafts, strict=True)),
        batch_size=5000,
    )
    Attendance.objects.bulk_create(
        (
            Attendance(activity=a, principal=d[1], status="present")
            for a, d in zip(activities, drafts, strict=True)
            if d[3]
        ),
        batch_size=5000,
    )
    now = timezone.now()
    call = calls.create_call(
        actor=system,
        programme=programme,
        spec_code="host",
        title="基准：主持人遴选",
        places=10,
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=10),
    )
    calls.publish_call(actor=system, call=call)
    Application.objects.bulk_create(
        (
            Application(
                call=call,
                principal=host,
                district_id=host.school.region_id,
                status="submitted",
                submitted_at=now,
            )
            for host in hosts
        ),
        batch_size=2000,
    )
    kit.analyze()
    centre = User.objects.create_user(username=CENTRE, password="x" * 12)
    RoleGrant.objects.create(user=centre, role=Role.CENTRE_STAFF, region_id="460000")
    return centre


def measure(centre, repeat: int) -> list[tuple[str, float, float, int, int]]:
    from django.test import Client

    from touyan.core import inbox

    items = inbox.items_for(centre)
    if os.environ.get("INBOX_PROFILE"):  # each contribution's own time
        from touyan.core.registry import INBOX

        for contribute in INBOX.contributions():
            started = time.perf_counter()
            list(contribute(centre))
            print(contribute.__module__, f"{(time.perf_counter() - started) * 1000:.1f} ms")
    attendance = next(item.key for item in items if item.key.startswith("records.attendance"))
    client = Client()
    client.force_login(centre)
    return [
        (url, *kit.time_get(client, url, repeat), len(items))
        for url in ("/inbox/", f"/inbox/{attendance}/", "/")
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--studios", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--limit", type=float, default=100.0)
    parser.add_argument("--judge", choices=("wall", "cpu"), default="wall")
    parser.add_argument("--data-dir", type=Path, help="build here and keep it; reuse if built")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="touyan-inbox-") as scratch:
        kit.django_in(args.data_dir or scratch)
        from touyan.accounts.models import User

        centre = User.objects.filter(username=CENTRE).first()
        if centre is None:
            started = time.perf_counter()
            centre = build(args.studios)
            print(f"built {args.studios} studios in {time.perf_counter() - started:.1f} s")
        rows = measure(centre, args.repeat)
    kit.print_load()
    print("cpu ms: this process's time per request (on SQLite with the database's work)")
    kit.print_pages(rows, "items")
    judged = 2 if args.judge == "cpu" else 1
    return 1 if any(row[judged] > args.limit for row in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
