"""A studio's public site with 1,000 published posts: its home page, a column page and its
feeds, as an anonymous visitor reads them (HN-4.1.6).

    .venv/bin/python benchmarks/publishing/site.py                 # SQLite, a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/touyan_sitebench \\
        .venv/bin/python benchmarks/publishing/site.py              # an empty PostgreSQL

Builds one studio programme under the Hainan preset with ``--studios`` studios (10), the first
with ``--posts`` published posts (1,000) spread over its columns and the others with 100 each,
written in bulk (the services are measured by the tests). Then requests each page ``--repeat``
times through the Django test client with the shared cache emptied before every request — what
the first visitor after a change waits for — and once more from the cache, and prints the median
milliseconds (wall clock, and CPU of this process, which on SQLite includes the database's work)
and the queries of one request. Exits 1 when an uncached median exceeds ``--limit`` ms (50).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import kit  # noqa: E402


def build(studios: int, posts: int):
    from django.utils import timezone

    from touyan.core.actors import Actor
    from touyan.people.enums import SchoolKind
    from touyan.programmes.policy import spec_of
    from touyan.publishing.models import Post

    actor = Actor.command_line()
    programme = kit.programme(
        actor,
        "hainan-studios",
        slug="site-bench",
        name="工作室网站（基准）",
        starts_on=dt.date(2025, 9, 1),
    )
    schools = kit.schools(
        studios, kit.districts("46"), kind=SchoolKind.COMPLETE, name="网站基准中学"
    )
    hosts = kit.principals(schools, name="网站主持人")
    made = kit.studios(programme, hosts)
    columns = [column.code for column in spec_of(programme).site.columns]
    kinds = [kind.code for kind in spec_of(programme).site.post_kinds]
    now = timezone.now()
    rows = []
    for index, studio in enumerate(made):
        count = posts if index == 0 else 100
        for n in range(count):
            at = now - dt.timedelta(hours=6 * n)
            rows.append(
                Post(
                    studio=studio,
                    column=columns[n % len(columns)],
                    kind=kinds[n % len(kinds)],
                    title=f"第 {n + 1} 篇：工作室专题研讨纪要",
                    summary="成员围绕课程领导力交流本校做法，主持人点评。" * 2,
                    body="<p>" + "研讨内容。" * 300 + "</p>",
                    author_principal=studio.host,
                    author_name=studio.host.name,
                    status=Post.Status.PUBLISHED,
                    created_at=at,
                    updated_at=at,
                    published_at=at,
                )
            )
    Post.objects.bulk_create(rows, batch_size=2000)
    kit.analyze()
    return made[0]


def measure(client, url: str, repeat: int):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    client.get(url)  # warm the per-process caches (templates, the parsed policy)
    times, cpu, queries = [], [], 0
    for _ in range(repeat):
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured.captured_queries)
    started = time.perf_counter()
    assert client.get(url).status_code == 200
    kept = (time.perf_counter() - started) * 1000
    return statistics.median(times), statistics.median(cpu), queries, kept


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--studios", type=int, default=10)
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--limit", type=float, default=50.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        kit.django_in(folder)
        from django.test import Client
        from django.urls import reverse

        started = time.perf_counter()
        studio = build(args.studios, args.posts)
        print(
            f"built {args.studios} studios, {args.posts} posts on the first, "
            f"in {time.perf_counter() - started:.1f} s"
        )
        kit.print_load()
        client = Client()
        urls = [
            reverse("publishing:site", args=[studio.pk]),
            reverse("publishing:column", args=[studio.pk, "exchange"]),
            reverse("publishing:column", args=[studio.pk, "exchange"]) + "?page=10",
            reverse("publishing:atom", args=[studio.pk]),
            reverse("publishing:rss", args=[studio.pk]),
            reverse("publishing:column_atom", args=[studio.pk, "cases"]),
        ]
        print(f"{'page':<34} {'median ms':>10} {'cpu ms':>8} {'queries':>8} {'cached ms':>10}")
        worst = 0.0
        for url in urls:
            ms, cpu, queries, kept = measure(client, url, args.repeat)
            worst = max(worst, ms)
            print(f"{url:<34} {ms:>10.1f} {cpu:>8.1f} {queries:>8} {kept:>10.1f}")
    if worst > args.limit:
        print(f"slowest page {worst:.1f} ms > {args.limit:.0f} ms")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
