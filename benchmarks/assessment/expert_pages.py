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
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import kit  # noqa: E402

EXPERT = "assessment-bench-expert-0"
MEMBERS = 5


def build(studios: int):
    from touyan.accounts.models import RoleGrant, User
    from touyan.accounts.roles import Role
    from touyan.assessment.models import Case, SurveyAnswer
    from touyan.assessment.services import panel, rounds, stages
    from touyan.core.actors import Actor
    from touyan.people.enums import SchoolKind
    from touyan.programmes.models import StudioMember

    system = Actor(user=None)
    start = dt.date(2025, 9, 1)
    programme = kit.programme(
        system,
        "hainan-studios",
        slug="assessment-bench",
        name="基准：卓越校长工作室",
        starts_on=start,
    )
    schools = kit.schools(
        studios * (1 + MEMBERS), kit.districts("46"), kind=SchoolKind.COMPLETE, batch_size=2000
    )
    hosts = kit.principals(schools[:studios], name="主持人", batch_size=2000)
    members = kit.principals(schools[studios:], name="成员", serial_from=studios, batch_size=2000)
    made = kit.studios(programme, hosts, batch_size=2000)
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
    kit.analyze()
    print(f"assigned {studios} cases × 3 experts automatically in {assigned:.2f} s")
    return experts[0]


def measure(expert, repeat: int) -> list[tuple[str, float, float, int, int]]:
    from django.test import Client

    from touyan.assessment.models import Score

    mine = Score.objects.filter(expert=expert)
    client = Client()
    client.force_login(expert)
    return [
        (url, *kit.time_get(client, url, repeat), mine.count())
        for url in ("/assessment/expert/", f"/assessment/expert/scores/{mine.first().pk}/")
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--studios", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--limit", type=float, default=100.0)
    parser.add_argument("--data-dir", type=Path, help="build here and keep it; reuse if built")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="touyan-assessment-") as scratch:
        kit.django_in(args.data_dir or scratch, jobs="inline")
        from touyan.accounts.models import User

        expert = User.objects.filter(username=EXPERT).first()
        if expert is None:
            started = time.perf_counter()
            expert = build(args.studios)
            print(f"built {args.studios} studios in {time.perf_counter() - started:.1f} s")
        rows = measure(expert, args.repeat)
    kit.print_load()
    kit.print_pages(rows, "cases")
    return 1 if any(ms > args.limit for _url, ms, *_rest in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
