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
import os
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
TOUYAN = Path(sys.executable).with_name("touyan")
TRAINEES = 50
START = dt.date(2026, 3, 1)
TODAY = dt.date(2026, 11, 30)


def migrate(env: dict) -> None:
    subprocess.run(
        [str(TOUYAN), "migrate", "--noinput"], env=env, check=True, stdout=subprocess.DEVNULL
    )


def build():
    from touyan.accounts.models import User
    from touyan.core import crypto, identity
    from touyan.core.actors import Actor
    from touyan.people.enums import Position, SchoolKind
    from touyan.people.models import Principal, School
    from touyan.policies.presets import preset_text
    from touyan.policies.services import publish_policy
    from touyan.programmes import services as programmes
    from touyan.records import services as records
    from touyan.records.models import Attendance
    from touyan.training.services import mentors, plans

    system = Actor(user=None)
    version = publish_policy(actor=system, text=preset_text("hangzhou-training"))
    programme = programmes.create_programme(
        actor=system,
        slug="mentor-bench",
        name="基准：杭州市名校长培养工程",
        policy_version=version,
        starts_on=START,
    )
    cohort = programmes.create_cohort(
        actor=system, programme=programme, number=1, name="第一期", starts_on=START
    )
    regions = ["330102", "330105", "330106", "330108", "330109", "330110"]
    schools = School.objects.bulk_create(
        School(name=f"基准学校{n}", region_id=regions[n % 6], kind=SchoolKind.PRIMARY)
        for n in range(TRAINEES)
    )
    people = []
    for n, school in enumerate(schools):
        number = identity.make_id_number(
            school.region_id, dt.date(1970 + n % 20, 1 + n % 12, 1 + n % 28), n % 999
        )
        people.append(
            Principal(
                name=f"学员{n}",
                gender=identity.gender_from_id(number),
                birth_date=identity.birth_date_from_id(number),
                id_number=number,
                id_digest=crypto.digest(number),
                school=school,
                position=Position.PRINCIPAL,
            )
        )
    people = Principal.objects.bulk_create(people)
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
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from touyan.training.access import mentored_trainee_ids

    client = Client()
    client.force_login(user)
    url = "/training/mentor/"
    client.get(url)  # warm the per-process caches and the shared evaluation
    times, cpu, queries = [], [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, response.status_code
        queries = len(captured.captured_queries)
    return (
        statistics.median(times),
        statistics.median(cpu),
        queries,
        len(mentored_trainee_ids(user)),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--limit", type=float, default=300.0)
    args = parser.parse_args()
    sys.path.insert(0, str(REPOSITORY))
    with tempfile.TemporaryDirectory(prefix="touyan-mentors-") as scratch:
        os.environ.update(
            TOUYAN_DATA_DIR=scratch,
            DJANGO_SETTINGS_MODULE="touyan.settings",
            DEBUG="0",
            SECURE_SSL_REDIRECT="0",
            ALLOWED_HOSTS="testserver",
            TOUYAN_BACKGROUND_JOBS="inline",
        )
        migrate(dict(os.environ))
        import django

        django.setup()
        from django.conf import settings
        from django.utils import timezone

        settings.STORAGES = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        # The story's day: the services and the page take it as today.
        real = timezone.localdate
        timezone.localdate = lambda value=None, timezone=None: (
            TODAY if value is None else real(value, timezone)
        )
        started = time.perf_counter()
        a, b = build()
        print(f"built a cohort of {TRAINEES} in {time.perf_counter() - started:.1f} s")
        rows = [measure(user, args.repeat) for user in (a, b)]
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"{'trainees':>8} {'median ms':>10} {'cpu ms':>8} {'queries':>8}")
    for ms, cpu, queries, count in rows:
        print(f"{count:>8} {ms:>10.1f} {cpu:>8.1f} {queries:>8}")
    constant = len({queries for _ms, _cpu, queries, _n in rows}) == 1
    print("queries constant:", "yes" if constant else "NO")
    return 0 if constant and all(ms <= args.limit for ms, *_rest in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
