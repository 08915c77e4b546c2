"""Benchmark the member registry at scale: counts, list pages, search, and the XLSX import.

    .venv/bin/python bench/members.py                       # SQLite at /tmp/lienhiep-bench-members.sqlite3, 200,000
    DATABASE_URL=postgres://…/lienhiep_members_bench .venv/bin/python bench/members.py --persons 1000000
    … bench/members.py --keep                              # measure again the database the last run built
    … bench/members.py --keep --skip-import                # reads only

The org tree is bench/tree.py's (~20,000 nodes, twenty years of history, the 2025 reform), written
the same way. N persons get one membership each in a live association (joined 2005-2026 at or after
its founding, ~30 % ended since), ~3 % a second one in another association; rows are written with
COPY on PostgreSQL (secondary indexes dropped and rebuilt around it) and executemany on SQLite,
then ANALYZE. No PersonEvent or field links are generated for the bulk: no measured read uses them.
Reads are timed through the real selectors and core.paging.keyset_page; the import through
spreadsheets.read_table, importing.validate and services.persons_bulk_create (rolled back).
With --explain, EXPLAIN (ANALYZE, BUFFERS) of the two slowest queries of each read over 100 ms p95 go to
/tmp/members-plans.txt (PostgreSQL only). Writes nothing but the throwaway database and /tmp files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import sys
import time
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
os.environ.setdefault("BENCH_SQLITE", "/tmp/lienhiep-bench-members.sqlite3")  # noqa: S108
sys.path.insert(0, str(BENCH))

import tree  # noqa: E402, I001  (sets up Django: config.settings_test, SQLite or DATABASE_URL)
from tree import RESULTS, timed  # noqa: E402

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from lienhiep.accounts.models import User  # noqa: E402
from lienhiep.core import spreadsheets  # noqa: E402
from lienhiep.core.paging import COUNT_CAP, keyset_page  # noqa: E402
from lienhiep.core.text import fold, person_sort_key  # noqa: E402
from lienhiep.members import importing, selectors, services  # noqa: E402
from lienhiep.orgs.models import RememberedFigure  # noqa: E402
from lienhiep.members.models import LeaveReason, Membership, Person  # noqa: E402
from lienhiep.orgs import permissions as org_permissions  # noqa: E402
from lienhiep.orgs.models import Org, OrgKind  # noqa: E402

D = dt.date
PAST = D(2020, 6, 30)
FAMILY = "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Trịnh Mai Tạ".split()
WEIGHTS = [38, 11, 9, 7, 5, 5, 4, 4, 3, 2, 2, 1.5, 1.5, 1.3, 1, 0.5, 0.5, 0.5, 0.5, 0.5]  # roughly Vietnam's
MIDDLE = "Văn Thị Hữu Đức Minh Thanh Ngọc Quang Thu Xuân Kim Hoài Công Đình Quốc".split()
GIVEN = (
    "An Bình Cường Dũng Giang Hà Hải Hạnh Hòa Hùng Hương Khánh Lan Linh Long Mai Nam Nga Phúc Quân Sơn Tâm Thảo "
    "Trang Tú Yến Tuấn Thắng Huy Phương Hiếu Nhung Thủy Vinh Trung Tùng Oanh Loan Đạt Khoa"
).split()
RARE = (["Khổng", "Mạc", "Thân", "Ông", "Lạc"], ["Bảo", "Gia", "Khắc", "Duy"], ["Triết", "Khuê", "Diệp"])
RARE_EVERY = 15_001  # one person in this many gets a rare name (60 distinct rare names)
STREETS = "Trần Phú|Lê Lợi|Nguyễn Du|Hàm Nghi|Phan Đình Phùng|Hà Huy Tập|Xô Viết Nghệ Tĩnh".split("|")
WORKPLACES = ["Bệnh viện đa khoa tỉnh", "Trường THPT chuyên", "Sở Khoa học và Công nghệ", "Công ty cổ phần Xây dựng"]
POSITIONS = ["Trưởng khoa", "Giáo viên", "Chuyên viên", "Kỹ sư", "Phó giám đốc", ""]
EDUCATION = ["ts", "ths", "dh", "dh", "dh", "cd", "tc", "other", ""]
REASONS = [LeaveReason.RETIREMENT, LeaveReason.RESIGNATION, LeaveReason.TRANSFER, LeaveReason.DEATH]
CHUNK = 10_000


@lru_cache(maxsize=100_000)
def keys(full_name: str) -> tuple[str, str]:
    return fold(full_name), person_sort_key(full_name)


def rare_name(k: int) -> str:
    return f"{RARE[0][k % 5]} {RARE[1][k % 4]} {RARE[2][k % 3]}"


def full_name(rng: random.Random, i: int) -> str:
    if i % RARE_EVERY == 7:
        return rare_name(i // RARE_EVERY)
    family = rng.choices(FAMILY, WEIGHTS)[0]
    given = rng.choice(GIVEN) if rng.random() < 0.6 else f"{rng.choice(GIVEN)} {rng.choice(GIVEN)}"
    return f"{family} {rng.choice(MIDDLE)} {given}"


def rows(total: int, associations: list[tuple[int, dt.date]], today: dt.date) -> Iterator[tuple[list[Any], list[Any]]]:
    """(person rows, membership rows) per chunk, as tuples in the tables' column order (`tree.columns`)."""
    rng = random.Random(20250630)
    now = timezone.now()
    start_day = D(2005, 1, 1)
    m_id = 0
    for start in range(0, total, CHUNK):
        persons, memberships = [], []
        for i in range(start, min(total, start + CHUNK)):
            pk = i + 1
            name = full_name(rng, i)
            folded, sort = keys(name)
            gender = "f" if " Thị " in name else rng.choice("mf")
            phone = f"09{rng.randrange(10**8):08d}"
            persons.append((
                pk, now, now, name, folded, sort, gender, D(1950, 1, 1) + dt.timedelta(days=rng.randrange(18_250)),
                f"0{rng.randrange(10, 99)}{i:09d}" if rng.random() < 0.9 else None, phone, phone,
                f"hoivien{i}@example.vn" if rng.random() < 0.6 else "",
                f"{rng.randrange(1, 300)} {rng.choice(STREETS)}, phường {rng.choice(GIVEN)}", rng.choice(EDUCATION),
                "pgs" if rng.random() < 0.02 else "", rng.choice(WORKPLACES), rng.choice(POSITIONS),
                None, "", "", None, None, None,
            ))  # fmt: skip
            org, founded = rng.choice(associations)
            first = max(start_day, founded)
            joined = first + dt.timedelta(days=rng.randrange(max(1, (today - first).days)))
            left, reason = None, ""
            if rng.random() < 0.3 and (today - joined).days > 30:
                left = joined + dt.timedelta(days=rng.randrange(30, (today - joined).days))
                reason = rng.choice(REASONS)
            m_id += 1
            own = [[m_id, now, now, pk, org, joined, left, reason, f"HV-{i:07d}", None, folded]]
            if rng.random() < 0.03:
                other, founded = rng.choice(associations)
                if other != org:
                    first = max(start_day, founded)
                    joined = first + dt.timedelta(days=rng.randrange(max(1, (today - first).days)))
                    m_id += 1
                    own.append([m_id, now, now, pk, other, joined, None, "", "", None, folded])
            # `shared`: whether the person has another membership (kept by triggers, which the COPY does not fire).
            memberships.extend((*row, len(own) > 1) for row in own)
        yield persons, memberships


