"""The policy editor's preview of verdicts (issue 22) on a large training programme: the job
that judges a programme's records under today's version and under a draft, through the queue's
runner as the worker runs it.

    .venv/bin/python benchmarks/policies/preview.py                     # SQLite, 600 trainees
    .venv/bin/python benchmarks/policies/preview.py --trainees 2000 \\
        --database-url postgres://postgres@127.0.0.1:5432/touyan_bench_preview

Builds, in a throw-away data folder (and database), a programme under the third preset
(``ningbo-backbone``) with one cohort of ``--trainees`` trainees and, through the services, what
its rules read: intensive sessions with everyone's attendance, two reading notes a school year
(the preset asks four), link schools with guidance at them, a shared secondment. Then asks for a
preview of a draft that asks two reading notes (every trainee's cell changes) and runs the job
``--repeat`` times; prints the median time, the queries and the peak memory of
the process, and exits 1 when the median passes ``--limit`` seconds (10) or the queries of a
small and the large programme differ.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import kit  # noqa: E402

START = dt.date(2024, 9, 1)
AS_OF = dt.date(2026, 12, 7)
SESSIONS = 24


def build_programme(trainees: int):
    from touyan.core.actors import Actor
    from touyan.people.enums import SchoolKind
    from touyan.programmes import services as programmes
    from touyan.programmes.link_schools import designate_link_school
    from touyan.records import services as records

    system = Actor.system()
    programme = kit.programme(
        system,
        "ningbo-backbone",
        slug=f"preview-bench-{trainees}",
        name=f"基准：研修工程（{trainees} 人）",
        starts_on=START,
    )
    cohort = programmes.create_cohort(
        actor=system, programme=programme, number=1, name="基准班", starts_on=START
    )
    regions = ["330203", "330212", "330226"]
    heads = kit.principals(
        kit.schools(trainees, regions, kind=SchoolKind.PRIMARY, name=f"预览学校{trainees}-"),
        name=f"学员{trainees}-",
        serial_from=trainees,
    )
    villages = kit.schools(
        (trainees + 1) // 2, regions, kind=SchoolKind.PRIMARY, name=f"村小{trainees}-",
        rural_every=1,
    )  # fmt: skip
    people = [
        programmes.add_trainee(actor=system, cohort=cohort, principal=head, joined_on=START)
        for head in heads
    ]
    for n in range(SESSIONS):
        day = START + dt.timedelta(days=20 + 30 * n)
        session = records.create_activity(
            actor=system, programme=programme, cohort=cohort, activity_type="course",
            title=f"集中研修{n}", date=day, hours=6,
        )  # fmt: skip
        marks = [
            records.Mark(t.principal_id, "absent" if (i + n) % 9 == 0 else "present")
            for i, t in enumerate(people)
        ]
        records.record_attendance(actor=system, activity=session, marks=marks, today=AS_OF)
    stay = records.create_activity(
        actor=system, programme=programme, cohort=cohort, activity_type="secondment",
        title="赴名校挂职", date=dt.date(2026, 3, 2), end_date=dt.date(2026, 4, 30),
    )  # fmt: skip
    records.record_attendance(
        actor=system,
        activity=stay,
        marks=[records.Mark(t.principal_id, "present") for t in people],
        today=AS_OF,
    )
    for i, trainee in enumerate(people):
        village = villages[i // 2]
        designate_link_school(
            actor=system, programme=programme, principal=trainee.principal, school=village,
            designated_on=dt.date(2024, 10, 8),
        )  # fmt: skip
        for year, month in ((2024, 11), (2025, 3), (2025, 11), (2026, 3)):
            records.submit_deliverable(
                actor=system, programme=programme, kind="reading_notes",
                title=f"读书笔记{year}-{month}", principal=trainee.principal, body="读书" * 900,
                submitted_on=dt.date(year, month, 10), today=AS_OF,
            )  # fmt: skip
    for i in range(0, len(villages)):
        guidance = records.create_activity(
            actor=system, programme=programme, cohort=cohort, activity_type="link_guidance",
            title=f"联系学校指导{i}", date=dt.date(2026, 10, 12), place_school=villages[i],
            audience=[t.principal_id for t in people[2 * i : 2 * i + 2]],
        )  # fmt: skip
        records.record_attendance(
            actor=system,
            activity=guidance,
            marks=[records.Mark(t.principal_id, "present") for t in people[2 * i : 2 * i + 2]],
            today=AS_OF,
        )
    return programme


def ask(programme):
    from touyan.core.actors import Actor
    from touyan.policies import drafting

    system = Actor.system()
    policy = programme.policy_version.policy
    draft = drafting.start_draft(actor=system, policy=policy)
    text = draft.text.replace("at_least = 4\nmin_chars = 1500", "at_least = 2\nmin_chars = 1500")
    assert text != draft.text, "the draft's change was not found in the preset"
    drafting.save_draft(actor=system, draft=draft, text=text)
    return lambda: drafting.ask_preview(actor=system, draft=draft, programme=programme)


def run_once(ask_for) -> tuple[float, int, dict]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from touyan.jobs import runner
    from touyan.jobs.models import Job

    job = ask_for()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        assert runner.run(job.pk) == "done"
    seconds = time.perf_counter() - started
    return seconds, len(queries), Job.objects.get(pk=job.pk).result


def benchmark(options) -> int:
    kit.django_in(os.environ["TOUYAN_DATA_DIR"])
    from django.conf import settings
    from django.utils import timezone

    settings.TOUYAN_BACKGROUND_JOBS = "queue"
    timezone.localdate = lambda *args, **kwargs: AS_OF  # the records run to a fixed day
    failures = []
    counts = []
    for size in (options.small, options.trainees):
        started = time.perf_counter()
        programme = build_programme(size)
        built = time.perf_counter() - started
        ask_for = ask(programme)
        kit.analyze()
        runs = [run_once(ask_for) for _ in range(options.repeat)]
        median = statistics.median(seconds for seconds, _q, _r in runs)
        queries = runs[0][1]
        result = runs[0][2]
        counts.append(queries)
        print(
            f"{size:>5} trainees (built in {built:.0f} s): preview {median:.2f} s median of "
            f"{options.repeat}, {queries} queries, {len(result['changes'])} changed cells, "
            f"peak {kit_peak():.0f} MiB"
        )
        if size == options.trainees and median > options.limit:
            failures.append(f"{size} trainees: {median:.2f} s > {options.limit} s")
    # The engine reads a fixed number of queries; the job adds the same few around it.
    if len(set(counts)) != 1:
        failures.append(f"queries grow with the programme: {counts}")
    for failure in failures:
        print(f"MISSED: {failure}")
    return 1 if failures else 0


def kit_peak() -> float:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, default=600)
    parser.add_argument("--small", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--limit", type=float, default=10.0)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--drop-existing", action="store_true")
    parser.add_argument("--keep", action="store_true")
    options = parser.parse_args()
    return kit.in_throwaway_place(options, "touyan-preview-", benchmark)


if __name__ == "__main__":
    sys.exit(main())
