"""A mentor's workspace (``/training/mentor/``) with 5 and with 20 trainees: server time and
queries; the number of queries must not grow with the trainees.

    .venv/bin/python benchmarks/training/mentor_workspace.py              # SQLite, temporary
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/touyan_bench \\
        .venv/bin/python benchmarks/training/mentor_workspace.py          # an empty PostgreSQL

Builds, in a temporary data folder (or the empty database of ``DATABASE_URL``), one Hangzhou
training programme under its preset with a cohort of 50 trainees (schools and principals written
in bulk, trainees added through the service); twelve course sessions with their attendance, four
deliverables per trainee and an approved plan for each, all through the services; mentor A's team
guides 5 trainees, mentor B's 20, each with mentoring sessions. Then requests the workspace as
each mentor through the Django test client, ``--repeat`` times, and prints the median
milliseconds (wall clock and CPU time of this process) and the queries of one request. Exits 1
when the query counts differ or a median exceeds ``--limit`` milliseconds (300).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import kit  # noqa: E402

TRAINEES = 50
START = dt.date(2026, 3, 1)
TODAY = dt.date(2026, 11, 30)


def build():
    from touyan.accounts.models import User
    from touyan.core.actors import Actor
    from touyan.people.enums import SchoolKind
    from touyan.programmes import services as programmes
    from touyan.records import services as records
    from touyan.records.models import Attendance
    from touyan.training.services import mentors, plans

    system = Actor(user=None)
    programme = kit.programme(
        system,
        "hangzhou-training",
        slug="mentor-bench",
        name="基准：杭州市名校长培养工程",
        starts_on=START,
    )
    cohort = programmes.create_cohort(
        actor=system, programme=programme, number=1, name="第一期", starts_on=START
    )
    regions = ["330102", "330105", "330106", "330108", "330109", "330110"]
    schools = kit.schools(TRAINEES, regions, kind=SchoolKind.PRIMARY)
    people = kit.principals(schools, name="学员", born_from=1970, years=20)
    trainees = [
        programmes.add_trainee(actor=system, cohort=cohort, principal=p, joined_on=START)
        for p in people
    ]
    topics = ["humanities", "theory", "trends", "technology"]
    for k in range(12):
        activity = records.create_activity(
            actor=system,
            programme=programme,
            cohort=cohort,
            activity_type="course",
            title=f"集中培训第{k + 1}讲",
            date=START + dt.timedelta(days=14 * k + 3),
            topic=topics[k % 4],
            hours=Decimal(6),
        )
        records.record_attendance(
            actor=system,
            activity=activity,
            marks=[
                records.Mark(
                    t.principal_id,
                    Attendance.Status.ABSENT if (n + k) % 9 == 0 else Attendance.Status.PRESENT,
                )
                for n, t in enumerate(trainees)
            ],
            today=TODAY,
        )
    for t in trainees:
        for k in range(4):
            records.submit_deliverable(
                actor=system,
                programme=programme,
                kind="study_log",
                title=f"考察日志{k + 1}",
                principal=t.principal,
                body="今天随班赴名校考察，记录课堂观察与管理启示。" * 20,
                today=TODAY,
            )
        draft = plans.start_plan(actor=system, trainee=t)
        draft = plans.save_draft(
            actor=system,
            version=draft,
            goals=[{"dimension": "philosophy", "text": "凝练办学思想。"}],
            actions="每学期一次研讨。",
            expected_results="论文一篇。",
            milestones=[plans.MilestoneInput("初稿", dt.date(2026, 9, 30))],
        )
        plans.submit_plan(actor=system, version=draft)
        plans.approve_plan(actor=system, version=draft, today=TODAY)
    a = User.objects.create_user(username="mentor-bench-a", password="x" * 12)
    b = User.objects.create_user(username="mentor-bench-b", password="x" * 12)
    for user, name, group in ((a, "A组", trainees[:5]), (b, "B组", trainees[5:25])):
        team = mentors.form_team(actor=system, cohort=cohort, name=name, lead=user, trainees=group)
        for k in range(3):
            mentors.record_session(
                actor=Actor(user),
                team=team,
                date=START + dt.timedelta(days=30 * k + 10),
                hours=Decimal(3),
                title=f"导师指导{k + 1}",
                present=group[: len(group) - k],
                today=TODAY,
            )
    return a, b


def measure(user, repeat: int) -> tuple[float, float, int, int]:
    from django.test import Client

    from touyan.training.access import mentored_trainee_ids

    client = Client()
    client.force_login(user)
    # The first request warms the per-process caches and the shared evaluation.
    return (*kit.time_get(client, "/training/mentor/", repeat), len(mentored_trainee_ids(user)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--limit", type=float, default=300.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="touyan-mentors-") as scratch:
        kit.django_in(scratch, jobs="inline")
        from django.utils import timezone

        # The story's day: the services and the page take it as today.
        real = timezone.localdate
        timezone.localdate = lambda value=None, timezone=None: (
            TODAY if value is None else real(value, timezone)
        )
        started = time.perf_counter()
        a, b = build()
        print(f"built a cohort of {TRAINEES} in {time.perf_counter() - started:.1f} s")
        rows = [measure(user, args.repeat) for user in (a, b)]
    kit.print_load()
    print(f"{'trainees':>8} {'median ms':>10} {'cpu ms':>8} {'queries':>8}")
    for ms, cpu, queries, count in rows:
        print(f"{count:>8} {ms:>10.1f} {cpu:>8.1f} {queries:>8}")
    constant = len({queries for _ms, _cpu, queries, _n in rows}) == 1
    print("queries constant:", "yes" if constant else "NO")
    return 0 if constant and all(ms <= args.limit for ms, *_rest in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
