"""Benchmark the record import: dry run and write of a workbook of activities, attendance and
deliverables, for a studio programme of realistic size.

    .venv/bin/python benchmarks/record_import.py                      # 2,000 and 20,000 rows, SQLite
    .venv/bin/python benchmarks/record_import.py --rows 5000
    .venv/bin/python benchmarks/record_import.py --database-url postgres://postgres@127.0.0.1:5432/touyan_bench

Each size runs on a fresh database (a SQLite file in a temporary folder, or a PostgreSQL database
created and dropped by the script, as ``roster_import.py`` does): a Hainan studio programme from
the shipped preset with ``--studios`` studios of a host and 12 members. The workbook has one
activity row and 13 attendance rows per activity (the studio's host and members) and one
deliverable row in ten, each with a text of about 1,500 characters. Phases:

- (a) dry run: ``plan_import``;
- (b) write through the record services (``write_through_services``), rolled back — the
  reference the bulk writer is held to, timed to show why the import does not use it;
- (c) write in bulk (``apply_plan``), as the import does;
- (d) second dry run of the same file: every row must be unchanged.

Exits 1 when a count is wrong or when the second dry run finds anything to write.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent
REPOSITORY = BENCHMARKS.parent
for folder in (REPOSITORY, BENCHMARKS):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from roster_import import (  # noqa: E402
    Runner,
    _create_postgres_database,
    _drop_postgres_database,
    _table,
)

MEMBERS = 12
ATTENDANCE_PER_ACTIVITY = MEMBERS + 1
START = dt.date(2025, 9, 1)
LAST_DAY = dt.date(2026, 7, 10)
SENTENCES = (
    "本学期工作室围绕“双减”背景下的课堂变革开展专题研讨，",
    "成员校长结合本校实际分享了课后服务的做法与困惑；",
    "主持人从课程、教学、评价三个方面作了点评，",
    "提出以校本教研带动课堂转型的思路。",
    "研讨中大家认为，学校管理要从“管住”走向“激活”，",
    "教师专业发展是课堂变革的关键（2025年秋季调研数据显示，83%的教师希望得到同伴支持）。",
)


def _text(rng: random.Random, length: int) -> str:
    parts = []
    while sum(map(len, parts)) < length:
        parts.append(rng.choice(SENTENCES))
    return "".join(parts)


def _parse(argv) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--rows",
        type=int,
        action="append",
        help="data rows of the workbook, over its three sheets (repeatable; default 2000 and 20000)",
    )
    parser.add_argument(
        "--studios", type=int, default=16, help="studios of the programme (default 16)"
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--no-services", action="store_true", help="skip phase (b)")
    parser.add_argument("--database-url", help="a PostgreSQL database to create, use and drop")
    parser.add_argument("--drop-existing", action="store_true", help="replace that database")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--profile", type=Path, metavar="DIR", help="write a cProfile .prof per phase into DIR"
    )
    return parser.parse_args(argv)


def main(argv=None) -> int:
    options = _parse(argv)
    sizes = options.rows or [2000, 20000]
    status = 0
    for rows in sizes:
        status |= _run_fresh(options, rows)
    return status


def _run_fresh(options, rows: int) -> int:
    """Each size in a process of its own: Django is set up once per process and database."""
    import subprocess

    if os.environ.get("TOUYAN_BENCH_CHILD"):
        return _one(options, rows)
    args = [sys.executable, __file__, "--rows", str(rows), "--studios", str(options.studios)]
    args += ["--seed", str(options.seed)]
    for flag, value in (
        ("--no-services", options.no_services),
        ("--drop-existing", options.drop_existing),
        ("--keep", options.keep),
    ):
        if value:
            args.append(flag)
    if options.database_url:
        args += ["--database-url", options.database_url]
    if options.profile:
        args += ["--profile", str(options.profile)]
    return subprocess.run(args, env={**os.environ, "TOUYAN_BENCH_CHILD": "1"}).returncode


def _one(options, rows: int) -> int:
    if options.database_url:
        _create_postgres_database(options.database_url, drop_existing=options.drop_existing)
        os.environ["DATABASE_URL"] = options.database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    work = Path(tempfile.mkdtemp(prefix="touyan-bench-records-"))
    os.environ["TOUYAN_DATA_DIR"] = str(work / "data")
    os.environ["DJANGO_SETTINGS_MODULE"] = "touyan.settings"
    os.environ["DEBUG"] = "0"
    try:
        return _benchmark(options, rows, work)
    finally:
        from django.db import connections

        connections.close_all()
        if options.database_url:
            _drop_postgres_database(options.database_url)
        if options.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def _programme(studios: int):
    """A Hainan studio programme: ``studios`` studios of a host and 12 members each."""
    from touyan.core.actors import Actor
    from touyan.core.identity import make_id_number
    from touyan.people.enums import Position, SchoolKind, Title
    from touyan.people.models import Principal, School
    from touyan.policies.presets import preset_text
    from touyan.policies.services import publish_policy
    from touyan.programmes import services

    actor = Actor.system()
    version = publish_policy(actor=actor, text=preset_text("hainan-studios"))
    programme = services.create_programme(
        actor=actor,
        slug="hn-bench",
        name="海南省中学卓越校长工作室",
        policy_version=version,
        starts_on=START,
    )
    counties = ["460105", "460106", "460107", "460108", "460202", "460203", "460204", "460205"]
    sequence = 0

    def principal(name: str, county: str, kind: str) -> Principal:
        nonlocal sequence
        sequence += 1
        school = School.objects.create(name=f"海南第{sequence}中学", region_id=county, kind=kind)
        person = Principal(
            name=name,
            gender="M" if sequence % 2 else "F",
            birth_date=dt.date(1975, 1, 1) + dt.timedelta(days=sequence),
            school=school,
            position=Position.PRINCIPAL,
            title=Title.SENIOR,
            appointed_on=dt.date(2018, 9, 1),
        )
        person.assign_id_number(
            make_id_number(
                county, person.birth_date, sequence * 2 + (1 if person.gender == "M" else 0)
            )
        )
        person.save()
        return person

    for index in range(studios):
        county = counties[index % len(counties)]
        host = principal(f"主持人{index}", county, SchoolKind.COMPLETE)
        studio = services.create_studio(actor=actor, programme=programme, host=host)
        for number in range(MEMBERS):
            member = principal(f"成员{index}-{number}", county, SchoolKind.JUNIOR)
            services.add_member(actor=actor, studio=studio, principal=member, joined_on=START)
    return programme


def _workbook(path: Path, programme, rows: int, seed: int) -> dict:
    """Write the workbook; returns how many rows each sheet has."""
    from openpyxl import Workbook

    from touyan.programmes.models import Studio, StudioMember

    rng = random.Random(seed)
    studios = list(Studio.objects.filter(programme=programme).select_related("host").order_by("pk"))
    members = {s.pk: [] for s in studios}
    for member in StudioMember.objects.filter(studio__in=studios).select_related("principal"):
        members[member.studio_id].append(member.principal.name)
    deliverables = rows // 10
    activities = (rows - deliverables) // (1 + ATTENDANCE_PER_ACTIVITY)
    deliverables = rows - activities * (1 + ATTENDANCE_PER_ACTIVITY)
    kinds = ["专题研讨", "集中研修", "读书交流", "讲座论坛", "网络研修", "跟岗实践"]
    days = (LAST_DAY - START).days
    book = Workbook(write_only=True)
    activity_sheet, attendance_sheet, deliverable_sheet = (
        book.create_sheet("活动"),
        book.create_sheet("考勤"),
        book.create_sheet("成果"),
    )
    activity_sheet.append(
        [
            "组织方",
            "活动类型",
            "活动名称",
            "日期",
            "开始时间",
            "结束时间",
            "地点",
            "级别",
            "活动内容",
        ]
    )
    attendance_sheet.append(["活动名称", "日期", "姓名", "出勤情况", "作报告"])
    deliverable_sheet.append(["成果类型", "标题", "工作室", "作者姓名", "提交日期", "正文"])
    for number in range(activities):
        studio = studios[number % len(studios)]
        day = START + dt.timedelta(days=rng.randrange(days))
        title = f"第{number + 1}次{kinds[number % len(kinds)]}"
        activity_sheet.append(
            [
                studio.name,
                kinds[number % len(kinds)],
                title,
                day.strftime(rng.choice(["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日"])),
                "9:00",
                "11:30",
                f"{studio.host.name}所在学校报告厅",
                rng.choice(["校级", "区县级", "市级", "省级"]),
                _text(rng, 60),
            ]
        )
        for index, name in enumerate([studio.host.name, *members[studio.pk]]):
            mark = rng.choices(["出勤", "√", "请假", "缺勤"], weights=[80, 12, 6, 2])[0]
            presented = "是" if index == 0 and mark in ("出勤", "√") else ""
            attendance_sheet.append([title, day, name, mark, presented])
    for number in range(deliverables):
        studio = studios[number % len(studios)]
        author = members[studio.pk][number % MEMBERS]
        deliverable_sheet.append(
            [
                "个性化成长方案",
                f"成长方案（第{number + 1}稿）",
                studio.name,
                author,
                START + dt.timedelta(days=rng.randrange(days)),
                _text(rng, 1500),
            ]
        )
    book.save(path)
    return {
        "activities": activities,
        "attendance": activities * ATTENDANCE_PER_ACTIVITY,
        "deliverables": deliverables,
    }


def _benchmark(options, rows: int, work: Path) -> int:
    import django

    django.setup()

    from django.core.management import call_command
    from django.db import connection, transaction

    from touyan.audit.models import AuditEntry
    from touyan.core.actors import Actor
    from touyan.records.importing.planning import plan_import
    from touyan.records.importing.writing import apply_plan, write_through_services
    from touyan.records.models import Activity, Attendance, Deliverable

    if options.profile:
        options.profile.mkdir(parents=True, exist_ok=True)
    runner = Runner(trace_memory=False, profile_dir=options.profile)
    runner.run("migrate", lambda: call_command("migrate", verbosity=0))
    programme = runner.run("build programme", lambda: _programme(options.studios))
    path = work / f"records-{rows}.xlsx"
    sheets = runner.run("generate file", lambda: _workbook(path, programme, rows, options.seed))
    actor = Actor.command_line()

    def dry_run():
        with open(path, "rb") as handle:
            return plan_import(handle, programme=programme)

    plan = runner.run("(a) dry run", dry_run, rows=rows, slug="a")
    problems = []
    if plan.counts != {"create": rows, "update": 0, "unchanged": 0, "rejected": 0}:
        problems.append(f"dry run counts {plan.counts}, the file has {sheets}")

    if not options.no_services:

        def through_services():
            with transaction.atomic():
                write_through_services(plan, actor=actor, skip_invalid=False)
                transaction.set_rollback(True)

        runner.run("(b) write via services", through_services, rows=rows, slug="b")
    before = AuditEntry.objects.count()
    result = runner.run(
        "(c) write in bulk",
        lambda: apply_plan(plan, actor=actor, skip_invalid=False),
        rows=rows,
        slug="c",
    )
    again = runner.run("(d) second dry run", dry_run, rows=rows, slug="d")
    if again.has_changes or again.counts["unchanged"] != rows:
        problems.append(f"the second dry run found changes: {again.counts}")
    stored = (Activity.objects.count(), Attendance.objects.count(), Deliverable.objects.count())
    if stored != (sheets["activities"], sheets["attendance"], sheets["deliverables"]):
        problems.append(f"the database holds {stored}, the file has {sheets}")
    entries = AuditEntry.objects.count() - before
    expected = 2 * sheets["activities"] + sheets["deliverables"]
    if entries != expected:
        problems.append(f"{entries} audit entries, expected {expected}")

    timed = [phase for phase in runner.phases if phase.slug in ("a", "c")]
    print(
        f"record import benchmark — {rows:,} rows ({sheets['activities']:,} activities, "
        f"{sheets['attendance']:,} attendance marks, {sheets['deliverables']:,} deliverables) "
        f"in {path.stat().st_size / 2**20:.1f} MB, {connection.vendor}"
    )
    print(f"written: {result}")
    print()
    print(_table(runner, timed, rows))
    print()
    for problem in problems:
        print(f"FAIL: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
