"""CPU per request of each page of the load test's mix (bench/load.py), which the machine's load hardly moves.

    DATABASE_URL=postgres://…/lienhiep_pages_bench .venv/bin/python bench/page_cpu.py [--reps 3] [--only "member"]

On a shared machine a page's wall time swings with the other work; the CPU it costs does not. For each page of
`load.MIX`, for the national officer and three province officers (picked as load.py picks its users), through
Django's test client in this process (without the test environment's instrumented templates, which copy every
context), after one warm-up request: the median over `--reps` requests of
- **Python**: this process's CPU (`time.process_time()`: middleware, view, queries built and read, templates);
- **PostgreSQL**: the CPU of this connection's backend (its time on a CPU, `/proc/<pid>/schedstat`, in
  nanoseconds, so the database must run on this machine), with `max_parallel_workers_per_gather = 0` so that
  the backend does all of a query's work;
- **wall**, for comparison.
On a quiet machine a request's wall time is about Python + PostgreSQL. Last, the mix's CPU per request, weighted as
load.py weighs the pages, with its share of national officers: what the server must spend per request it serves.
Writes sessions into the database, nothing else.

Where a page's Python goes (`--only` to pick the pages, `--who national|province`):
- `--profile N`: cProfile of the timed requests, the N functions with the most own time and the N with the most
  time inside them;
- `--templates`: the time inside each template's render (inclusive: a template's includes count in it too; a
  template rendered in a loop once per row is summed), per request: wall time (`perf_counter`; the CPU clock costs
  a system call, 9 µs here, and a page renders hundreds of templates), so read it for shares, on a quiet machine.
"""

from __future__ import annotations

import argparse
import collections
import cProfile
import io
import os
import pstats
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import load  # noqa: E402  (bench/load.py: the mix; sets up Django through tree)
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.template import base as template_base  # noqa: E402
from django.test import Client  # noqa: E402

from lienhiep.accounts.models import User  # noqa: E402
from lienhiep.accounts.testing import login  # noqa: E402
from lienhiep.orgs.models import Org, OrgKind  # noqa: E402


def backend_cpu() -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    # schedstat's first field is the time on a CPU in nanoseconds; stat's utime + stime count 10-ms ticks, which
    # rounded a page's 13 ms of PostgreSQL to 10 or 20.
    return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e9


def time_templates() -> collections.Counter[str]:
    """Wraps `Template.render` to add up the time inside each template (by name), for `--templates`."""
    spent: collections.Counter[str] = collections.Counter()
    render = template_base.Template.render

    def timed(self: template_base.Template, context: template_base.Context) -> str:
        start = time.perf_counter()
        try:
            return render(self, context)
        finally:
            spent[self.origin.template_name or self.origin.name or "?"] += time.perf_counter() - start

    template_base.Template.render = timed  # type: ignore[method-assign]
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--only", default="", help="the pages whose kind holds this")
    parser.add_argument("--national-share", type=float, default=0.1)
    parser.add_argument("--who", default="", help="national or province: only these users")
    parser.add_argument("--profile", type=int, default=0, help="print cProfile's N heaviest functions")
    parser.add_argument("--templates", action="store_true", help="print the time inside each template")
    options = parser.parse_args()
    profiler = cProfile.Profile() if options.profile else None
    spent = time_templates() if options.templates else None
    timed = 0
    if connection.vendor != "postgresql":
        sys.exit("PostgreSQL only: the backend's CPU is read from /proc")
    settings.ALLOWED_HOSTS = ["*"]
    with connection.cursor() as cursor:
        cursor.execute("SET max_parallel_workers_per_gather = 0")
    rng = random.Random(13)
    root = Org.objects.get(kind=OrgKind.NATIONAL)
    officers = list(User.objects.filter(username__startswith="officer.").order_by("username"))
    users = [(User.objects.get(username="national.officer"), root.pk)]
    users += [(user, int(user.username.split(".")[1])) for user in rng.sample(officers, 3)]
    kinds = [kind for kind in load.MIX for _ in range(load.MIX[kind])]
    costs: dict[tuple[str, str], list[float]] = {}
    print("| page | who | Python ms | PostgreSQL ms | wall ms | path |\n|---|---|---:|---:|---:|---|")
    for user, node in users:
        client = Client()
        login(client, user)
        who = "national" if node == root.pk else "province"
        if options.who and options.who != who:
            continue
        for kind, path in dict.fromkeys(zip(kinds, load.pages_of(user, node, rng), strict=True)):
            if options.only not in kind:
                continue
            client.get(path)
            if spent is not None:
                spent.clear()  # the warm-up's (templates compiled, caches filled) left out
            python, postgres, wall = [], [], []
            for _ in range(options.reps):
                before, cpu, start = backend_cpu(), time.process_time(), time.perf_counter()
                if profiler is not None:
                    profiler.enable()
                client.get(path)
                if profiler is not None:
                    profiler.disable()
                timed += 1
                wall.append(time.perf_counter() - start)
                python.append(time.process_time() - cpu)
                postgres.append(backend_cpu() - before)
            p, q, w = (statistics.median(values) * 1000 for values in (python, postgres, wall))
            costs.setdefault((kind, who), []).append(p + q)
            print(f"| {kind} | {who} | {p:.0f} | {q:.0f} | {w:.0f} | {path} |", flush=True)
            if spent is not None:
                for name, seconds in spent.most_common(8):
                    print(f"|   | template | {seconds * 1000 / options.reps:.1f} |  |  | {name} |")
                spent.clear()
    weight = total = 0.0
    for kind, times in load.MIX.items():
        for who, share in (("national", options.national_share), ("province", 1 - options.national_share)):
            if (kind, who) in costs:
                weight += times * share
                total += times * share * statistics.mean(costs[kind, who])
    if profiler is not None and timed:
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        print(f"\ncProfile of {timed} requests (seconds summed over them)")
        stats.sort_stats("tottime").print_stats(options.profile)
        stats.sort_stats("cumulative").print_stats(options.profile)
        print(out.getvalue())
    print(f"\nmix-weighted CPU per request: {total / weight:.0f} ms; load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
