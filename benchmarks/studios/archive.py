"""A studio member's archive (成员档案, HN-4.2.3): the page's time and queries as it grows.

    .venv/bin/python benchmarks/studios/archive.py                 # SQLite, 10 and 120 of each
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/touyan_bench \\
        .venv/bin/python benchmarks/studios/archive.py              # an empty PostgreSQL database

Builds, in a temporary data folder (or the empty database of ``DATABASE_URL``), a Hainan
programme with one studio of 12 members, through the services: the studio's activities with
the member's attendance, the member's deliverables, the host's guidance notes and tasks, the
diagnosis of the member's school. Then reads the member's archive as the host through the
Django test client — with ``--few`` of each, then ``--many`` — and prints the median time, CPU
time and queries of each; exits 1 when a median passes ``--limit`` ms (100) or the queries grow.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import kit  # noqa: E402

START = dt.date(2025, 9, 1)


def build(members: int):
    from touyan.accounts.models import User
    from touyan.core.actors import Actor
    from touyan.people.enums import SchoolKind
    from touyan.programmes import services as programmes

    system = Actor.system()
    programme = kit.programme(
        system, "hainan-studios", slug="archive-bench", name="基准：工作室", starts_on=START
    )
    schools = kit.schools(members + 1, ["460106"], kind=SchoolKind.JUNIOR, name="档案学校")
    people = kit.principals(schools, name="档案校长")
    host, *others = people
    host.user = User.objects.create_user(username="archive-host", password="x" * 16)
    host.save(update_fields=["user"])
    studio = programmes.create_studio(actor=system, programme=programme, host=host)
    for principal in others:
        programmes.add_member(actor=system, studio=studio, principal=principal, joined_on=START)
    return programme, studio, host.user


def grow(programme, studio, host_user, *, start: int, count: int) -> None:
    """``count`` more of each kind of record for the studio's first member."""
    from touyan.core.actors import Actor
    from touyan.programmes.models import StudioMember
    from touyan.records import services as records
    from touyan.studios.services.guidance import write_guidance
    from touyan.studios.services.tasks import assign_task

    system, host = Actor.system(), Actor(host_user)
    membership = StudioMember.objects.filter(studio=studio).order_by("pk").first()
    for n in range(start, start + count):
        day = START + dt.timedelta(days=n)
        activity = records.create_activity(
            actor=system, programme=programme, studios=[studio], cohort=None,
            activity_type="seminar", title=f"专题研讨{n}", date=day,
        )  # fmt: skip
        records.record_attendance(
            actor=system,
            activity=activity,
            marks=[records.Mark(membership.principal_id, "present" if n % 5 else "leave")],
            today=day,
        )
        records.submit_deliverable(
            actor=system, programme=programme, kind="growth_plan", title=f"方案{n}",
            submitted_on=day, studio=studio, principal=membership.principal, body="正文" * 50,
        )  # fmt: skip
        write_guidance(actor=host, membership=membership, body=f"指导意见{n}")
        assign_task(
            actor=host, studio=studio, title=f"任务{n}", description="说明",
            due_on=day + dt.timedelta(days=14), members=[membership], today=day,
        )  # fmt: skip
    return membership


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--few", type=int, default=10)
    parser.add_argument("--many", type=int, default=120)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--limit", type=float, default=100.0)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        kit.django_in(folder)
        from django.test import Client

        programme, studio, host_user = build(12)
        client = Client()
        client.force_login(host_user)
        failures, counts = [], []
        kit.print_load()
        done = 0
        for total in (options.few, options.many):
            membership = grow(programme, studio, host_user, start=done, count=total - done)
            done = total
            kit.analyze()
            url = f"/studios/members/{membership.pk}/archive/"
            ms, cpu, queries = kit.time_get(client, url, options.repeat)
            counts.append(queries)
            print(
                f"archive with {total:>4} of each: {ms:6.1f} ms (CPU {cpu:.1f}), {queries} queries"
            )
            if ms > options.limit:
                failures.append(f"{total} of each: {ms:.1f} ms > {options.limit} ms")
        if len(set(counts)) != 1:
            failures.append(f"queries grow: {counts}")
        for failure in failures:
            print(f"MISSED: {failure}")
        return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
