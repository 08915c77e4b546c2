"""Benchmark the dated organisation tree: ~20,000 nodes, twenty years of history (2005-2025).

    .venv/bin/python bench/tree.py            # SQLite at /tmp/lienhiep-bench.sqlite3 (recreated)
    DATABASE_URL=postgres://…/lienhiep_bench .venv/bin/python bench/tree.py   # PostgreSQL (schema reset)

The history up to the 2025 reform is simulated in memory with the closure rules of
lienhiep.orgs.services (create, rename, move, dissolve, merge, applied in date order) and
bulk-inserted; a sample of district unions is then moved and dissolved through the real services,
timed. Event rows (OrgEvent) are not generated for the bulk: none of the measured reads use them.
Prints a markdown table; writes nothing but the throwaway database.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
SQLITE = os.environ.get("BENCH_SQLITE", "/tmp/lienhiep-bench.sqlite3")  # noqa: S108
if not os.environ.get("DATABASE_URL"):
    os.environ["SQLITE_PATH"] = SQLITE

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.core.management.color import no_style  # noqa: E402
from django.db import connection, models, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from lienhiep.accounts.services import user_create  # noqa: E402
from lienhiep.core.text import fold, vi_sort_key  # noqa: E402
from lienhiep.orgs import permissions, selectors, services  # noqa: E402
from lienhiep.orgs.models import AssociationGroup, EndReason, Org, OrgClosure, OrgKind, OrgSpell, RoleKind  # noqa: E402

D, ONE = dt.date, dt.timedelta(days=1)
START, PAST = D(2005, 1, 1), D(2020, 6, 30)
HISTORY_END, MOVE_ON, REFORM = D(2024, 12, 31), D(2025, 6, 15), D(2025, 7, 1)
SYL = "An Bình Cẩm Đông Giang Hà Hòa Hưng Lâm Long Nam Phú Quảng Sơn Tân Thái Thanh Vĩnh Yên Đức".split()
PREFIXES = ["Hội KH&KT", "Hội KHKT", "Hội Luật gia", "Hội Y học", "Hội Nông nghiệp", "Hội Cựu giáo chức"]
UNITS = ["cơ quan", "trường", "phường", "xã", "bệnh viện", "công ty", "ngành"]
REPS = 60


def day(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
    return lo + dt.timedelta(days=rng.randint(0, max(0, (hi - lo).days)))


class Sim:
    """The spells and closure rows lienhiep.orgs.services would write, kept in memory."""

    def __init__(self) -> None:
        self.orgs: dict[int, dict[str, Any]] = {}
        self.spells: list[list[Any]] = []  # [org, parent, name, valid_from, valid_to, kept]
        self.rows: list[list[Any]] = []  # [ancestor, descendant, depth, valid_from, valid_to, final, kept]
        self.open_spell: dict[int, int] = {}
        self.kids: dict[int | None, set[int]] = defaultdict(set)
        self.up: dict[int, dict[int, int]] = defaultdict(dict)  # open rows by descendant: {ancestor: row}
        self.down: dict[int, dict[int, int]] = defaultdict(dict)  # open rows by ancestor: {descendant: row}

    def parent_of(self, org: int) -> int | None:
        return self.spells[self.open_spell[org]][1]  # type: ignore[no-any-return]

    def _spell(self, org: int, parent: int | None, name: str | None, on: dt.date) -> None:
        """Close the open spell (removed when it would last zero days) and open the next, if named."""
        if (i := self.open_spell.pop(org, None)) is not None:
            old = self.spells[i]
            old[4], old[5] = on, old[3] < on
            self.kids[old[1]].discard(org)
        if name is not None:
            self.open_spell[org] = len(self.spells)
            self.spells.append([org, parent, name, on, None, True])
            self.kids[parent].add(org)

    def _add(self, ancestor: int, descendant: int, depth: int, on: dt.date) -> None:
        self.up[descendant][ancestor] = self.down[ancestor][descendant] = len(self.rows)
        self.rows.append([ancestor, descendant, depth, on, None, True, True])

    def _close(self, i: int, on: dt.date, *, final: bool) -> None:
        row = self.rows[i]
        del self.up[row[1]][row[0]], self.down[row[0]][row[1]]
        row[4], row[5], row[6] = on, final, row[3] < on

    def create(self, org: int, kind: str, name: str, on: dt.date, parent: int | None, group: str = "") -> None:
        self.orgs[org] = {"kind": kind, "group": group, "name": name, "founded_on": on}
        self._spell(org, parent, name, on)
        self._add(org, org, 0, on)
        for a, i in list(self.up[parent].items()) if parent else []:
            self._add(a, org, self.rows[i][2] + 1, on)

    def rename(self, org: int, name: str, on: dt.date) -> None:
        self._spell(org, self.parent_of(org), name, on)
        self.orgs[org]["name"] = name

    def move(self, org: int, new_parent: int, on: dt.date) -> None:
        below = [(d, self.rows[i][2]) for d, i in self.down[org].items()]
        for a in [a for a in self.up[org] if a != org]:  # _detach
            for d, _ in below:
                self._close(self.down[a][d], on, final=False)
        for a, i in list(self.up[new_parent].items()):  # _attach
            for d, depth in below:
                self._add(a, d, self.rows[i][2] + 1 + depth, on)
        self._spell(org, new_parent, self.orgs[org]["name"], on)

    def end(self, org: int, on: dt.date, reason: str, successor: int | None = None) -> None:
        for i in list(self.up[org].values()):
            self._close(i, on, final=True)
        self._spell(org, None, None, on)
        self.orgs[org].update(ended_on=on, end_reason=reason, successor_id=successor)

    def absorb(self, org: int, into: int, on: dt.date, reason: str) -> None:
        """org_dissolve (children_to=into) or org_merge (target=into): the children move, `org` ends."""
        for kid in sorted(self.kids[org]):
            self.move(kid, into, on)
        self.end(org, on, reason, into if reason == EndReason.MERGED else None)


@dataclass
class Tree:
    sim: Sim
    root: int
    kept: list[int]  # the 34 provinces that survive the reform
    districts: list[int]
    branches: list[int]
    sample: list[int]  # districts left for the services to move and dissolve


def simulate(rng: random.Random, scale: float = 1.0, sample: int = 30) -> Tree:
    sim, founded = Sim(), dict[int, dt.date]()
    districts: list[int] = []
    branches: list[int] = []
    events: list[tuple[dt.date, int, int, Callable[[], None]]] = []
    places = [f"{a} {b}" for a in SYL for b in SYL if a != b]
    rng.shuffle(places)

    def n(count: int) -> int:
        return max(1, round(count * scale))

    def at(on: dt.date, phase: int, fn: Callable[[], None]) -> None:
        events.append((on, phase, len(events), fn))

    def new(kind: str, name: str, on: dt.date, parent: int | None, group: str = "") -> int:
        org = len(founded) + 1
        founded[org] = on
        at(on, 0, lambda: sim.create(org, kind, name, on, parent, group))
        return org

    def rename_later(org: int, name: str, lo: dt.date = START) -> None:
        on = day(rng, max(lo, founded[org] + ONE), HISTORY_END)
        at(on, 1, lambda: sim.rename(org, name, on))

    def move_later(org: int, targets: Sequence[int], hi: dt.date = HISTORY_END) -> None:
        on = day(rng, founded[org] + ONE, hi)

        def go() -> None:
            while (to := rng.choice(targets)) == sim.parent_of(org) or founded[to] > on:
                pass
            sim.move(org, to, on)

        at(on, 2, go)

    root = new(OrgKind.NATIONAL, "Liên hiệp các Hội Khoa học và Kỹ thuật Việt Nam", START, None)
    provinces = [new(OrgKind.PROVINCIAL, f"Liên hiệp hội tỉnh {places[i]}", START, root) for i in range(63)]
    kept = provinces[:34]
    for i in range(n(700)):
        on, name = day(rng, START, D(2009, 12, 31)), f"Liên hiệp hội huyện {places[i % 380]} {i}"
        districts.append(new(OrgKind.DISTRICT, name, on, rng.choice(provinces)))
    assocs = []
    for i in range(n(15000)):
        r = rng.random()
        parent = rng.choice(districts) if r < 0.85 else rng.choice(provinces) if r < 0.98 else root
        name = f"{rng.choice(PREFIXES)} {rng.choice(UNITS)} {places[i % 380]} {i}"
        on, group = day(rng, founded[parent], D(2023, 12, 31)), rng.choice(AssociationGroup.values)
        assocs.append(new(OrgKind.ASSOCIATION, name, on, parent, group))
    dissolved = set(rng.sample(assocs, n(300)))  # childless, never moved or renamed
    live = [a for a in assocs if a not in dissolved]
    for i in range(round(20000 * scale) - len(founded)):
        parent = rng.choice(branches) if branches and rng.random() < 0.25 else rng.choice(live)
        on = day(rng, founded[parent], D(2024, 6, 30))
        branches.append(new(OrgKind.BRANCH, f"Chi hội {places[i % 380]} {i}", on, parent))
    for i, p in enumerate(provinces):
        rename_later(p, f"Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh {places[i]}", D(2008, 1, 1))
    for d in rng.sample(districts, n(150)):
        rename_later(d, f"Liên hiệp các Hội KH&KT huyện {rng.choice(places)} {d}")
    for v, a in enumerate(rng.sample(live, n(3000)) + rng.sample(live, n(500))):
        rename_later(a, f"{rng.choice(PREFIXES)} {rng.choice(UNITS)} {rng.choice(places)} {a}/{v}")
    for b in rng.sample(branches, n(400)):
        rename_later(b, f"Chi hội KH&KT {rng.choice(places)} {b}")
    for d in rng.sample(districts, n(40)):
        move_later(d, provinces, D(2020, 12, 31))
    for a in rng.sample(live, n(1000)):
        move_later(a, districts)
    for b in rng.sample(branches, n(300)):
        move_later(b, live)
    for a in dissolved:
        on = day(rng, founded[a] + ONE, HISTORY_END)
        at(on, 3, lambda a=a, on=on: sim.end(a, on, EndReason.DISSOLVED))  # type: ignore[misc]
    for event in sorted(events, key=lambda e: e[:3]):
        event[3]()
    # The 2025 reform: 29 provinces merge into the 34, district unions are dissolved into their province.
    candidates = [d for d in districts if sim.parent_of(d) in kept and 15 <= len(sim.kids[d]) <= 30]
    chosen = sorted(rng.sample(candidates, min(sample, len(candidates))))
    for p in provinces[34:]:
        sim.absorb(p, rng.choice(kept), REFORM, EndReason.MERGED)
    for d in districts:
        if d not in chosen:
            sim.absorb(d, sim.parent_of(d), REFORM, EndReason.DISSOLVED)  # type: ignore[arg-type]
    return Tree(sim, root, kept, districts, branches, chosen)


def fresh_database() -> None:
    if connection.vendor == "postgresql":
        assert "bench" in connection.settings_dict["NAME"], "refusing to reset a database not named *bench*"
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    else:
        connection.close()
        for suffix in ("", "-wal", "-shm"):
            Path(SQLITE + suffix).unlink(missing_ok=True)
    call_command("migrate", verbosity=0)


def write(sim: Sim) -> None:
    orgs = [Org(id=pk, name_sort=vi_sort_key(o["name"]), **o) for pk, o in sim.orgs.items()]
    spells = [
        OrgSpell(
            org_id=o,
            parent_id=p,
            name=name,
            name_folded=fold(name),
            name_sort=vi_sort_key(name),
            valid_from=f,
            valid_to=to,
        )
        for o, p, name, f, to, kept in sim.spells
        if kept
    ]
    rows = [
        OrgClosure(ancestor_id=a, descendant_id=d, depth=depth, valid_from=f, valid_to=to, final=final)
        for a, d, depth, f, to, final, kept in sim.rows
        if kept
    ]
    with transaction.atomic():
        Org.objects.bulk_create(orgs, batch_size=2000)
        OrgSpell.objects.bulk_create(spells, batch_size=2000)
        OrgClosure.objects.bulk_create(rows, batch_size=2000)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Org]):
            cursor.execute(sql)
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")  # what autovacuum would have done on a live database


def naive_size(kids: dict[int, list[int]], node: int) -> int:
    return 1 + sum(naive_size(kids, k) for k in kids[node])


def verify(rng: random.Random, root: int, dates: list[dt.date]) -> None:
    """The closure on each date is exactly the one the spells' parents give; subtree counts agree."""
    assert not OrgClosure.objects.filter(valid_to__isnull=True, final=False).exists()
    for on in dates:
        parent = dict(OrgSpell.objects.filter(selectors.valid_on(on)).values_list("org_id", "parent_id"))
        kids: dict[int, list[int]] = defaultdict(list)
        expected = set()
        for node, p in parent.items():
            kids[p].append(node)
            a: int | None = node
            for depth in range(20):
                expected.add((a, node, depth))
                if (a := parent[a]) is None:  # type: ignore[index]
                    break
        rows = OrgClosure.objects.filter(selectors.valid_on(on))
        assert set(rows.values_list("ancestor_id", "descendant_id", "depth")) == expected, f"closure on {on}"
        assert rows.count() == len(expected), f"duplicate closure rows on {on}"
        for node in [root, *rng.sample(sorted(parent), 3)]:
            assert selectors.subtree(node, on=on).count() == naive_size(kids, node), (node, on)


