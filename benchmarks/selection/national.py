"""National-scale selection: one candidate call with 100,000 applications from about 3,000
districts, and what its busiest pages, documents and steps cost.

    .venv/bin/python benchmarks/selection/national.py               # SQLite, temporary folder
    .venv/bin/python benchmarks/selection/national.py \\
        --database-url postgres://postgres@127.0.0.1:5432/touyan_selbench   # created, dropped

The data (a fresh database, a fixed seed):

- the synthetic division tree of ``touyan seed --scale national`` (31 provinces × 8 cities ×
  12 counties: 2,976 counties) and 100,000 principals written the way that seed writes them
  (``plan_rows`` + ``apply_plan`` of the roster import, in batches);
- a training programme on the national copy of the Hangzhou policy (filed under 110000, as the
  seed's are), a cohort and one published candidate call with a district stage, made through
  the services;
- one application per principal, written with ``bulk_create``: in four counties of 北京
  "big" (2,000 applications, being reviewed), "small" (10, being reviewed), "sheet" (2,000
  approved, ranked and sent) and "double" (4,000 approved and ranked, not sent); elsewhere
  four in five districts have sent their batches and the rest are reviewing; 10,000
  applications are forwarded in all; statuses, findings, stamps and ranks as the services
  leave them;
- 500 experts (a third of them principals with a school) on the call's panel, a few hundred
  declared conflicts; a second call with 10 applications in 2 districts, for query counts.

Measured, ``--runs`` times each after one warm-up (median wall clock, median CPU seconds of
this process, range):

(a) the district officer's list (``selection:district_list``) of "big" and of "small", signed
    in as each district's officer, through the Django test client; queries of both, which must
    be equal; target under 200 ms;
(b) the city's batch overview (``selection:batches``) of the call, signed in as the authority
    (2,976 districts); its queries against the small call's, which must be equal; target
    under 200 ms;
(c) the summary sheet of "sheet" (2,000 candidates) by ``write_district_summary``: seconds,
    ``tracemalloc`` peak and RSS growth, and the same for "double" (4,000) and for a district
    of about 10; target under 5 s, and double's peak at most 1.5 times sheet's (flat memory);
(d) ``assign_automatically`` (the service: 10,000 forwarded applications, 500 experts, three
    each, the reviews written and the experts told), each run in a transaction rolled back;
    target under 10 s.

Exits with 1 when a target is missed or query counts differ.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPOSITORY = Path(__file__).resolve().parents[2]
if str(REPOSITORY) not in sys.path:
    sys.path.insert(0, str(REPOSITORY))

SEED = 20261121
APPLICATIONS = 100_000
FORWARDED = 10_000
EXPERTS = 500
# Synthetic counties of 北京's 第1市.
BIG, SMALL, SHEET, DOUBLE = "115101", "115102", "115103", "115104"
SIZES = {BIG: 2_000, SMALL: 10, SHEET: 2_000, DOUBLE: 4_000}
SENT_SHARE = 0.8
PAGE_TARGET = 0.200
SHEET_TARGET = 5.0
ASSIGN_TARGET = 10.0
MIB = 1024 * 1024


# --- measuring --------------------------------------------------------------------------------


def reset_peak() -> None:
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
    except OSError:
        pass


def peak_mib() -> float:
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mib() -> float:
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def duration(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


class Result:
    def __init__(self, name: str, target: float | None = None):
        self.name, self.target = name, target
        self.seconds: list[float] = []
        self.cpu: list[float] = []
        self.note = ""

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def missed(self) -> bool:
        return self.target is not None and self.median >= self.target

    def row(self) -> str:
        target = f"< {duration(self.target)}" if self.target else "—"
        verdict = "" if self.target is None else ("MISSED" if self.missed else "ok")
        spread = f"{duration(min(self.seconds))} – {duration(max(self.seconds))}"
        cpu = duration(statistics.median(self.cpu)) if self.cpu else ""
        return (
            f"| {self.name} | {len(self.seconds)} | {duration(self.median)} | {cpu} | "
            f"{spread} | {target} | {verdict} | {self.note} |"
        )

    def time(self, action: Callable[[], object]):
        started, cpu = time.perf_counter(), time.process_time()
        value = action()
        self.seconds.append(time.perf_counter() - started)
        self.cpu.append(time.process_time() - cpu)
        return value


def repeat(result: Result, runs: int, action: Callable[[], object]) -> None:
    action()  # warm-up: templates, caches, the session
    for _ in range(runs):
        result.time(action)


def step(label: str, action: Callable[[], object]):
    started = time.perf_counter()
    value = action()
    print(f"  {label}: {time.perf_counter() - started:.1f} s", flush=True)
    return value


# --- PostgreSQL -------------------------------------------------------------------------------


def postgres_names(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        raise SystemExit(f"--database-url: only PostgreSQL URLs, not {parts.scheme}://")
    name = parts.path.lstrip("/")
    if not name or name in ("postgres", "template0", "template1"):
        raise SystemExit("--database-url must name a throw-away database, e.g. …/touyan_selbench")
    return name, urlunsplit(("postgresql", parts.netloc, "/postgres", parts.query, ""))


def create_postgres(url: str, *, drop_existing: bool) -> None:
    import psycopg
    from psycopg import sql

    name, maintenance = postgres_names(url)
    with psycopg.connect(maintenance, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if exists and not drop_existing:
            raise SystemExit(f"database {name!r} exists; --drop-existing replaces it")
        if exists:
            connection.execute(
                sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name))
            )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_postgres(url: str) -> None:
    import psycopg
    from psycopg import sql

    name, maintenance = postgres_names(url)
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


# --- the data ---------------------------------------------------------------------------------


def seed_principals(rng: random.Random, total: int) -> None:
    """2,000, 10 and 2,000 principals in the three measured counties, the rest spread over the
    other counties, written as ``touyan seed --scale national`` writes them."""
    from touyan.core.actors import Actor
    from touyan.demo.national import (
        BATCH_SIZE,
        EVERYTHING,
        ensure_synthetic_regions,
        national_rows,
    )
    from touyan.people.roster.importer import apply_plan, plan_rows

    counties, _created = ensure_synthetic_regions()
    measured = {c.code: c for c in counties if c.code in SIZES}
    others = [c for c in counties if c.code not in SIZES]

    def rows():
        for code, count in SIZES.items():
            yield from national_rows(rng, [measured[code]], count)
        yield from national_rows(rng, others, total - sum(SIZES.values()))

    actor, batch = Actor.command_line(), []
    for row in rows():
        batch.append(row)
        if len(batch) == BATCH_SIZE:
            apply_plan(plan_rows(batch, scope=EVERYTHING), actor=actor, skip_invalid=False)
            batch = []
    if batch:
        apply_plan(plan_rows(batch, scope=EVERYTHING), actor=actor, skip_invalid=False)


class Scene:
    """The people and the calls of the benchmark."""

    def __init__(self):
        import datetime as dt

        from django.utils import timezone

        from touyan.accounts.roles import Role
        from touyan.accounts.services import create_user, grant_role
        from touyan.core.actors import Actor
        from touyan.demo.national_policies import training_policy_text
        from touyan.policies.services import publish_policy
        from touyan.programmes import services as programmes
        from touyan.regions.models import Region
        from touyan.selection.services import calls

        system = Actor.command_line()
        self.now = timezone.now()
        version = publish_policy(actor=system, text=training_policy_text(cohorts=3, cohort_size=50))
        self.programme = programmes.create_programme(
            actor=system,
            slug="national-selection",
            name="全国中小学名校长培养工程（遴选基准）",
            policy_version=version,
            starts_on=self.now.date(),
        )
        cohort = programmes.create_cohort(
            actor=system,
            programme=self.programme,
            number=1,
            name="第一期",
            starts_on=self.now.date() + dt.timedelta(days=90),
        )
        regions = Region.objects.in_bulk(["110000", *SIZES])
        self.authority = create_user(actor=system, username="bench-city", password=None)
        grant_role(
            actor=system, user=self.authority, role=Role.AUTHORITY_ADMIN, region=regions["110000"]
        )
        self.officers = {}
        for code in SIZES:
            officer = create_user(actor=system, username=f"bench-{code}", password=None)
            grant_role(actor=system, user=officer, role=Role.DISTRICT_OFFICER, region=regions[code])
            self.officers[code] = officer

        def call(title: str):
            made = calls.create_call(
                actor=system,
                programme=self.programme,
                spec_code="candidate",
                title=title,
                places=500,
                opens_at=self.now - dt.timedelta(days=60),
                closes_at=self.now - dt.timedelta(days=30),
                district_deadline=self.now + dt.timedelta(days=1),
                cohort=cohort,
            )
            return calls.publish_call(actor=system, call=made)

        self.call = call("全国中小学名校长培养工程第一期人选遴选（基准）")
        self.small_call = call("全国中小学名校长培养工程第一期人选遴选（对照）")
        self.regions = regions


def findings_for(spec, outcome: str) -> list[dict]:
    """Findings as ``submit_application`` keeps them, for an application of that outcome."""
    found = []
    for condition in spec.conditions:
        kind = condition.kind
        if kind == "declaration":
            result, reason = "declared", "本人已陈述并承诺"
        elif kind == "judgement":
            result, reason = "judged", "由专家依据陈述与证明材料评议"
        elif kind == "title" and outcome == "experts":
            result, reason = (
                "experts",
                "职称为一级教师，未达要求；“在学校管理方面有突出贡献”一项交专家评议",
            )
        elif kind == "years_in_post" and outcome == "ineligible":
            result, reason = "unmet", "任现职2年3个月，不满3年"
        else:
            result, reason = "met", "符合"
        found.append(
            {"code": condition.code, "text": condition.text, "outcome": result, "reason": reason}
        )
    return found


def write_applications(scene: Scene, rng: random.Random) -> dict:
    """One application per principal, a batch per district; returns what was written."""
    import datetime as dt

    from touyan.people.enums import Gender, Position, SchoolKind, Title
    from touyan.people.models import Principal
    from touyan.regions.models import Level, Region
    from touyan.selection.models import Application, DistrictBatch
    from touyan.selection.policy import call_spec

    S = Application.Status
    call, now = scene.call, scene.now
    spec = call_spec(call)
    findings = {o: findings_for(spec, o) for o in ("eligible", "experts", "ineligible")}
    labels = {
        "gender": dict(Gender.choices),
        "position": dict(Position.choices),
        "title": dict(Title.choices),
        "kind": dict(SchoolKind.choices),
    }
    names = dict(Region.objects.filter(level=Level.COUNTY).values_list("code", "name"))
    cities = dict(Region.objects.filter(level=Level.CITY).values_list("code", "name"))
    principals = list(
        Principal.objects.order_by("pk").values_list(
            "pk",
            "name",
            "gender",
            "birth_date",
            "school__name",
            "school__kind",
            "school__region_id",
            "position",
            "title",
            "appointed_on",
        )
    )
    by_district: dict[str, list[tuple]] = {}
    for row in principals:
        by_district.setdefault(row[6], []).append(row)
    others = sorted(code for code in by_district if code not in SIZES)
    sent = set(rng.sample(others, round(len(others) * SENT_SHARE))) | {SHEET}
    in_sent = sorted(row[0] for code in sent if code != SHEET for row in by_district[code])
    chosen = set(rng.sample(in_sent, min(len(in_sent), FORWARDED - SIZES[SHEET])))

    def office(code: str) -> str:
        return cities.get(code[:4] + "00", "") + names.get(code, code) + "教育局"

    applications, batches = [], []
    for code in sorted(by_district):
        rows = by_district[code]
        is_sent = code in sent
        officer = scene.officers.get(code)
        reviewer = officer.pk if officer else None
        stamp_name = "审核员" if officer else "区县审核员"
        rank = 0
        for row in rows:
            pk, name, gender, birth, school, kind, region, position, title, appointed = row
            outcome = rng.choices(("eligible", "experts", "ineligible"), (80, 15, 5))[0]
            if code in (SHEET, DOUBLE) or pk in chosen:
                status = S.ENDORSED
            elif is_sent:
                status = rng.choices((S.REJECTED, S.RETURNED, S.DRAFT), (60, 15, 25))[0]
            else:
                status = rng.choices(
                    (S.SUBMITTED, S.ENDORSED, S.RETURNED, S.REJECTED, S.DRAFT), (45, 30, 5, 10, 10)
                )[0]
            submitted = (
                None
                if status == S.DRAFT
                else now - dt.timedelta(days=31, minutes=rng.randrange(40_000))
            )
            reviewed = status in (S.ENDORSED, S.RETURNED, S.REJECTED)
            ranked = status == S.ENDORSED and (is_sent or code == DOUBLE or rng.random() < 0.5)
            if ranked:
                rank += 1
            applications.append(
                Application(
                    call=call,
                    principal_id=pk,
                    district_id=region,
                    status=status,
                    route=Application.Route.UNIT if rng.random() < 0.4 else Application.Route.SELF,
                    recommending_unit=school if rng.random() < 0.4 else "",
                    profile={
                        "name": name,
                        "gender": str(labels["gender"][gender]),
                        "birth_date": birth.isoformat(),
                        "school": school,
                        "school_kind": str(labels["kind"][kind]),
                        "region": region,
                        "position": str(labels["position"][position]),
                        "title": str(labels["title"][title]),
                        "appointed_on": appointed.isoformat() if appointed else "",
                    },
                    statements={
                        c.code: "本人承诺所填信息真实。"
                        for c in spec.conditions
                        if c.kind in ("declaration", "judgement")
                    },
                    eligibility=[] if status == S.DRAFT else findings[outcome],
                    outcome="" if status == S.DRAFT else outcome,
                    submitted_at=submitted,
                    reviewed_by_id=reviewer if reviewed else None,
                    reviewer_name=stamp_name if reviewed else "",
                    reviewed_at=submitted + dt.timedelta(days=2) if reviewed else None,
                    review_office=office(code) if reviewed else "",
                    review_note=("同意推荐" if status == S.ENDORSED else "材料不全，请补充")
                    if reviewed
                    else "",
                    district_rank=rank if ranked else None,
                    created_at=now - dt.timedelta(days=40),
                    updated_at=now - dt.timedelta(days=20),
                )
            )
        endorsed = sum(1 for a in applications[-len(rows) :] if a.status == S.ENDORSED)
        if is_sent or any(a.reviewed_at for a in applications[-len(rows) :]):
            batches.append(
                DistrictBatch(
                    call=call,
                    district_id=code,
                    status=DistrictBatch.Status.SUBMITTED if is_sent else DistrictBatch.Status.OPEN,
                    submitted_at=now - dt.timedelta(days=5) if is_sent else None,
                    submitter_name="报送员" if is_sent else "",
                    office=office(code) if is_sent else "",
                    candidates=endorsed if is_sent else 0,
                )
            )
    Application.objects.bulk_create(applications, batch_size=2_000)
    DistrictBatch.objects.bulk_create(batches, batch_size=2_000)
    small = [a for a in applications if a.district_id in (BIG, SMALL)][:5]
    small += [a for a in applications if a.district_id == SMALL][:5]
    for application in small:
        application.pk, application.call = None, scene.small_call
    Application.objects.bulk_create(small)
    return {
        "applications": len(applications),
        "districts": len(by_district),
        "sent": len(sent),
        "forwarded": len(chosen) + SIZES[SHEET],
    }


def seat_panel(scene: Scene, rng: random.Random) -> None:
    """500 experts of the jurisdiction on the call's panel, a third with a school of their
    own, and a few hundred conflicts declared."""
    from django.contrib.auth.hashers import make_password

    from touyan.accounts.models import RoleGrant, User
    from touyan.accounts.roles import Role
    from touyan.people.models import School
    from touyan.selection.models import Conflict, Panel

    unusable = make_password(None)
    User.objects.bulk_create(
        [
            User(username=f"bench-expert-{n}", full_name=f"专家{n}", password=unusable)
            for n in range(EXPERTS)
        ]
    )
    users = list(User.objects.filter(username__startswith="bench-expert-").order_by("pk"))
    RoleGrant.objects.bulk_create(
        [RoleGrant(user=user, role=Role.EXPERT, region_id="110000") for user in users]
    )
    schools = list(School.objects.order_by("?").values_list("pk", flat=True)[:EXPERTS])
    Panel.objects.bulk_create(
        [
            Panel(call=scene.call, expert=user, school_id=schools[n] if n % 3 == 0 else None)
            for n, user in enumerate(users)
        ]
    )
    forwarded = list(
        scene.call.applications.filter(status="endorsed").values_list("principal_id", flat=True)
    )
    Conflict.objects.bulk_create(
        [
            Conflict(
                call=scene.call,
                expert=rng.choice(users),
                principal_id=rng.choice(forwarded),
                reason="曾在同一学校任职",
            )
            for _ in range(300)
        ]
    )


# --- the measurements -------------------------------------------------------------------------


def measure_pages(scene: Scene, runs: int) -> tuple[list[Result], list[str]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.urls import reverse

    results, problems = [], []
    with override_settings(ALLOWED_HOSTS=["testserver"]):

        def page(user, url: str) -> tuple[Client, int]:
            client = Client()
            client.force_login(user)
            response = client.get(url, secure=True)
            if response.status_code != 200:
                raise SystemExit(f"{url}: HTTP {response.status_code}")
            with CaptureQueriesContext(connection) as queries:
                client.get(url, secure=True)
            return client, len(queries)

        counts = {}
        for code in (BIG, SMALL):
            url = reverse("selection:district_list", args=[scene.call.pk, code])
            client, counts[code] = page(scene.officers[code], url)
            result = Result(f"(a) district list, {SIZES[code]:,} applications", PAGE_TARGET)
            repeat(result, runs, lambda c=client, u=url: c.get(u, secure=True))
            result.note = f"{counts[code]} queries"
            results.append(result)
        if counts[BIG] != counts[SMALL]:
            problems.append(
                f"district list: {counts[BIG]} queries for big, {counts[SMALL]} for small"
            )

        url = reverse("selection:batches", args=[scene.call.pk])
        client, many = page(scene.authority, url)
        _small_client, few = page(
            scene.authority, reverse("selection:batches", args=[scene.small_call.pk])
        )
        result = Result("(b) batch overview, all districts", PAGE_TARGET)
        repeat(result, runs, lambda: client.get(url, secure=True))
        result.note = f"{many} queries (2 districts: {few})"
        results.append(result)
        if many != few:
            problems.append(f"batch overview: {many} queries for the call, {few} for 2 districts")
    return results, problems


def measure_sheet(scene: Scene, runs: int) -> tuple[list[Result], list[str]]:
    from django.db.models import Count

    from touyan.regions.models import Region
    from touyan.selection import states
    from touyan.selection.documents.build import write_district_summary

    approved = scene.call.applications.filter(status__in=states.FORWARDED)
    sizes = dict(
        approved.values("district_id").annotate(n=Count("pk")).values_list("district_id", "n")
    )
    few = next(
        (code for code, n in sorted(sizes.items()) if 8 <= n <= 12 and code not in SIZES), None
    )
    targets = [(SHEET, SHEET_TARGET), (DOUBLE, None)] + ([(few, None)] if few else [])
    results, peaks, problems = [], {}, []
    for code, target in targets:
        district = Region.objects.get(code=code)
        result = Result(f"(c) summary sheet, {sizes[code]:,} candidates", target)

        def write(district=district):
            out = io.BytesIO()
            count = write_district_summary(out, call=scene.call, district=district, viewer=None)
            return count, out.tell()

        count, size_bytes = write()
        for _ in range(runs):
            result.time(write)
        reset_peak()
        before = rss_mib()
        tracemalloc.start()
        write()
        _current, traced = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        peaks[code] = traced
        result.note = (
            f"{count:,} rows, {size_bytes / MIB:.2f} MiB file, tracemalloc peak "
            f"{traced / MIB:.2f} MiB, RSS +{max(0.0, peak_mib() - before):.1f} MiB"
        )
        results.append(result)
    if peaks[DOUBLE] > 1.5 * peaks[SHEET]:
        problems.append("summary sheet: memory grows with the number of candidates")
    return results, problems


def measure_assignment(scene: Scene, runs: int) -> Result:
    from django.db import transaction

    from touyan.core.actors import Actor
    from touyan.selection.models import Review
    from touyan.selection.services import reviews

    result = Result("(d) assign_automatically, 10,000 × 500", ASSIGN_TARGET)
    written = short = 0
    for _ in range(runs):
        with transaction.atomic():
            outcome = result.time(
                lambda: reviews.assign_automatically(actor=Actor.command_line(), call=scene.call)
            )
            written = Review.objects.filter(application__call=scene.call).count()
            short = len(outcome.short)
            transaction.set_rollback(True)
    result.note = f"{written:,} reviews written, {short} short"
    return result


# --- main -------------------------------------------------------------------------------------


def parse(argv) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="a PostgreSQL database to create, use and drop")
    parser.add_argument("--drop-existing", action="store_true", help="replace that database")
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each page (default 7)")
    parser.add_argument("--sheet-runs", type=int, default=3, help="timed sheets (default 3)")
    parser.add_argument("--assign-runs", type=int, default=3, help="timed assignments (default 3)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "--applications",
        type=int,
        default=APPLICATIONS,
        help=f"principals and applications (default {APPLICATIONS:,}; smaller for a quick try)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    options = parse(argv)
    if options.database_url:
        create_postgres(options.database_url, drop_existing=options.drop_existing)
        os.environ["DATABASE_URL"] = options.database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    work = Path(tempfile.mkdtemp(prefix="touyan-selbench-"))
    os.environ["TOUYAN_DATA_DIR"] = str(work / "data")
    os.environ["DJANGO_SETTINGS_MODULE"] = "touyan.settings"
    os.environ["DEBUG"] = "0"
    try:
        return benchmark(options)
    finally:
        from django.db import connections

        connections.close_all()
        if options.database_url:
            drop_postgres(options.database_url)
        if options.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def benchmark(options: argparse.Namespace) -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from touyan.core.actors import Actor
    from touyan.selection.services import calls

    rng = random.Random(options.seed)
    print(f"{connection.vendor}: setting up", flush=True)
    step("migrate", lambda: call_command("migrate", verbosity=0))
    step(f"{options.applications:,} principals", lambda: seed_principals(rng, options.applications))
    with transaction.atomic():
        scene = step("programme, calls, officers", Scene)
        written = step("applications and batches", lambda: write_applications(scene, rng))
        step("panel", lambda: seat_panel(scene, rng))
    print(
        f"  {written['applications']:,} applications in {written['districts']:,} districts, "
        f"{written['sent']:,} batches sent, {written['forwarded']:,} forwarded",
        flush=True,
    )
    if connection.vendor == "postgresql":
        # What autovacuum does after a load this size: statistics, and the visibility map
        # that lets counts read the (call, district, status) index alone.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

    results, problems = [], []
    found, failed = measure_pages(scene, options.runs)
    results += found
    problems += failed
    found, failed = measure_sheet(scene, options.sheet_runs)
    results += found
    problems += failed
    after_deadline = scene.call.district_deadline + (scene.call.district_deadline - scene.now)
    calls.start_review(actor=Actor.command_line(), call=scene.call, now=after_deadline)
    scene.call.refresh_from_db()
    results.append(measure_assignment(scene, options.assign_runs))

    print()
    print(f"{connection.vendor}, {os.cpu_count()} CPUs")
    print("| measurement | runs | median | CPU (this process) | range | target | | notes |")
    print("|---|---|---|---|---|---|---|---|")
    for result in results:
        print(result.row())
    problems += [
        f"{r.name}: {duration(r.median)}, target {duration(r.target)}" for r in results if r.missed
    ]
    for problem in problems:
        print(f"FAILED: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
