"""An expert's assessment pages: the list of their 30 cases and one case page, server time and
queries.

    .venv/bin/python benchmarks/assessment/expert_pages.py                 # 1,000 studios, SQLite
    .venv/bin/python benchmarks/assessment/expert_pages.py --studios 200   # a smaller programme
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/touyan_bench \\
        .venv/bin/python benchmarks/assessment/expert_pages.py              # an empty PostgreSQL

Builds, in a temporary data folder (or the empty database of ``DATABASE_URL``), one studio
programme under the Hainan preset with ``--studios`` studios of five members each, written in
bulk; opens its first annual assessment through the service (one case per studio, a survey
invitation per member), gives each case a dossier and six survey answers, puts ``--studios`` /
10 experts on the panel, assigns three per case automatically (so each expert has 30 cases at
the default sizes) and starts the scoring. Then requests, as one expert, ``/assessment/expert/``
and the page of one case (dossier, survey aggregate, scoring form) through the Django test
client, ``--repeat`` times each, and prints the median milliseconds (wall clock, and CPU time of
this process, which on SQLite includes the database's work) and the queries of one request.
Exits 1 when a median exceeds ``--limit`` milliseconds (100).
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
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
TOUYAN = Path(sys.executable).with_name("touyan")
EXPERT = "assessment-bench-expert-0"
MEMBERS = 5


def migrate(env: dict) -> None:
    subprocess.run(
        [str(TOUYAN), "migrate", "--noinput"], env=env, check=True, stdout=subprocess.DEVNULL
    )


def _principals(schools, prefix: str, offset: int):
    from touyan.core import crypto, identity
    from touyan.people.enums import Position
    from touyan.people.models import Principal

    made = []
    for n, school in enumerate(schools):
        number = identity.make_id_number(
            school.region_id, dt.date(1960 + n % 30, 1 + n % 12, 1 + n % 28), (offset + n) % 999
        )
        made.append(
            Principal(
                name=f"{prefix}{n}",
                gender=identity.gender_from_id(number),
                birth_date=identity.birth_date_from_id(number),
                id_number=number,
                id_digest=crypto.digest(number),
                school=school,
                position=Position.PRINCIPAL,
            )
        )
    return Principal.objects.bulk_create(made, batch_size=2000)


def build(studios: int):
    from django.db import connection

    from touyan.accounts.models import RoleGrant, User
    from touyan.accounts.roles import Role
    from touyan.assessment.models import Case, SurveyAnswer
    from touyan.assessment.services import panel, rounds, stages
    from touyan.core.actors import Actor
    from touyan.people.enums import SchoolKind
    from touyan.people.models import School
    from touyan.policies.presets import preset_text
    from touyan.policies.services import publish_policy
    from touyan.programmes import services as programmes
    from touyan.programmes.models import Studio, StudioMember
    from touyan.regions.models import Region

    system = Actor(user=None)
    start = dt.date(2025, 9, 1)
    version = publish_policy(actor=system, text=preset_text("hainan-studios"))
    programme = programmes.create_programme(
        actor=system,
        slug="assessment-bench",
        name="基准：卓越校长工作室",
        policy_version=version,
        starts_on=start,
    )
    counties = list(
        Region.objects.filter(code__startswith="46")
        .exclude(code__endswith="00")
        .values_list("code", flat=True)
    )
    schools = School.objects.bulk_create(
        (
            School(
                name=f"基准学校{n}", region_id=counties[n % len(counties)], kind=SchoolKind.COMPLETE
            )
            for n in range(studios * (1 + MEMBERS))
        ),
        batch_size=2000,
    )
    hosts = _principals(schools[:studios], "主持人", 0)
    members = _principals(schools[studios:], "成员", studios)
    made = Studio.objects.bulk_create(
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
        batch_size=2000,
    )
    StudioMember.objects.bulk_create(
        (
            StudioMember(studio=made[n // MEMBERS], principal=member, joined_on=start)
            for n, member in enumerate(members)
        ),
        batch_size=5000,
    )
    round_ = rounds.open_round(
        actor=system,
        programme=programme,
        code="annual",
        period="year-1",
        opens_on=dt.date(2026, 8, 20),
        closes_on=dt.date(2026, 9, 30),
    )
    dossier = {
        "activities": [
            {"date": f"2026-0{1 + k % 6}-1{k % 9}", "title": f"专题研讨{k}", "attended": 5}
            for k in range(24)
        ],
        "deliverables": [{"title": f"研修成果{k}", "words": 3000 + k} for k in range(10)],
    }
    Case.objects.filter(round=round_).update(
        dossier=dossier, self_report="本年度工作室按计划开展研修活动。" * 40
    )
    answers = {"plan_followed": 5, "useful": 4, "guidance": 4, "climate": 3}
    SurveyAnswer.objects.bulk_create(
        (SurveyAnswer(case=case, answers=answers) for case in round_.cases.all() for _ in range(6)),
        batch_size=5000,
    )
    experts = [
        User.objects.create_user(username=f"assessment-bench-expert-{n}", password="x" * 12)
        for n in range(max(3, studios // 10))
    ]
    RoleGrant.objects.bulk_create(
        RoleGrant(user=user, role=Role.EXPERT, region_id="460000") for user in experts
    )
    for user in experts:
        panel.add_expert(actor=system, round_=round_, expert=user)
    started = time.perf_counter()
    panel.assign_automatically(actor=system, round_=round_)
    assigned = time.perf_counter() - started
    stages.start_scoring(actor=system, round_=round_)
    if connection.vendor == "postgresql":  # fresh statistics, as autovacuum would keep them
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"assigned {studios} cases × 3 experts automatically in {assigned:.2f} s")
    return experts[0]


def measure(expert, repeat: int) -> list[tuple[str, float, float, int, int]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from touyan.assessment.models import Score

    mine = Score.objects.filter(expert=expert)
    client = Client()
    client.force_login(expert)
    rows = []
    for url in ("/assessment/expert/", f"/assessment/expert/scores/{mine.first().pk}/"):
        client.get(url)  # warm the per-process caches (templates, parsed policy)
        times, cpu, queries = [], [], 0
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as captured:
                started, started_cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            queries = len(captured.captured_queries)
        rows.append((url, statistics.median(times), statistics.median(cpu), queries, mine.count()))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--studios", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--limit", type=float, default=100.0)
    parser.add_argument("--data-dir", type=Path, help="build here and keep it; reuse if built")
    args = parser.parse_args()
    sys.path.insert(0, str(REPOSITORY))
    with tempfile.TemporaryDirectory(prefix="touyan-assessment-") as scratch:
        folder = str(args.data_dir or scratch)
        os.environ.update(
            TOUYAN_DATA_DIR=folder,
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

        # Pages link the stylesheet by name; the hashed names exist only after collectstatic.
        settings.STORAGES = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        from touyan.accounts.models import User

        expert = User.objects.filter(username=EXPERT).first()
        if expert is None:
            started = time.perf_counter()
            expert = build(args.studios)
            print(f"built {args.studios} studios in {time.perf_counter() - started:.1f} s")
        rows = measure(expert, args.repeat)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"{'page':<40} {'median ms':>10} {'cpu ms':>8} {'queries':>8} {'cases':>6}")
    for url, ms, cpu, queries, cases in rows:
        print(f"{url:<40} {ms:>10.1f} {cpu:>8.1f} {queries:>8} {cases:>6}")
    return 1 if any(ms > args.limit for _url, ms, *_rest in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