# --- Shared by every benchmark (bench/members.py, bench/activities.py import this module) ----------------


def client_environment() -> None:
    """Django's test client usable (its host allowed, as in the tests), with templates rendered as a server renders
    them: `setup_test_environment` also instruments every template render (a signal and a copy of its context, for
    `response.context`), which no server pays and which a page benchmark would count as the page's cost."""
    from django.template.base import PartialTemplate, Template
    from django.test.utils import _TestState, setup_test_environment

    setup_test_environment()
    saved = _TestState.saved_data
    Template._render = saved.template_render  # type: ignore[method-assign]
    PartialTemplate._render = saved.partial_template_render  # type: ignore[method-assign]
    # As a web worker before its first request (deploy/gunicorn.conf.py): the loaded site frozen out of the garbage
    # collector's walks. BENCH_NO_SETTLE=1 measures a process that does not (docs/benchmarks.md, session 22).
    if not os.environ.get("BENCH_NO_SETTLE"):
        from config.workers import settle

        settle()


def host_pace() -> float:
    """The ms a fixed piece of pure Python takes here now, the best of three: the host's CPU is shared, and the
    same page's CPU time doubled within an hour with nothing else running (docs/benchmarks.md, "Session 26"). Said
    beside each result, as the load is, so that two runs are compared at the same pace or not at all."""

    def loop() -> float:
        start = time.perf_counter()
        total = 0
        for i in range(300_000):
            total += i * i % 7
        return (time.perf_counter() - start) * 1000

    return min(loop() for _ in range(3))