def sources(shape: tree.Tree, total: int) -> dict[Any, Any]:
    """`total` persons and their memberships in the live associations of `shape`, for `tree.load`."""
    today = timezone.localdate()
    associations = sorted(
        (pk, o["founded_on"])
        for pk, o in shape.sim.orgs.items()
        if o["kind"] == OrgKind.ASSOCIATION and "ended_on" not in o
    )
    # One generator per table (a single COPY runs at a time on a connection): the rows are made twice.
    return {
        Person: lambda: (persons for persons, _memberships in rows(total, associations, today)),
        Membership: lambda: (memberships for _persons, memberships in rows(total, associations, today)),
    }


def build(total: int) -> dict[str, float]:
    shape, stages = tree.build_tree()
    return stages | tree.load(sources(shape, total))


# --- Timing ---------------------------------------------------------------------------------------


def page(persons: Any, after: str | None = None) -> list[Person]:
    return keyset_page(persons, after, None, key="name_sort")[0]


def reads(reps: int) -> None:
    rng = random.Random(7)
    today = timezone.localdate()
    admin = User.objects.get(username="bench.admin")
    officers = list(User.objects.filter(username__startswith="officer."))
    root = Org.objects.get(kind=OrgKind.NATIONAL).pk
    provinces = list(Org.objects.filter(kind=OrgKind.PROVINCIAL, ended_on__isnull=True).values_list("pk", flat=True))
    past_provinces = [o.pk for o in Org.objects.filter(kind=OrgKind.PROVINCIAL) if o.exists_on(PAST)]
    everything = org_permissions.org_ids_at_least(admin)
    days_2020 = [D(2020, 1, 1) + dt.timedelta(days=rng.randrange(366)) for _ in range(reps)]

    def count(x: tuple[int, dt.date, bool | None]) -> int:
        # Cold: the remembered figures are forgotten first, so this times the count itself.
        RememberedFigure.objects.all().delete()
        return selectors.member_count(x[0], on=x[1], distinct_persons=x[2])

    def remembered(x: tuple[int, dt.date, bool | None]) -> int:
        return selectors.member_count(x[0], on=x[1], distinct_persons=x[2])

    timed("member_count(national, on=2020-06-30)", [(root, PAST, None)] * reps, count)
    timed("member_count(national, a day in 2020)", [(root, d, None) for d in days_2020], count)
    timed("member_count(national, today)", [(root, today, None)] * reps, count)
    timed("member_count(national, today, distinct_persons=False)", [(root, today, False)] * reps, count)
    cases = [(rng.choice(past_provinces), PAST, None) for _ in range(reps)]
    timed("member_count(province, on=2020-06-30)", cases, count)
    timed("member_count(province, today)", [(rng.choice(provinces), today, None) for _ in range(reps)], count)
    cases = [(rng.choice(provinces), today, False) for _ in range(reps)]
    timed("member_count(province, today, distinct_persons=False)", cases, count)
    timed("remembered: member_count(national, on=2020-06-30)", [(root, PAST, None)] * reps, remembered)
    timed("remembered: member_count(national, today)", [(root, today, None)] * reps, remembered)
    province = rng.choice(provinces)
    timed("remembered: member_count(province, today)", [(province, today, None)] * reps, remembered)

    def officer_list(user: Any) -> Any:
        user.__dict__.pop("_lienhiep_role_levels", None)  # roles are read again, as on a new request
        return selectors.person_list(
            visible_org_ids=org_permissions.org_ids_at_least(user), filters=selectors.ListFilters()
        )

    picks = [rng.choice(officers) for _ in range(reps)]
    timed("person_list first page, province officer", picks, lambda u: page(officer_list(u)))
    cap = COUNT_CAP
    timed(
        "… and the list's capped count (core.paging.COUNT_CAP)",
        picks,
        lambda u: selectors.person_list_count(
            visible_org_ids=org_permissions.org_ids_at_least(u), filters=selectors.ListFilters(), cap=cap
        ),
    )

    national = selectors.person_list(visible_org_ids=everything, filters=selectors.ListFilters(on=today))
    timed("person_list first page, national (admin)", [None] * reps, lambda _: page(national))
    window = list(national.values_list("name_sort", "id")[480_000:520_000]) if Person.objects.count() > 600_000 else []
    if not window:  # a smaller database: the middle of the list
        half = national.count() // 2
        window = list(national.values_list("name_sort", "id")[max(0, half - 20_000) : half + 20_000])
    cursors = [f"{k}~{pk}" for k, pk in rng.sample(window, min(reps, len(window)))]
    timed("person_list deep page (cursor at row ~500,000), national", cursors, lambda c: page(national, c))

    def filtered(visible: Any) -> list[Person]:
        filters = selectors.ListFilters(education="ths", age="30-39", on=today)
        return page(selectors.person_list(visible_org_ids=visible, filters=filters))

    timed('filtered page: education="ths", age 30-39, national', [everything] * reps, filtered)
    timed(
        'filtered page: education="ths", age 30-39, province officer',
        picks,
        lambda u: filtered(org_permissions.org_ids_at_least(u)),
    )

    def search(q: str, visible: Any = everything) -> list[Person]:
        return page(selectors.person_list(visible_org_ids=visible, filters=selectors.ListFilters(q=q, on=today)))

    timed('search "nguyen van", national', ["nguyen van"] * reps, search)
    timed('search "Nguyễn Văn Hùng", national', ["Nguyễn Văn Hùng"] * reps, search)
    timed("search a rare full name, national", [rare_name(rng.randrange(60)) for _ in range(reps)], search)
    phones = list(Person.objects.order_by("?").values_list("phone", flat=True)[:reps])
    timed("search a full phone number, national", phones, search)
    timed("search 6 phone digits, national", [p[-6:] for p in phones], search)
    label = 'search "nguyen van", province officer'
    timed(label, picks, lambda u: search("nguyen van", org_permissions.org_ids_at_least(u)))

    # The seat forms' person picker (members:person_lookup), as an officer types within the own province.
    def lookup(x: tuple[Any, int, str]) -> list[Person]:
        user, within, q = x
        user.__dict__.pop("_lienhiep_role_levels", None)
        node = org_permissions.get_org_for_user(user, within)  # as the view checks it
        return selectors.person_lookup(within=node, q=q)

    own = [(u, int(u.username.split(".")[1])) for u in picks]
    timed('person_lookup "ng", province officer, own province', [(u, p, "ng") for u, p in own], lookup)
    timed('person_lookup "nguyen van", province officer, own province', [(u, p, "nguyen van") for u, p in own], lookup)
    rare = [(u, p, rare_name(rng.randrange(60))) for u, p in own]
    timed("person_lookup a rare full name, province officer, own province", rare, lookup)
    timed('person_lookup "nguyen van", national (admin)', [(admin, root, "nguyen van")] * reps, lookup)
    timed("person_lookup a rare full name, national (admin)", [(admin, root, q) for _u, _p, q in rare], lookup)


