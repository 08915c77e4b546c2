"""Benchmark issue 15's pages at national scale: the union's board of dossiers and a dossier's draft page with 2,000
comments (p95 ≤ 150 ms each), amid 100,000 dossiers and 1,000,000 comments (`bench/reviews_data.py` builds them).

    DATABASE_URL=postgres://postgres@127.0.0.1:5433/lh_bench15 .venv/bin/python bench/reviews_pages.py  # build, measure
    … bench/reviews_pages.py --keep --runs 30    # measure again the database the last run built
    … bench/reviews_pages.py --keep --explain    # the slow pages' two slowest queries: /tmp/reviews-plans.txt
    … bench/reviews_pages.py --keep --only draft --depth 16   # the draft pages, each request 16 frames deeper
    .venv/bin/python bench/reviews_pages.py --dossiers 2000 --comments 20000   # SQLite, a quick look

Pages are fetched through Django's test client (without the test environment's instrumented templates) after
one warm-up request, as the hot province's officer (`officer.<id>`, past the second factor), the system
administrator (the national board: every dossier) and an expert granted the hot dossier. For each page: wall time
p50/p95, this process's CPU (`time.process_time()`: middleware, view, queries built and read, templates) and, on
PostgreSQL, the CPU of the connection's backend (utime + stime of `/proc/<pid>/stat`, 10 ms ticks: so a mean, with
`max_parallel_workers_per_gather = 0` so that the backend does all of a query's work), the queries of one
request and the page's size. Of the Python CPU, the system's share and the page faults per request (median): on
Python 3.12 a request whose call depth goes back and forth across a boundary of the interpreter's frame stack
chunks maps, faults in and unmaps a chunk each time (CPython gh-142183, fixed from 3.13.x/3.14), a cost that
depends on how deep the page is called from, not on the page (docs/benchmarks.md, Session 13). Prints a
markdown table with the load average; writes sessions and, on the
confidential dossiers' pages, their open log rows, nothing else.
"""

from __future__ import annotations

import argparse
import logging
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

BENCH = Path(__file__).resolve().parent
os.environ.setdefault("BENCH_SQLITE", "/tmp/lienhiep-bench-reviews-data.sqlite3")  # noqa: S108
sys.path.insert(0, str(BENCH))

import reviews_data  # noqa: E402, I001  (sets up Django through tree: config.settings_test, SQLite or DATABASE_URL)
import tree  # noqa: E402

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from lienhiep.accounts.models import User  # noqa: E402
from lienhiep.accounts.testing import login  # noqa: E402
from lienhiep.reviews.models import Dossier, Draft, DraftComment, DraftPart  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")
ROWS: list[tuple[str, int, float, float, float, float, float, float | None, int, int]] = []


def backend_cpu() -> float:
    """Seconds of CPU this connection's PostgreSQL backend has used (0 on SQLite)."""
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


DEPTH = 0  # --depth: each request called this many frames deeper than the benchmark's loop


def deeper(frames: int, fetch: Callable[[], bytes]) -> bytes:
    return fetch() if frames <= 0 else deeper(frames - 1, fetch)


