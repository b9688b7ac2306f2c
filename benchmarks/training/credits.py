"""The training-credit file (HZ-4.2.4) for 1,500 trainees who completed: wall time and queries.

    .venv/bin/python benchmarks/training/credits.py                  # 1,500 trainees, SQLite
    .venv/bin/python benchmarks/training/credits.py --trainees 300
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/touyan_bench \\
        .venv/bin/python benchmarks/training/credits.py               # an empty PostgreSQL database

Builds, in a temporary data folder (or the empty database of ``DATABASE_URL``), a programme
under the Hangzhou preset with cohorts of 50, written in bulk: each trainee's school and
registry record (an encrypted ID number), and a passing ``Completion`` with its frozen
evidence; an authority admin with the personal-data right. Then writes the credit file through
``training.credits.export_credits`` (the service the page calls) and prints its wall time,
its queries and its rows; exits 1 when it took longer than ``--limit`` seconds (5).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import kit  # noqa: E402

START = dt.date(2024, 9, 1)


def build(trainees: int):
    from django.db import transaction
    from django.utils import timezone

    from touyan.accounts.models import RoleGrant, User
    from touyan.accounts.roles import Role
    from touyan.core.actors import Actor
    from touyan.people.enums import SchoolKind
    from touyan.programmes.models import Cohort, Trainee
    from touyan.training.models import Completion

    programme = kit.programme(
        Actor.system(),
        "hangzhou-training",
        slug="credits-bench",
        name="基准：杭州市名校长培养工程",
        starts_on=START,
    )
    evidence = {
        "hours": {"required": 270, "done": "272.5", "topics": []},
        "attendance": {"present": 40, "leave": 2, "absent": 0, "rate": 95, "scheduled": 42},
    }
    with transaction.atomic():
        cohorts = Cohort.objects.bulk_create(
            Cohort(programme=programme, number=n + 1, name=f"第{n + 1}期", starts_on=START)
            for n in range((trainees + 49) // 50)
        )
        schools = kit.schools(
            trainees, kit.districts("3301"), kind=SchoolKind.PRIMARY, batch_size=5000
        )
        principals = kit.principals(schools, name="学员", born_from=1965, years=20, batch_size=5000)
        made = Trainee.objects.bulk_create(
            Trainee(
                cohort=cohorts[n // 50],
                principal=principal,
                status=Trainee.Status.COMPLETED,
                joined_on=START,
            )
            for n, principal in enumerate(principals)
        )
        now = timezone.now()
        Completion.objects.bulk_create(
            (
                Completion(
                    trainee=trainee,
                    evidence=evidence,
                    result=Completion.Result.PASS,
                    reason="完成培训任务，综合考核合格，准予结业。",
                    decided_at=now,
                )
                for trainee in made
            ),
            batch_size=2000,
        )
        admin = User.objects.create(username="credits-bench-admin")
        RoleGrant.objects.create(
            user=admin, role=Role.AUTHORITY_ADMIN, region_id="330100", sees_personal_data=True
        )
    return programme, admin


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, default=1500)
    parser.add_argument("--limit", type=float, default=5.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="touyan-credits-") as scratch:
        kit.django_in(scratch)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from touyan.core.actors import Actor
        from touyan.training.credits import export_credits

        print(f"database: {connection.vendor}; load average {os.getloadavg()[0]:.1f}")
        started = time.perf_counter()
        programme, admin = build(args.trainees)
        print(f"built {args.trainees} trainees in {time.perf_counter() - started:.1f} s")
        out = io.BytesIO()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            rows = export_credits(actor=Actor(admin), programme=programme, out=out)
        took = time.perf_counter() - started
        print(
            f"credit file: {rows} rows, {len(out.getvalue()) // 1024} KiB, "
            f"{len(queries)} queries, {took:.2f} s (limit {args.limit:.0f} s)"
        )
        if rows != args.trainees or took > args.limit:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