# --- Import ---------------------------------------------------------------------------------------


def xlsx(count: int, today: dt.date) -> bytes:
    from openpyxl import Workbook

    rng = random.Random(99)
    live = [
        o for o in Org.objects.filter(kind=OrgKind.ASSOCIATION, ended_on__isnull=True)
        if not o.short_name  # names only: every name in the tree is distinct
    ]  # fmt: skip
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([c.header for c in importing.COLUMNS])
    fields = ["Y tế", "Giáo dục; Luật", "", "", "Quốc phòng, an ninh"]
    education = ["TS", "ThS", "ĐH", "ĐH", "CĐ", "TC", "Khác", ""]
    for i in range(count):
        org = rng.choice(live)
        first = max(org.founded_on, D(2005, 1, 1))
        birth = D(1950, 1, 1) + dt.timedelta(days=rng.randrange(18_250))
        joined = max(first, birth + dt.timedelta(days=6600)) + dt.timedelta(days=rng.randrange(300))
        joined = min(joined, today)
        if birth > joined:
            birth = joined - dt.timedelta(days=8000)
        sheet.append([
            f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)} {i}", rng.choice(["Nam", "Nữ"]), birth,
            f"9{i:011d}", f"09{rng.randrange(10**8):08d}", f"nhap{i}@example.vn" if i % 2 else "",
            f"{rng.randrange(1, 300)} {rng.choice(STREETS)}", rng.choice(education), "", rng.choice(fields),
            rng.choice(WORKPLACES), rng.choice(POSITIONS), org.name, joined, f"NH-{i:07d}",
        ])  # fmt: skip
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def imports(count: int) -> list[tuple[str, int, float]]:
    today = timezone.localdate()
    began = time.perf_counter()
    data = xlsx(count, today)
    print(f"  built a {count:,}-row XLSX ({len(data) / 2**20:.1f} MB) in {time.perf_counter() - began:.0f} s",
          file=sys.stderr)  # fmt: skip
    admin = User.objects.get(username="bench.admin")
    out = []
    began = time.perf_counter()
    table = spreadsheets.read_table("hoi-vien.xlsx", data)
    out.append(("spreadsheets.read_table (calamine)", len(table.rows), time.perf_counter() - began))
    mapping = spreadsheets.guess_mapping(table.headers, importing.COLUMNS)
    assert not spreadsheets.missing_required(mapping, importing.COLUMNS), mapping
    orgs = Org.objects.filter(kind__in=services.MEMBER_KINDS, ended_on__isnull=True)
    began = time.perf_counter()
    report = importing.validate(table, mapping, orgs=orgs, today=today)
    out.append(("importing.validate", report.total, time.perf_counter() - began))
    assert not report.errors, report.errors[:5]
    began = time.perf_counter()
    with transaction.atomic():
        created = services.persons_bulk_create(actor=admin, rows=report.rows)
        out.append(("services.persons_bulk_create (rolled back)", len(created), time.perf_counter() - began))
        transaction.set_rollback(True)
    total = sum(s for _, _, s in out)
    out.append(("all three", count, total))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--persons", type=int, default=1_000_000 if os.environ.get("DATABASE_URL") else 200_000)
    parser.add_argument("--keep", action="store_true", help="measure the database the last run built")
    parser.add_argument("--reps", type=int, default=40)
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--skip-reads", action="store_true")
    parser.add_argument("--explain", action="store_true")
    options = parser.parse_args()
    stages = None if options.keep else build(options.persons)
    db: Any = connection
    version = db.Database.sqlite_version if db.vendor == "sqlite" else db.pg_version
    persons, memberships = Person.objects.count(), Membership.objects.count()
    print(f"{connection.vendor} {version}: {Org.objects.count():,} nodes, {persons:,} persons, "
          f"{memberships:,} memberships", end="")  # fmt: skip
    if stages:
        print("; built in " + ", ".join(f"{k} {v:.0f} s" for k, v in stages.items()), end="")
    print(f"; today = {timezone.localdate()}.\n", flush=True)
    if not options.skip_reads:
        reads(options.reps)
        tree.print_table(("query", "n", "p50 ms", "p95 ms", "mean rows / count"), RESULTS, tree.ROW)
        print(flush=True)
        if options.explain:
            tree.explain("/tmp/members-plans.txt")  # noqa: S108
    if not options.skip_import:
        print("| import stage | rows | s | rows/s |\n|---|---:|---:|---:|")
        for label, n, seconds in imports(options.import_rows):
            print(f"| {label} | {n:,} | {seconds:.1f} | {n / seconds:,.0f} |")


if __name__ == "__main__":
    main()
