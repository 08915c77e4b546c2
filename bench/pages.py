"""Benchmark whole pages: the views through Django's test client, for a national officer and a province officer.

    DATABASE_URL=postgres://…/lienhiep_pages_bench .venv/bin/python bench/pages.py   # 1,000,000 of each
    … bench/pages.py --keep                          # measure again the database the last run built
    … bench/pages.py --keep --only overview          # the cases whose label holds "overview"
    .venv/bin/python bench/pages.py                  # SQLite at /tmp/lienhiep-bench-pages.sqlite3, 100,000 of each

The database is bench/tree.py's tree with bench/members.py's persons and bench/activities.py's activities (and
their initiatives, honours, budgets, spending) in one, written the same way. Each case is a request a user makes:
the member list (first page, filtered, searched by a common name, a rare full name and a phone number), the member
statistics and the overview of the user's own unit — remembered, right after a record saved today, right after a
backdated change, and with nothing remembered; the national officer's also right after a record saved today with no
nightly figures (decision 0009: a fresh install's first day, or the hours before the nightly run). The nightly run
comes before each page's states: its states without nightly figures delete them.

For each case, interleaved request by request so that the machine's load falls on all alike:
- **page**: the view through the test client (middleware, session, roles, queries, template), the user logged in;
- **of which SQL**: the time the page's queries took inside it (Django's execute wrapper);
- **raw SQL**: the page's SELECTs (captured on its first request) replayed on a plain cursor;
- **admin**: Django's admin changelist of the same table with the same search or filter, where one exists (a
  plain ModelAdmin registered by this script only: the project's admin shows neither persons nor activities).
p50 and p95 in ms. Writes nothing but the throwaway database, and deletes the records its cases saved when done.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
os.environ.setdefault("BENCH_SQLITE", "/tmp/lienhiep-bench-pages.sqlite3")  # noqa: S108
sys.path.insert(0, str(BENCH))

import activities as activities_bench  # noqa: E402, I001  (bench/activities.py; sets up Django through tree)
import members as members_bench  # noqa: E402
import tree  # noqa: E402

from django.contrib import admin  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from lienhiep.accounts.models import User  # noqa: E402
from lienhiep.accounts.services import user_create  # noqa: E402
from lienhiep.accounts.testing import login as login_verified  # noqa: E402
from lienhiep.activities.models import Activity, ActivityKind  # noqa: E402
from lienhiep.members.models import Membership, Person  # noqa: E402
from lienhiep.orgs import services as org_services  # noqa: E402
from lienhiep.orgs.models import NightlyFigure, Org, OrgKind, RememberedFigure, RoleKind  # noqa: E402
from lienhiep.reporting.nightly import figures_nightly  # noqa: E402

D = dt.date


# The admin changelists the pages are compared with: what a plain Django page of the same table costs.
class PersonAdmin(admin.ModelAdmin):
    list_display = ("full_name", "birth_date", "education", "workplace", "phone")
    ordering = ("name_sort", "id")
    search_fields = ("name_folded", "phone")
    list_filter = ("education",)
    list_per_page = 50


class ActivityAdmin(admin.ModelAdmin):
    list_display = ("start_date", "kind", "title", "org")
    list_select_related = ("org",)
    ordering = ("-start_date", "-id")
    list_per_page = 50


admin.site.register(Person, PersonAdmin)
admin.site.register(Activity, ActivityAdmin)


def build(persons: int, activities: int) -> dict[str, float]:
    shape, stages = tree.build_tree()
    sources = members_bench.sources(shape, persons) | activities_bench.sources(shape, activities)
    return stages | tree.load(sources)


# --- Timing ---------------------------------------------------------------------------------------


@dataclass
class Row:
    label: str
    times: dict[str, list[float]] = field(default_factory=dict)
    queries: int = 0
    load: float = 0.0  # the machine's load average (1 min) when the row was done: say it beside the numbers
    pace: float = 0.0  # the host's pace when the row was done (`tree.host_pace`, ms: lower is faster)

    def add(self, column: str, ms: float) -> None:
        self.times.setdefault(column, []).append(ms)

    def cell(self, column: str) -> str:
        values = self.times.get(column)
        if not values:
            return "–"
        p95 = statistics.quantiles(values, n=20, method="inclusive")[18] if len(values) > 1 else values[0]
        return f"{statistics.median(values):.1f} / {p95:.1f}"


ROWS: list[Row] = []
COLUMNS = ("page", "of which SQL", "raw SQL", "admin")


class SqlTimer:
    """The time spent in the database during a block (connection.execute_wrapper)."""

    def __init__(self) -> None:
        self.ms = 0.0

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.ms += (time.perf_counter() - start) * 1000


def get(client: Client, url: str, timer: SqlTimer | None = None) -> Any:
    if timer is None:
        response = client.get(url)
    else:
        with connection.execute_wrapper(timer):
            response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


def selects(client: Client, url: str) -> list[str]:
    """The SELECTs a request runs, as sent (parameters bound), to replay on a plain cursor."""
    with CaptureQueriesContext(connection) as captured:
        get(client, url)
    return [q["sql"] for q in captured.captured_queries if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))]


def replay(sqls: Sequence[str]) -> None:
    with connection.cursor() as cursor:
        for sql in sqls:
            cursor.execute(sql)
            cursor.fetchall()


@dataclass
class Case:
    user: User
    url: str
    before: Callable[[], Any] | None = None  # untimed, before each request (a record saved, figures forgotten)
    admin_url: str = ""


def measure(label: str, cases: Sequence[Case], admin_client: Client | None = None) -> None:
    """Each case: two untimed requests (a warm-up, then the state the case is in and its SELECTs kept for the
    replay), then the page, its SELECTs raw and the admin changelist, in turn."""
    row = Row(label)
    clients: dict[int, Client] = {}
    order = list(COLUMNS[::2])  # page, raw SQL (and admin)
    for i, case in enumerate(cases):
        client = clients.get(case.user.pk)
        if client is None:
            client = clients[case.user.pk] = Client()
            login_verified(client, case.user)
        get(client, case.url)  # what is missing is computed (and remembered) here, not in the capture below
        if case.before:
            case.before()
        sqls = selects(client, case.url)
        row.queries = len(sqls)
        for column in order[i % 2 :] + order[: i % 2]:
            if case.before:
                case.before()
            if column == "page":
                timer = SqlTimer()
                start = time.perf_counter()
                get(client, case.url, timer)
                row.add("page", (time.perf_counter() - start) * 1000)
                row.add("of which SQL", timer.ms)
            else:
                start = time.perf_counter()
                replay(sqls)
                row.add("raw SQL", (time.perf_counter() - start) * 1000)
        if case.admin_url and admin_client is not None:
            start = time.perf_counter()
            get(admin_client, case.admin_url)
            row.add("admin", (time.perf_counter() - start) * 1000)
    row.load = os.getloadavg()[0]
    row.pace = tree.host_pace()
    ROWS.append(row)
    cells = ", ".join(f"{c} {row.cell(c)}" for c in COLUMNS)
    print(f"  {label}: {cells}, load {row.load:.1f}, pace {row.pace:.0f}", file=sys.stderr, flush=True)


# --- The cases ------------------------------------------------------------------------------------


def forget_all() -> None:
    """A fresh install before its first night: nothing remembered, no nightly figures (decision 0009)."""
    RememberedFigure.objects.all().delete()
    NightlyFigure.objects.all().delete()


def pages(reps: int, only: str) -> None:
    rng = random.Random(11)
    today = timezone.localdate()
    root = Org.objects.get(kind=OrgKind.NATIONAL)
    national = User.objects.filter(username="national.officer").first()
    if national is None:
        national = user_create(username="national.officer", password=None)
        admin_user = User.objects.get(username="bench.admin")
        org_services.role_grant(
            actor=admin_user, user=national, org=root, kind=RoleKind.OFFICER, valid_from=D(2024, 1, 1)
        )
    admin_client = Client()
    login_verified(admin_client, User.objects.get(username="bench.admin"))
    officers = list(User.objects.filter(username__startswith="officer.").order_by("username"))
    own = {u.pk: int(u.username.split(".")[1]) for u in officers}
    picks = [rng.choice(officers) for _ in range(reps)]
    phones = list(Person.objects.order_by("?").values_list("phone", flat=True)[:reps])
    rare = [members_bench.rare_name(rng.randrange(60)) for _ in range(reps)]

    def wanted(label: str) -> bool:
        return only.lower() in label.lower()

    lists = [
        ("member list", "", ""),
        ("member list filtered (ThS, 30-39)", "education=ths&age=30-39", "education__exact=ths"),
        ('member search "nguyen van"', "q=nguyen+van", "q=nguyen+van"),
    ]
    for name, query, admin_query in lists:
        label = f"{name}, national officer"
        if wanted(label):
            measure(label, [Case(national, f"/members/?{query}", admin_url=f"/admin/members/person/?{admin_query}")]
                    * reps, admin_client)  # fmt: skip
        label = f"{name}, province officer"
        if wanted(label):
            measure(label, [Case(u, f"/members/?{query}") for u in picks])
    label = "member search a rare full name, national officer"
    if wanted(label):
        cases = [Case(national, f"/members/?q={q}", admin_url=f"/admin/members/person/?q={q}") for q in rare]
        measure(label, cases, admin_client)
    label = "member search a phone number, national officer"
    if wanted(label):
        cases = [Case(national, f"/members/?q={p}", admin_url=f"/admin/members/person/?q={p}") for p in phones]
        measure(label, cases, admin_client)
    label = "member search a rare full name, province officer"
    if wanted(label):
        measure(label, [Case(u, f"/members/?q={q}") for u, q in zip(picks, rare, strict=True)])
    label = "activity list, national officer"
    if wanted(label):
        measure(label, [Case(national, "/activities/", admin_url="/admin/activities/activity/")] * reps, admin_client)
    label = "activity list, province officer"
    if wanted(label):
        measure(label, [Case(u, "/activities/") for u in picks])

    # The figures pages, in the states a working day sees them in.
    recorder = User.objects.get(username="bench.admin")
    associations: dict[int, int] = {}

    def association_under(node: int) -> int:
        if node not in associations:
            associations[node] = (
                Org.objects.filter(closure_up__ancestor_id=node, closure_up__valid_to__isnull=True,
                                   kind=OrgKind.ASSOCIATION, ended_on__isnull=True)
                .order_by("pk").values_list("pk", flat=True).first()
            )  # fmt: skip
        return associations[node]

    # Each record a new membership of a person (one open membership per person and association): the last
    # person not yet a member of it.
    def fresh_person(org: int) -> int:
        return Person.objects.exclude(memberships__org_id=org).order_by("-pk").values_list("pk", flat=True)[0]

    added: dict[type[Activity] | type[Membership], list[int]] = {Activity: [], Membership: []}

    def saved(node: int, on: dt.date) -> Callable[[], Any]:
        """A record saved under `node`, dated `on`: an activity and a membership (their triggers forget figures)."""

        def save() -> None:
            org = association_under(node)
            activity = Activity.objects.create(org_id=org, kind=ActivityKind.TRAINING, title="Tập huấn",
                                               start_date=on, participants_public=10, created_by=recorder)  # fmt: skip
            membership = Membership.objects.create(person_id=fresh_person(org), org_id=org, joined_on=on)
            added[Activity].append(activity.pk)
            added[Membership].append(membership.pk)

        return save

    def before_the_night(node: int) -> Callable[[], Any]:
        """A record saved today where the country has no nightly figures for today (decision 0009): a fresh
        install before its first night, or the hours after midnight before the nightly run."""
        save = saved(node, today)

        def forget_the_night() -> None:
            save()
            NightlyFigure.objects.all().delete()

        return forget_the_night

    backdated = D(today.year - 2, 3, 10)
    states: list[tuple[str, Callable[[int], Callable[[], Any] | None]]] = [
        ("remembered", lambda node: None),
        ("after a record saved today", lambda node: saved(node, today)),
        (f"after a record dated {backdated:%d/%m/%Y}", lambda node: saved(node, backdated)),
        ("after a record saved today, no nightly figures", before_the_night),
        ("nothing remembered", lambda node: forget_all),
    ]
    try:
        figure_pages(reps, wanted, states, national, root, picks, own)
    finally:
        # What the cases saved, deleted: a kept database is measured again as it was built. Kept, each run's records
        # made the next run's "after a record" cases heavier: by session 26 the first association of a province held
        # up to 1,907 memberships earlier runs had added, each of a person with another membership, and each such
        # case counted that unit again (docs/benchmarks.md, "Session 26").
        for model, pks in added.items():
            model.objects.filter(pk__in=pks).delete()


def figure_pages(reps: int, wanted: Callable[[str], bool], states: Sequence[tuple[str, Callable[[int], Any]]],
                 national: User, root: Org, picks: Sequence[User], own: dict[int, int]) -> None:  # fmt: skip
    """The member statistics and the overview, national and province officers', in each of `states`."""
    for page, path in (("member statistics", "/members/stats/"), ("overview", "/reports/overview/")):
        # The nightly run (`manage.py figures_nightly`), as every night before the first reader, before each page's
        # states (the states without nightly figures delete them): its own time is printed.
        if wanted(f"{page}, national officer"):
            start = time.perf_counter()
            figures_nightly()
            print(f"  figures_nightly: {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)
        for state, before in states:
            label = f"{page}, national officer, {state}"
            if wanted(label):
                n = max(3, reps // 4) if state == "nothing remembered" else reps
                measure(label, [Case(national, f"{path}?node={root.pk}", before(root.pk)) for _ in range(n)])
            if "nightly" in state:
                continue  # a province's figures are never the nightly ones: the state above is theirs
            label = f"{page}, province officer, {state}"
            if wanted(label):
                measure(label, [Case(u, f"{path}?node={own[u.pk]}", before(own[u.pk])) for u in picks])


def main() -> None:
    tree.client_environment()
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    big = bool(os.environ.get("DATABASE_URL"))
    parser.add_argument("--persons", type=int, default=1_000_000 if big else 100_000)
    parser.add_argument("--activities", type=int, default=1_000_000 if big else 100_000)
    parser.add_argument("--keep", action="store_true", help="measure the database the last run built")
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--only", default="", help="only the cases whose label holds this text")
    options = parser.parse_args()
    stages = None if options.keep else build(options.persons, options.activities)
    db: Any = connection
    version = db.Database.sqlite_version if db.vendor == "sqlite" else db.pg_version
    print(f"{connection.vendor} {version}: {Org.objects.count():,} nodes, {Person.objects.count():,} persons, "
          f"{Membership.objects.count():,} memberships, {Activity.objects.count():,} activities", end="")  # fmt: skip
    if stages:
        print("; built in " + ", ".join(f"{k} {v:.0f} s" for k, v in stages.items()), end="")
    load = os.getloadavg()
    print(f"; today = {timezone.localdate()}; load average at start {load[0]:.1f}.\n", flush=True)
    pages(options.reps, options.only)
    load = os.getloadavg()
    print(f"(load average at end {load[0]:.1f}, {load[1]:.1f}, {load[2]:.1f})\n")
    print("p50 / p95 ms\n")
    print(
        "| page | n | queries | "
        + " | ".join(COLUMNS)
        + " | load | pace |\n|---|---:|---:|"
        + "---:|" * (len(COLUMNS) + 2)
    )
    for row in ROWS:
        n = len(row.times.get("page", []))
        cells = " | ".join(row.cell(c) for c in COLUMNS)
        print(f"| {row.label} | {n} | {row.queries} | {cells} | {row.load:.1f} | {row.pace:.0f} |")


if __name__ == "__main__":
    main()