def timed(label: str, runs: int, fetch: Callable[[], bytes]) -> None:
    if DEPTH:
        shallow = fetch
        fetch = lambda: deeper(DEPTH, shallow)  # noqa: E731
    if ONLY and ONLY not in label:
        return
    fetch()  # warm: the templates compiled, the rows in the cache
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        size = len(fetch())
    walls, cpus, system, faults, backend = [], [], [], [], []
    for _ in range(runs):
        before, cpu, start = backend_cpu(), time.process_time(), time.perf_counter()
        usage = resource.getrusage(resource.RUSAGE_SELF)
        fetch()
        after = resource.getrusage(resource.RUSAGE_SELF)
        walls.append((time.perf_counter() - start) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
        system.append((after.ru_stime - usage.ru_stime) * 1000)
        faults.append(after.ru_minflt - usage.ru_minflt)
        backend.append((backend_cpu() - before) * 1000)
    p95 = statistics.quantiles(walls, n=20, method="inclusive")[18]
    pg = statistics.mean(backend) if connection.vendor == "postgresql" else None
    row = (statistics.median(walls), p95, statistics.mean(cpus), statistics.mean(system), statistics.median(faults))
    ROWS.append((label, runs, *row, pg, len(queries), size))
    print(f"  {label}: p50 {statistics.median(walls):.0f} ms, p95 {p95:.0f} ms", file=sys.stderr, flush=True)
    if p95 > 100:
        tree.SLOW.append((label, fetch))


ONLY = ""  # --only: the pages whose label contains it


def measure(runs: int) -> None:
    settings.ALLOWED_HOSTS = ["*"]
    logging.getLogger("lienhiep.request").setLevel(logging.WARNING)  # a line a request otherwise
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET max_parallel_workers_per_gather = 0")
    hot = Dossier.objects.get(title=reviews_data.HOT)
    draft = Draft.objects.get(dossier=hot)
    hottest = DraftPart.objects.get(draft=draft, order=1)
    officer = User.objects.get(username=f"officer.{hot.org_id}")
    admin, expert = User.objects.get(username="bench.admin"), User.objects.get(username="bench.expert3")
    clients = {}
    for who in (officer, admin, expert):
        clients[who.username] = Client()
        login(clients[who.username], who)

    def get(who: User, url: str, **headers: str) -> Callable[[], bytes]:
        def fetch() -> bytes:
            response = clients[who.username].get(url, headers=headers)
            assert response.status_code == 200, (url, response.status_code)
            return response.content

        return fetch

    province = Dossier.objects.filter(org_id__in=officer_units(officer)).count()
    timed(f"board, province officer ({province:,} dossiers), first page", runs, get(officer, "/reviews/"))
    timed("board, province officer, overdue", runs, get(officer, "/reviews/?due=overdue"))
    timed("board, province officer, words 'quy hoach'", runs, get(officer, "/reviews/?q=quy+hoach"))
    timed("board, national (system administrator, every dossier)", runs, get(admin, "/reviews/"))
    timed(
        "board, national, filtered (htmx: open, 2024)",
        runs,
        get(admin, "/reviews/?due=open&year=2024", HX_Request="true"),
    )
    timed("draft page, officer (2,000 comments)", runs, get(officer, f"/reviews/{hot.pk}/draft/"))
    timed("draft page, expert", runs, get(expert, f"/reviews/{hot.pk}/draft/"))
    timed("next page of parts (after 200)", runs, get(officer, f"/reviews/drafts/{draft.pk}/parts/?after=200"))
    timed(
        "a part's further comments (the most commented part)",
        runs,
        get(officer, f"/reviews/drafts/{draft.pk}/comments/?part={hottest.pk}&after=0"),
    )
    timed("the opinion page (1,600 comments to decide, 100 items)", runs, get(officer, f"/reviews/{hot.pk}/opinion/"))
    timed("the dossier page", runs, get(officer, f"/reviews/{hot.pk}/"))


def officer_units(user: User) -> list[int]:
    from lienhiep.orgs.permissions import org_ids_at_least

    return org_ids_at_least(user) or []


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dossiers", type=int, default=100_000)
    parser.add_argument("--comments", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="measure again the database the last run built")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the slow pages' slowest queries")
    parser.add_argument("--depth", type=int, default=0, help="call each request this many frames deeper")
    parser.add_argument("--only", default="", help="measure only the pages whose label contains this")
    args = parser.parse_args()
    global DEPTH, ONLY
    DEPTH, ONLY = args.depth, args.only
    if not args.keep:
        reviews_data.build(args.dossiers, args.comments)
    counts = (Dossier.objects.count(), DraftComment.objects.count(), DraftPart.objects.count())
    load_before = os.getloadavg()
    measure(args.runs)
    load_after = os.getloadavg()
    print(f"\n{connection.vendor}: {counts[0]:,} dossiers, {counts[1]:,} comments, {counts[2]:,} parts; load average "
          f"{load_before[0]:.1f} before, {load_after[0]:.1f} after (1 min)\n")  # fmt: skip
    print("| what | runs | p50 ms | p95 ms | CPU Python ms | of which system | page faults | CPU PostgreSQL ms "
          "| queries | bytes |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for label, runs, p50, p95, cpu, sys_ms, faults, pg, queries, size in ROWS:
        pg_text = "–" if pg is None else f"{pg:,.0f}"
        print(f"| {label} | {runs} | {p50:,.0f} | {p95:,.0f} | {cpu:,.0f} | {sys_ms:,.0f} | {faults:,.0f} | {pg_text} "
              f"| {queries} | {size:,} |")  # fmt: skip
    if args.explain:
        tree.explain("/tmp/reviews-plans.txt")  # noqa: S108


if __name__ == "__main__":
    main()
