"""CPU of the middleware chain alone, for a signed-in request (issues 10 §5 and 13: every request pays it).

    DEBUG=0 SECRET_KEY=… .venv/bin/python bench/middleware_cpu.py [--reps 300] [--profile 30] [--user USERNAME]
    DATABASE_URL=postgres://… .venv/bin/python bench/middleware_cpu.py …

Through Django's test client in this process (no test instrumentation of templates), a user logged in as a login
leaves them (`accounts.testing.login`: the second factor checked), requests to a view added for the run that
answers at once (`/__bench__/noop/`, no template, no query of its own), with the settings' MIDDLEWARE and with none:
the difference is what the chain costs (the session, the user, the second factor's device, the roles, axes…),
what is left is the client and the handler. Then, for reference, the 404 page and the home page. Each figure is
the median of `--reps` requests' CPU (`time.process_time()`, this process only: a database server's CPU is not
counted; on SQLite the database's work is in it), after a warm-up request, with the queries of the last request.
Alternating runs (`--rounds`) show how steady the figures are under the machine's load. Writes a session, nothing else.
`--split`: each middleware's own CPU, from the chain cut after each one in turn.
`--profile N`: cProfile (CPU clock) of the noop requests with the whole chain, the N heaviest functions inclusive.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.urls import clear_url_caches, path  # noqa: E402

from lienhiep.accounts.models import User  # noqa: E402
from lienhiep.accounts.testing import login  # noqa: E402

NOOP = "/__bench__/noop/"


def noop(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


def add_noop_view() -> None:
    import config.urls

    config.urls.urlpatterns.append(path(NOOP.strip("/") + "/", noop, name="bench-noop"))
    clear_url_caches()


def measure(client: Client, url: str, reps: int) -> tuple[float, int, int]:
    """(median CPU ms, queries of the last request, status) of `reps` GETs of `url`, after one warm-up."""
    client.get(url)
    times = []
    for _ in range(reps):
        with CaptureQueriesContext(connection) as queries:
            start = time.process_time()
            response = client.get(url)
            times.append(time.process_time() - start)
    return statistics.median(times) * 1000, len(queries), response.status_code


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--reps", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--user", default="", help="a username (default: the first province officer with a role)")
    parser.add_argument("--profile", type=int, default=0)
    parser.add_argument("--split", action="store_true", help="each middleware's own CPU, from the chain's prefixes")
    options = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    add_noop_view()
    if options.user:
        user = User.objects.get(username=options.user)
    else:
        user = User.objects.filter(roles__isnull=False, is_superuser=False).order_by("pk").first()
    assert user is not None
    print(f"{connection.vendor}, user {user.username}, {options.reps} requests a figure, load {os.getloadavg()[0]:.1f}")
    print("| round | noop, whole chain ms | noop, no middleware ms | the chain ms | queries | 404 ms | home ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    chains = []
    for round_ in range(options.rounds):
        whole, queries, status = measure(login(Client(), user), NOOP, options.reps)
        assert status == 200, status
        with override_settings(MIDDLEWARE=[]):
            bare, _, status = measure(Client(), NOOP, options.reps)
        assert status == 200, status
        missing, _, status = measure(login(Client(), user), "/khong-co-trang-nay/", max(options.reps // 5, 10))
        assert status == 404, status
        home, _, status = measure(login(Client(), user), "/", max(options.reps // 5, 10))
        assert status == 200, status
        chains.append(whole - bare)
        row = (
            f"| {round_ + 1} | {whole:.2f} | {bare:.2f} | {whole - bare:.2f} | {queries} | {missing:.1f} | {home:.1f} |"
        )
        print(row, flush=True)
    print(f"\nthe chain, median of the rounds: {statistics.median(chains):.2f} ms; load {os.getloadavg()[0]:.1f}")
    if options.split:
        # The chain cut after each middleware in turn (a prefix keeps every middleware's predecessors): what each one
        # adds is its own cost, the user's lazy reads counted where they are first asked for.
        print("\n| middleware | its own CPU ms | the prefix ms | queries |\n|---|---:|---:|---:|")
        before = 0.0
        for end in range(len(settings.MIDDLEWARE) + 1):
            with override_settings(MIDDLEWARE=settings.MIDDLEWARE[:end]):
                client = login(Client(), user) if end else Client()
                spent, queries, _ = measure(client, NOOP, options.reps)
            name = settings.MIDDLEWARE[end - 1].rsplit(".", 1)[1] if end else "(none: the client and handler)"
            print(f"| {name} | {spent - before:.2f} | {spent:.2f} | {queries} |", flush=True)
            before = spent
    if options.profile:
        client = login(Client(), user)
        client.get(NOOP)
        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
        for _ in range(options.reps):
            client.get(NOOP)
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("cumulative").print_stats(options.profile)
        stats.sort_stats("tottime").print_stats(options.profile)
        print(out.getvalue())


if __name__ == "__main__":
    main()
