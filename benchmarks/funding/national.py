"""Funds at national scale: 5,000 studios × 3 budget years × 100 expenses (1.5 million rows).

    .venv/bin/python benchmarks/funding/national.py \\
        --database-url postgres://postgres@127.0.0.1:5432/touyan_fundsbench  # created, dropped
    .venv/bin/python benchmarks/funding/national.py                     # SQLite, 500 studios
    .venv/bin/python benchmarks/funding/national.py --studios 5000      # SQLite at full size

The data (a fresh database: a temporary SQLite folder, or a PostgreSQL database the script
creates and drops; a fixed seed): one studio programme under the Hainan preset with
``--studios`` studios, each with a studio-fund budget for three calendar years, one approved
disbursement per budget, the first two years closed and carried into the next, and
``--expenses`` expenses per studio and year; the centre's community-fee line for each studio and
year (HN-6.2: held by the centre, one payment to the operator each, returned at year end); a
second programme of 50 studios built the same way; and one more studio of the big programme
with 1,000 expenses a year (3,000 entries). Rows are written in bulk — ``bulk_create`` for
budgets, disbursements and year-ends, and for the expenses ``COPY … FROM STDIN`` on PostgreSQL
and batched ``executemany`` on SQLite — not through the services, which would take hours at
this size and are measured by the tests.

Measured, each after a warm-up:

(a) a studio's ledger (``selectors.ledger`` evaluated: budgets with their figures and 300
    entries with the balance after each), as the centre's staff; and, where the funding pages
    exist in this tree, the ledger page through the Django test client — target < 100 ms;
(b) ``selectors.national_report`` for the middle year, as a superuser — target < 10 s;
(c) the queries of ``selectors.balances`` (evaluated) for the 50-studio programme and for the
    big one — the same number;
(d) the memory (tracemalloc peak) of writing a studio's ledger for 300 and 3,000 entries: the
    .xlsx export (``funding.services.exports.export_ledger``) where this tree has it, else
    iterating the ledger selector's entries in chunks with the balance after each — flat: the
    bigger within 1.5 × the smaller (plus 256 KiB).

Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import kit  # noqa: E402

SEED = 19
LEDGER_LIMIT_MS = 100.0
REPORT_LIMIT_S = 10.0
FLAT_RATIO, FLAT_SLACK = 1.5, 256 * 1024
CENTRE, ROOT = "funds-bench-centre", "funds-bench-root"
BATCH = 20_000


# --- the data ---------------------------------------------------------------------------------


def step(label: str, action):
    started = time.perf_counter()
    value = action()
    print(f"  {label}: {time.perf_counter() - started:.1f} s", flush=True)
    return value


class Funds:
    """Budgets, disbursements, year-ends and expenses of one programme, written in bulk."""

    def __init__(self, programme, studios, *, years: list[int], rng: random.Random):
        self.programme, self.studios, self.years, self.rng = programme, studios, years, rng

    def write(self, expenses: int, *, big: dict | None = None) -> int:
        """``expenses`` per studio and year (``big``: studio pk → a count of its own)."""
        from touyan.funding.models import Budget, Disbursement, YearEnd

        budgets = []
        for year in self.years:
            for studio in self.studios:
                budgets.append(self.budget(year, studio=studio, amount_fen=6_000_000))
                budgets.append(
                    self.budget(year, studio=studio, source="community_fee", amount_fen=300_000)
                )
        budgets = Budget.objects.bulk_create(budgets, batch_size=5000)
        Disbursement.objects.bulk_create(
            (
                Disbursement(
                    budget=budget,
                    amount_fen=budget.amount_fen,
                    payee=budget.payee,
                    voucher_no=f"BENCH-{budget.year}-{n:06d}",
                    paid_on=budget.starts_on + dt.timedelta(days=20),
                    status=Disbursement.Status.APPROVED,
                    decider_name="基准",
                )
                for n, budget in enumerate(budgets)
            ),
            batch_size=5000,
        )
        big = big or {}
        spent: dict[int, int] = {}
        written = write_expenses(
            (
                (budget, 1 if budget.centre_held else big.get(budget.studio_id, expenses))
                for budget in budgets
            ),
            self.rng,
            spent,
        )
        # The first years closed, their balances carried into the next.
        by_key = {(b.studio_id, b.source, b.year): b for b in budgets}
        closing = [b for b in budgets if b.year != self.years[-1]]
        year_ends = YearEnd.objects.bulk_create(
            (
                YearEnd(
                    budget=budget,
                    balance_fen=budget.amount_fen - spent.get(budget.pk, 0),
                    outcome=(
                        YearEnd.Outcome.RETURNED if budget.centre_held else YearEnd.Outcome.CARRIED
                    ),
                    closer_name="基准",
                )
                for budget in closing
            ),
            batch_size=5000,
        )
        following = []
        for year_end in year_ends:
            budget = year_end.budget
            if year_end.outcome != YearEnd.Outcome.CARRIED:
                continue
            nxt = by_key[budget.studio_id, budget.source, budget.year + 1]
            nxt.carried_from = year_end
            following.append(nxt)
        Budget.objects.bulk_update(following, ["carried_from"], batch_size=5000)
        return written

    def budget(self, year: int, *, studio=None, source="studio_fund", amount_fen: int):
        from touyan.funding.models import Budget

        return Budget(
            programme=self.programme,
            source=source,
            year=year,
            starts_on=dt.date(year, 1, 1),
            ends_on=dt.date(year, 12, 31),
            studio=studio,
            held_by="centre" if source == "community_fee" else "studio",
            amount_fen=amount_fen,
            payee="网络研修社区运营单位" if source == "community_fee" else studio.base_school.name,
        )


def write_expenses(plan, rng: random.Random, spent: dict[int, int]) -> int:
    """``count`` expenses of ``budget`` for each (budget, count) of ``plan``: COPY on
    PostgreSQL, ``executemany`` in batches on SQLite. Their sums go into ``spent``."""
    from django.db import connection, transaction
    from django.utils import timezone

    from touyan.funding.models import Expense

    table = Expense._meta.db_table
    columns = [
        "budget_id",
        "category",
        "spent_on",
        "amount_fen",
        "payee",
        "receipt",
        "reason",
        "warnings",
        "enterer_name",
        "entered_at",
    ]
    now = timezone.now()
    sqlite = connection.vendor != "postgresql"
    stamp = connection.ops.adapt_datetimefield_value(now) if sqlite else now
    payees = [f"基准收款方{n}" for n in range(50)]

    def rows():
        for budget, count in plan:
            total = 0
            small = count > 300  # a long ledger of small amounts
            for n in range(count):
                amount = rng.randint(1_000, 10_000) if small else rng.randint(10_000, 70_000)
                total += amount
                day = budget.starts_on + dt.timedelta(days=(n * 365) // count)
                yield (
                    budget.pk,
                    "online_community" if budget.centre_held else "activities",
                    day.isoformat() if sqlite else day,
                    amount,
                    payees[n % 50],
                    "",
                    "",
                    "[]",
                    "基准财务",
                    stamp,
                )
            spent[budget.pk] = total

    written = 0
    with transaction.atomic():
        if not sqlite:
            connection.ensure_connection()
            copying = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            with connection.connection.cursor() as cursor, cursor.copy(copying) as copy:
                for row in rows():
                    copy.write_row(row)
                    written += 1
        else:
            insert = (
                f"INSERT INTO {table} ({', '.join(columns)}) "
                f"VALUES ({', '.join(['%s'] * len(columns))})"
            )
            batch = []
            with connection.cursor() as cursor:
                for row in rows():
                    batch.append(row)
                    if len(batch) == BATCH:
                        cursor.executemany(insert, batch)
                        written += len(batch)
                        batch.clear()
                if batch:
                    cursor.executemany(insert, batch)
                    written += len(batch)
    return written


def build(options) -> dict:
    from django.db import transaction

    from touyan.accounts.models import RoleGrant, User
    from touyan.accounts.roles import Role
    from touyan.core.actors import Actor
    from touyan.people.enums import SchoolKind

    rng = random.Random(options.seed)
    system = Actor(user=None)
    first = dt.date.today().year - 2
    years = [first, first + 1, first + 2]
    regions = kit.districts("46")
    made = {}
    # Each programme's hosts born in other years than the other's: distinct ID numbers.
    for slug, count, born_from in (
        ("funds-bench", options.studios + 1, 1960),
        ("funds-bench-50", 50, 1930),
    ):
        with transaction.atomic():
            programme = kit.programme(
                system,
                "hainan-studios",
                slug=slug,
                name=f"基准：{count} 个工作室的经费",
                starts_on=dt.date(first, 1, 1),
            )
            schools = kit.schools(
                count, regions, kind=SchoolKind.COMPLETE, name=f"{slug}中学", batch_size=5000
            )
            hosts = kit.principals(
                schools,
                name=f"{slug}主持人",
                born_from=born_from,
                days=1,
                batch_size=5000,
            )
            studios = kit.studios(programme, hosts, batch_size=5000)
        big = {studios[-1].pk: options.big // len(years)} if slug == "funds-bench" else {}
        written = step(
            f"{slug}: {count} studios, {len(years)} years, expenses",
            lambda programme=programme, studios=studios, big=big: Funds(
                programme, studios, years=years, rng=rng
            ).write(options.expenses, big=big),
        )
        made[slug] = {"programme": programme, "studios": studios, "expenses": written}
    step("ANALYZE", kit.analyze)
    centre = User.objects.create_user(username=CENTRE, password="x" * 12)
    RoleGrant.objects.create(user=centre, role=Role.CENTRE_STAFF, region_id="460000")
    User.objects.create_user(username=ROOT, password="x" * 12, is_superuser=True)
    made["years"] = years
    return made


# --- measurements -----------------------------------------------------------------------------


def fresh(username: str):
    """The user as a request would load it: nothing cached on the object."""
    from touyan.accounts.models import User

    return User.objects.get(username=username)


def timed(action, repeat: int) -> tuple[float, float, int]:
    """Median wall-clock and CPU ms (this process's; on SQLite with the database's work) of
    ``action`` over ``repeat`` runs after one warm-up, and the queries of one run."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    action()
    times, cpu, queries = [], [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started, started_cpu = time.perf_counter(), time.process_time()
            action()
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        queries = len(captured.captured_queries)
    return statistics.median(times), statistics.median(cpu), queries


def ledger_selector(studio):
    from touyan.funding import selectors

    def run():
        ledger = selectors.ledger(fresh(CENTRE), studio=studio)
        entries = list(ledger.entries)
        return [ledger.balance_after(entry) for entry in entries], ledger.totals

    return run


def ledger_page(programme, studio, repeat: int):
    """The ledger page through the test client, when this tree has it; else None."""
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    try:
        url = reverse("funding:ledger", kwargs={"slug": programme.slug, "holder": studio})
    except NoReverseMatch:
        return None
    client = Client()
    client.force_login(fresh(CENTRE))
    ms, _cpu, queries = kit.time_get(client, url, repeat)
    return url, ms, queries


def ledger_memory(programme, studio) -> tuple[str, int, int]:
    """(how, tracemalloc peak in bytes, entries) of writing the studio's ledger."""
    from touyan.core.actors import Actor
    from touyan.funding import selectors

    centre = fresh(CENTRE)
    try:
        from touyan.funding.services.exports import export_ledger
    except ImportError:
        export_ledger = None

    def run() -> tuple[str, int]:
        ledger = selectors.ledger(centre, studio=studio)
        if export_ledger is not None:
            with tempfile.TemporaryFile() as stream:
                count = export_ledger(
                    actor=Actor.command_line(centre),
                    ledger=ledger,
                    holder=studio,
                    programme=programme,
                    stream=stream,
                )
            return "export_ledger (.xlsx)", count
        count, last = 0, 0
        for entry in ledger.entries.iterator(chunk_size=200):
            last = ledger.balance_after(entry)
            count += 1
        del last
        return "ledger entries, iterated in chunks of 200", count

    run()  # warm-up: templates, the parsed policy, the workbook's modules
    tracemalloc.start()
    try:
        how, count = run()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return how, peak, count


def balances_queries(programme) -> tuple[float, int, int]:
    from touyan.funding import selectors

    rows = []

    def run():
        rows[:] = list(selectors.balances(fresh(CENTRE), programme=programme))

    ms, _cpu, queries = timed(run, 3)
    return ms, queries, len(rows)


def benchmark(options) -> int:
    kit.django_in(os.environ["TOUYAN_DATA_DIR"])
    from django.db import connection

    from touyan.funding import selectors

    started = time.perf_counter()
    print(f"building on {connection.vendor} …", flush=True)
    made = build(options)
    total = made["funds-bench"]["expenses"] + made["funds-bench-50"]["expenses"]
    print(f"built {total:,} expense rows in {time.perf_counter() - started:.0f} s", flush=True)
    big, small = made["funds-bench"], made["funds-bench-50"]
    programme = big["programme"]
    studio, long_studio = big["studios"][len(big["studios"]) // 2], big["studios"][-1]
    failures = []

    print()
    kit.print_load()
    # (a) the ledger
    ms, cpu, queries = timed(ledger_selector(studio), options.repeat)
    print(f"(a) ledger selector, 300 entries: {ms:.1f} ms (CPU {cpu:.1f} ms), {queries} queries")
    if ms > LEDGER_LIMIT_MS:
        failures.append(f"ledger selector {ms:.1f} ms > {LEDGER_LIMIT_MS} ms")
    page = ledger_page(programme, studio, options.repeat)
    if page is None:
        print("    ledger page: not in this tree (no funding:ledger URL)")
    else:
        url, ms, queries = page
        print(f"    ledger page {url}: {ms:.1f} ms, {queries} queries")
        if ms > LEDGER_LIMIT_MS:
            failures.append(f"ledger page {ms:.1f} ms > {LEDGER_LIMIT_MS} ms")
    # (b) the national report
    root = fresh(ROOT)
    year = made["years"][1]
    report = []

    def national():
        report[:] = selectors.national_report(root, year=year)

    ms, cpu, queries = timed(national, options.report_runs)
    print(
        f"(b) national_report({year}): {ms / 1000:.2f} s (CPU {cpu / 1000:.2f} s), "
        f"{queries} queries, {len(report)} rows "
        f"({sum(r['budgets'] for r in report):,} budgets)"
    )
    if ms / 1000 > REPORT_LIMIT_S:
        failures.append(f"national report {ms / 1000:.2f} s > {REPORT_LIMIT_S} s")
    # (c) balances: constant queries
    counts = {}
    for label, programme_made in (("50", small), (f"{options.studios + 1:,}", big)):
        ms, queries, rows = balances_queries(programme_made["programme"])
        counts[label] = queries
        print(f"(c) balances, {label} studios: {queries} queries, {rows:,} rows, {ms:.0f} ms")
    if len(set(counts.values())) != 1:
        failures.append(f"balances queries differ: {counts}")
    # (d) the ledger's memory
    peaks = []
    for target in (studio, long_studio):
        how, peak, count = ledger_memory(programme, target)
        peaks.append(peak)
        print(f"(d) {how}, {count:,} entries: peak {peak / 1024:.0f} KiB")
    if peaks[1] > FLAT_RATIO * peaks[0] + FLAT_SLACK:
        failures.append(f"ledger memory not flat: {peaks[0]} → {peaks[1]} bytes")
    print()
    for failure in failures:
        print(f"MISSED: {failure}")
    print("all targets met" if not failures else f"{len(failures)} target(s) missed")
    return 1 if failures else 0


def parse(argv) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="a PostgreSQL database to create, use and drop")
    parser.add_argument("--drop-existing", action="store_true", help="replace that database")
    parser.add_argument(
        "--studios", type=int, help="studios (default 5,000 on PostgreSQL, 500 on SQLite)"
    )
    parser.add_argument("--expenses", type=int, default=100, help="per studio and year")
    parser.add_argument("--big", type=int, default=3000, help="entries of the long ledger")
    parser.add_argument("--repeat", type=int, default=20, help="timed runs of the ledger")
    parser.add_argument("--report-runs", type=int, default=3, help="timed national reports")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    options = parser.parse_args(argv)
    if options.studios is None:
        options.studios = 5000 if options.database_url else 500
    return options


def main(argv=None) -> int:
    return kit.in_throwaway_place(parse(argv), "touyan-fundsbench-", benchmark)


if __name__ == "__main__":
    raise SystemExit(main())
