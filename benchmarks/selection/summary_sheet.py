"""Benchmark the district's summary sheet (汇总表): rows from a generator written as .xlsx.

    .venv/bin/python benchmarks/selection/summary_sheet.py              # 2,000 and 20,000 rows
    .venv/bin/python benchmarks/selection/summary_sheet.py --rows 100000 --keep

Each size runs in a process of its own, so that its peak RSS is its own. The process imports
the writer, builds the row generator (nothing is materialised: one row at a time, as a
queryset iterator would give them) and then:

- times ``write_summary_sheet`` to a file in a temporary folder (wall clock and CPU seconds);
- takes the growth of ``ru_maxrss`` over that write;
- writes the same rows again under ``tracemalloc`` for the peak of Python allocations (untimed:
  tracing slows everything down);
- reads the file back in openpyxl's read-only mode: one row per generated row plus the four of
  the layout, and the footer counting them.

Exits 1 when a check fails, when the smallest size takes longer than ``--limit`` seconds
(default 5), or when memory is not flat: the largest size's tracemalloc peak more than 1.5 times
the smallest's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
if str(REPOSITORY) not in sys.path:
    sys.path.insert(0, str(REPOSITORY))

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = "建国明华丽娟志强海燕晓东文静春梅伟红军秀英立新"
STAGES = ("小学", "初级中学", "九年一贯制学校", "完全中学", "高级中学", "幼儿园")
POSITIONS = ("校长", "党组织书记", "党组织书记、校长", "园长")
TITLES = ("正高级教师", "高级教师", "一级教师")
ELIGIBILITY = ("符合", "符合", "符合", "待专家评议：在学校管理方面有突出贡献")
GROWTH_ALLOWED = 1.5


def _rows(count: int, seed: int):
    from touyan.selection.documents.summary_sheet import SummaryRow

    rng = random.Random(seed)
    for number in range(count):
        appointed = dt.date(2010, 9, 1) + dt.timedelta(days=rng.randrange(15 * 365))
        months = (2026 - appointed.year) * 12 + 3 - appointed.month
        yield SummaryRow(
            rank=number + 1 if rng.random() < 0.9 else None,
            name=rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2)))),
            gender=rng.choice("男女"),
            birth=dt.date(1968, 1, 1) + dt.timedelta(days=rng.randrange(15 * 365)),
            school=f"杭州市西湖区第{number % 900 + 1}{rng.choice(('小学', '中学', '实验学校'))}",
            position=rng.choice(POSITIONS),
            title=rng.choice(TITLES),
            appointed_on=appointed,
            years_in_post=f"{months // 12}年{months % 12}个月",
            stage=rng.choice(STAGES),
            mobile=f"1{rng.randrange(30, 99)}****{rng.randrange(10000):04d}",
            route=rng.choice(("个人自荐", "单位推荐")),
            eligibility=rng.choice(ELIGIBILITY),
            opinion="同意推荐",
            note="" if rng.random() < 0.8 else "曾获市级优秀校长称号",
        )


def _write(path: Path, rows: int, seed: int) -> int:
    from touyan.selection.documents.summary_sheet import write_summary_sheet

    return write_summary_sheet(
        path,
        title="2026年杭州市中小学名校长培养工程推荐人选汇总表",
        district="西湖区",
        office="杭州市西湖区教育局",
        stamped_by="王立新",
        stamped_at="2026-03-20 15:04",
        places_hint="本区推荐名额 12 名",
        rows=_rows(rows, seed),
    )


def _maxrss() -> int:
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return maxrss if sys.platform == "darwin" else maxrss * 1024  # Linux reports KiB


def _read_back(path: Path, rows: int) -> list[str]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True)
    try:
        lines = list(workbook.active.iter_rows(min_col=1, max_col=1, values_only=True))
    finally:
        workbook.close()
    problems = []
    if len(lines) != rows + 4:
        problems.append(f"{len(lines)} rows in the sheet, expected {rows + 4}")
    if not str(lines[-1][0]).endswith(f"共 {rows} 人"):
        problems.append(f"footer {lines[-1][0]!r}")
    return problems


def _child(rows: int, seed: int, folder: Path) -> dict:
    import touyan.selection.documents.summary_sheet  # noqa: F401  (imports outside the timing)

    path = folder / f"summary-{rows}.xlsx"
    before = _maxrss()
    wall, cpu = time.perf_counter(), time.process_time()
    written = _write(path, rows, seed)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    rss_growth = _maxrss() - before

    tracemalloc.start()
    _write(folder / "traced.xlsx", rows, seed)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    problems = [] if written == rows else [f"wrote {written} rows, expected {rows}"]
    problems += _read_back(path, rows)
    return {
        "rows": rows,
        "seconds": wall,
        "cpu": cpu,
        "bytes": path.stat().st_size,
        "rss_growth": rss_growth,
        "traced_peak": traced_peak,
        "problems": problems,
    }


def _parse(argv) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--rows",
        type=int,
        action="append",
        help="rows to write (repeatable; default 2000 and 20000)",
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--limit", type=float, default=5.0, help="seconds allowed for the smallest size (default 5)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    options = _parse(argv)
    sizes = sorted(options.rows or [2000, 20000])
    if options.child:
        print(json.dumps(_child(sizes[0], options.seed, options.child)))
        return 0

    folder = Path(tempfile.mkdtemp(prefix="touyan-bench-summary-"))
    results = []
    try:
        for rows in sizes:
            args = [sys.executable, __file__, "--rows", str(rows), "--seed", str(options.seed)]
            done = subprocess.run(
                [*args, "--child", str(folder)], capture_output=True, text=True, check=True
            )
            results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    finally:
        if options.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)

    mib = 2**20
    print(f"summary sheet benchmark — Python {sys.version.split()[0]}")
    print()
    print("| rows | seconds | CPU s | rows/s | file | RSS growth | tracemalloc peak |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['rows']:,} | {r['seconds']:.2f} | {r['cpu']:.2f} | "
            f"{r['rows'] / r['seconds']:,.0f} | {r['bytes'] / mib:.1f} MiB | "
            f"{r['rss_growth'] / mib:.1f} MiB | {r['traced_peak'] / mib:.2f} MiB |"
        )
    print()

    problems = [f"{r['rows']} rows: {p}" for r in results for p in r["problems"]]
    smallest, largest = results[0], results[-1]
    if smallest["seconds"] > options.limit:
        problems.append(f"{smallest['rows']} rows took {smallest['seconds']:.1f} s")
    if largest["traced_peak"] > GROWTH_ALLOWED * smallest["traced_peak"]:
        problems.append(
            f"memory grows with the rows: {smallest['traced_peak'] / mib:.2f} MiB for "
            f"{smallest['rows']:,}, {largest['traced_peak'] / mib:.2f} MiB for {largest['rows']:,}"
        )
    for problem in problems:
        print(f"FAIL: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