RESULTS: list[tuple[str, int, float, float, str]] = []
ROW = "| {0} | {1} | {2:.1f} | {3:.1f} | {4} |"  # a row of RESULTS in print_table
SLOW: list[tuple[str, Callable[[], Any]]] = []  # reads over 100 ms p95, for the benchmarks' --explain


def timed(
    label: str,
    items: Sequence[Any],
    fn: Callable[[Any], Any],
    before: Callable[[Any], Any] | None = None,
    *,
    warm: bool = True,
) -> None:
    """Time `fn` on each item (after one untimed warm-up call, unless `warm` is off: a write cannot be done
    twice); `before(item)`, if given, runs untimed first."""
    if warm:
        fn(items[0])
    times, sizes = [], []
    for item in items:
        if before is not None:
            before(item)
        start = time.perf_counter()
        out = fn(item)
        times.append((time.perf_counter() - start) * 1000)
        sizes.append(len(out) if isinstance(out, list) else out)
    p95 = statistics.quantiles(times, n=20, method="inclusive")[18]
    RESULTS.append((label, len(times), statistics.median(times), p95, mean_size(sizes)))
    print(f"  {label}: p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms", file=sys.stderr, flush=True)
    if p95 > 100:
        SLOW.append((label, lambda: fn(items[len(items) // 2])))


CPU_RESULTS: list[tuple[str, int, float, float, float, Any]] = []


def mean_size(sizes: Sequence[Any]) -> str:
    """What the timed calls returned, in a results table: the mean of their counts, or a dash."""
    return f"{statistics.mean(sizes):,.0f}" if all(isinstance(x, int) for x in sizes) else "–"


def timed_cpu(
    label: str,
    items: Sequence[Any],
    fn: Callable[[Any], Any],
    *,
    warm: bool = True,
    size: Callable[[list[Any]], Any] = mean_size,
) -> None:
    """Wall time (p50, p95) and the process's CPU time (p50) of `fn` on each item, after one untimed warm-up call
    unless `warm` is off, into CPU_RESULTS with `size(what the calls returned)`: on a shared machine the CPU time
    says what the work costs, the wall time what a user waited at that load."""
    if warm:
        fn(items[0])
    walls, cpus, sizes = [], [], []
    for item in items:
        wall, cpu = time.perf_counter(), time.process_time()
        sizes.append(fn(item))
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    p95 = statistics.quantiles(walls, n=20, method="inclusive")[18] if len(walls) > 1 else walls[0]
    CPU_RESULTS.append((label, len(walls), statistics.median(walls), p95, statistics.median(cpus), size(sizes)))
    print(
        f"  {label}: p50 {statistics.median(walls):.0f} ms, p95 {p95:.0f} ms, cpu {statistics.median(cpus):.0f} ms",
        file=sys.stderr,
        flush=True,
    )


CPU_COLUMNS = ("what", "runs", "p50 ms", "p95 ms", "CPU p50 ms")  # and the size's column
CPU_ROW = "| {0} | {1} | {2:,.0f} | {3:,.0f} | {4:,.0f} | {5} |"  # a row of CPU_RESULTS in print_table


def print_table(columns: Sequence[str], rows: Sequence[Sequence[Any]], row: str) -> None:
    """A benchmark's results as the Markdown table docs/benchmarks.md shows: `columns` (the first, the label,
    left-aligned, the figures right-aligned), then each of `rows` formatted by `row` ("| {0} | {1} | {2:.1f} |")."""
    print("| " + " | ".join(columns) + " |")
    print("|---|" + "---:|" * (len(columns) - 1))
    for values in rows:
        print(row.format(*values))


def explain(path: str) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of the two slowest queries of each read in SLOW, into `path` (PostgreSQL)."""
    if connection.vendor != "postgresql" or not SLOW:
        return
    with open(path, "w") as out:  # noqa: PTH123
        for label, run in SLOW:
            with CaptureQueriesContext(connection) as captured:
                run()
            # Only reads can be explained (a request's session write ends in COMMIT).
            reads = [q for q in captured.captured_queries if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))]
            queries = sorted(reads, key=lambda q: -float(q["time"]))
            out.write(f"### {label}: {len(queries)} queries, " + ", ".join(q["time"] for q in queries[:6]) + " s\n")
            for q in queries[:2]:
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + q["sql"])
                    plan = "\n".join(r[0] for r in cursor.fetchall())
                out.write(f"{q['sql']}\n\n{plan}\n\n")
    print(f"plans: {path}", file=sys.stderr)


def columns(model: type[models.Model]) -> list[str]:
    return [f.column for f in model._meta.concrete_fields]


def blank_row(model: type[models.Model]) -> dict[str, Any]:
    """Every column of `model` with its field's default ("" for text, None where null), so that a loader names only
    the columns it fills and a column added later does not break its COPY."""
    row = {f.column: f.get_default() for f in model._meta.concrete_fields}
    for f in model._meta.concrete_fields:
        if isinstance(f, models.JSONField):  # COPY and executemany take JSON as its text
            row[f.column] = json.dumps(row[f.column])
    return row


def quoted(names: Sequence[str]) -> str:
    """Column names for SQL, quoted (a column may be a keyword: a draft part's "order")."""
    return ", ".join(connection.ops.quote_name(name) for name in names)


def secondary_indexes(tables: Sequence[str]) -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s)"
            " AND indexname NOT IN (SELECT conname FROM pg_constraint)",
            [list(tables)],
        )
        return list(cursor.fetchall())


def load(sources: dict[type[models.Model], Callable[[], Iterable[list[tuple[Any, ...]]]]]) -> dict[str, float]:
    """Bulk-write each model's rows (chunks of tuples in `columns(model)` order, from a fresh generator per
    table), then ANALYZE. PostgreSQL: COPY, with the secondary indexes dropped and rebuilt around it and no
    foreign-key triggers; SQLite: executemany. Returns the seconds of each stage."""
    stages: dict[str, float] = {}
    began = time.perf_counter()
    tables = {m._meta.db_table: (m, gen) for m, gen in sources.items()}
    if connection.vendor == "postgresql":
        indexes = secondary_indexes(list(tables))
        # One transaction from the indexes dropped to the indexes built again: a load that fails half-way leaves
        # the tables as they were, indexes included (PostgreSQL's DDL is transactional).
        with connection.cursor() as cursor, transaction.atomic():
            for name, _definition in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
            cursor.execute("SET LOCAL session_replication_role = replica")  # no FK triggers during the load
            raw = cursor.cursor
            # One COPY at a time: psycopg allows a single COPY in progress per connection.
            for table, (model, gen) in tables.items():
                with raw.copy(f"COPY {table} ({quoted(columns(model))}) FROM STDIN") as copy:
                    for chunk in gen():
                        for row in chunk:
                            copy.write_row(row)
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")
            stages["copy"] = time.perf_counter() - began
            began = time.perf_counter()
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            for _name, definition in indexes:
                cursor.execute(definition)
            stages["indexes"] = time.perf_counter() - began
    else:
        with connection.cursor() as cursor, transaction.atomic():
            for table, (model, gen) in tables.items():
                cols = columns(model)
                marks = ", ".join("%s" for _ in cols)
                for chunk in gen():
                    cursor.executemany(f"INSERT INTO {table} ({quoted(cols)}) VALUES ({marks})", chunk)
        stages["insert"] = time.perf_counter() - began
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [m for m, _ in tables.values()]):
            cursor.execute(sql)
    began = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    stages["analyze"] = time.perf_counter() - began
    return stages


def build_tree() -> tuple[Tree, dict[str, float]]:
    """The simulated tree written to a fresh database, a system administrator (bench.admin) and an officer of
    each province of today (officer.<province id>), as the benchmarks of the apps start from."""
    began = time.perf_counter()
    shape = simulate(random.Random(20250701))
    fresh_database()
    write(shape.sim)
    stages = {"tree": time.perf_counter() - began}
    actor = user_create(username="bench.admin", password=None, is_superuser=True)
    orgs = Org.objects.in_bulk()
    for p in shape.kept:
        user = user_create(username=f"officer.{p}", password=None)
        services.role_grant(actor=actor, user=user, org=orgs[p], kind=RoleKind.OFFICER, valid_from=D(2024, 1, 1))
    return shape, stages


Case = tuple[int, dt.date]
QUERIES: list[tuple[str, str, Callable[[Case], Any]]] = [
    ("subtree(national).count()", "root", lambda x: selectors.subtree(x[0], on=x[1]).count()),
    ("subtree(province).count()", "province", lambda x: selectors.subtree(x[0], on=x[1]).count()),
    ("subtree(district).count()", "district", lambda x: selectors.subtree(x[0], on=x[1]).count()),
    ("ancestors(branch)", "branch", lambda x: selectors.ancestors(x[0], on=x[1])),
    ("children(district)", "district", lambda x: selectors.children(x[0], on=x[1])),
    ("children(province)", "province", lambda x: selectors.children(x[0], on=x[1])),
    (
        "tree_as_of(root=province), nodes",
        "province",
        lambda x: selectors.flatten(selectors.tree_as_of(on=x[1], root=x[0])),
    ),
    ('search("hoi khkt", within=None)', "root", lambda x: selectors.search("hoi khkt", on=x[1])),
]


def main() -> None:
    rng = random.Random(20250701)
    began = time.perf_counter()
    tree = simulate(rng)
    fresh_database()
    write(tree.sim)
    build = time.perf_counter() - began
    today = selectors.today()
    actor = user_create(username="bench.admin", password=None, is_superuser=True)
    orgs = Org.objects.in_bulk()
    sizes = [len(tree.sim.kids[d]) for d in tree.sample]
    pairs = [(orgs[d], orgs[rng.choice([p for p in tree.kept if p != tree.sim.parent_of(d)])]) for d in tree.sample]
    label = f"services.org_move(district with {min(sizes)}-{max(sizes)} children, to another province)"
    timed(label, pairs, lambda x: services.org_move(actor=actor, org=x[0], new_parent=x[1], on=MOVE_ON), warm=False)
    label = "services.org_dissolve(same districts, children_to=province)"
    timed(label, pairs, lambda x: services.org_dissolve(actor=actor, org=x[0], on=REFORM, children_to=x[1]), warm=False)
    verify(rng, tree.root, [D(2010, 1, 1), PAST, today])
    orgs = Org.objects.in_bulk()

    pools = {"root": [tree.root], "district": tree.districts, "branch": tree.branches}
    pools["province"] = [o.pk for o in orgs.values() if o.kind == OrgKind.PROVINCIAL]
    for name, pool_name, fn in QUERIES:
        for when, on in (("2020-06-30", PAST), ("today", today)):
            alive = [o for o in pools[pool_name] if orgs[o].exists_on(on)]
            if alive:
                timed(f"{name} {when}", [(rng.choice(alive), on) for _ in range(REPS)], fn)

    users = []
    for p in tree.kept:
        user = user_create(username=f"officer.{p}", password=None)
        services.role_grant(actor=actor, user=user, org=orgs[p], kind=RoleKind.OFFICER, valid_from=D(2024, 1, 1))
        users.append(user)

    def fresh(user: Any) -> Any:
        user.__dict__.pop("_lienhiep_role_levels", None)  # roles are read again, as on a new request
        return user

    label = "permissions.orgs_at_least(officer of a province).count()"
    timed(label, [rng.choice(users) for _ in range(REPS)], lambda u: permissions.orgs_at_least(fresh(u)).count())
    cases = [(rng.choice(users), rng.choice(list(orgs))) for _ in range(REPS)]
    timed("permissions.access_level(officer, any node)", cases, lambda x: permissions.access_level(fresh(x[0]), x[1]))
    db: Any = connection
    version = db.Database.sqlite_version if db.vendor == "sqlite" else db.pg_version
    print(f"{connection.vendor} {version}: {len(orgs)} nodes, {OrgSpell.objects.count()} spells, ", end="")
    print(f"{OrgClosure.objects.count()} closure rows; built in {build:.0f} s; today = {today}.\n")
    print_table(("query", "n", "p50 ms", "p95 ms", "mean rows returned"), RESULTS, ROW)


if __name__ == "__main__":
    main()
