"""Benchmark the member-list export: throughput and peak memory of CSV and XLSX over N persons.

    .venv/bin/python bench/members_export.py                  # SQLite at /tmp/lienhiep-bench-export.sqlite3 (recreated)
    DATABASE_URL=postgres://…/lienhiep_bench .venv/bin/python bench/members_export.py --rows 1000000
    .venv/bin/python bench/members_export.py --keep           # measure again the database the last run built

A small tree (national, 3 provinces, 30 districts, 120 associations) gets N persons through
services.persons_bulk_create: one membership each, 5% with a second one, 5% of first ones ended,
0-2 fields of expertise. The export is the one a system administrator gets for the whole country
(selectors.person_list, current members) as of a fixed day. Each export runs in a fresh subprocess,
so peaks don't mix: once timed with ru_maxrss taken before and after, once under tracemalloc.
Prints a markdown table; writes nothing but the throwaway database and temporary files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lienhiep.members.models import Field
    from lienhiep.members.services import PersonRow

ROOT = Path(__file__).resolve().parent.parent
SQLITE = os.environ.get("BENCH_SQLITE", "/tmp/lienhiep-bench-export.sqlite3")  # noqa: S108
D = dt.date
ON = D(2025, 6, 30)
BATCH = 20_000
FAMILY = "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Trịnh Mai Tạ".split()
MIDDLE = "Văn Thị Hữu Đức Minh Thanh Ngọc Quang Thu Xuân Kim Hoài".split()
GIVEN = (
    "An Bình Cường Dũng Giang Hà Hải Hạnh Hòa Hùng Hương Khánh Lan Linh Long Mai Nam Nga Phúc Quân Sơn Tâm Thảo Trang "
    "Tú Yến"
).split()
STREETS = "Trần Phú|Lê Lợi|Nguyễn Du|Hàm Nghi|Phan Đình Phùng|Hà Huy Tập|Xô Viết Nghệ Tĩnh".split("|")
WORKPLACES = ["Bệnh viện đa khoa tỉnh", "Trường THPT chuyên", "Sở Khoa học và Công nghệ", "Công ty cổ phần Xây dựng"]
POSITIONS = ["Trưởng khoa", "Giáo viên", "Chuyên viên", "Kỹ sư", "Phó giám đốc", ""]
EDUCATION = ["ts", "ths", "dh", "dh", "dh", "cd", "tc", "other", ""]


def setup() -> None:
    """Django, in the worker processes only: the parent stays small, since on Linux a child's
    ru_maxrss starts from its parent's resident size at the fork."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    if not os.environ.get("DATABASE_URL"):
        os.environ["SQLITE_PATH"] = SQLITE
    import django

    django.setup()


def fresh_database() -> None:
    """tree.py's reset (PostgreSQL schema or SQLite file), on this benchmark's database."""
    os.environ["BENCH_SQLITE"] = SQLITE
    sys.path.insert(0, str(ROOT / "bench"))
    import tree

    tree.fresh_database()


def build(total: int) -> None:
    from django.db import connection

    from lienhiep.accounts.services import user_create
    from lienhiep.members import services
    from lienhiep.members.models import Field
    from lienhiep.orgs import services as org_services
    from lienhiep.orgs.models import AssociationGroup, OrgKind

    began = time.perf_counter()
    rng = random.Random(20250630)
    fresh_database()
    actor = user_create(username="bench.admin", password=None, is_superuser=True)

    def org(kind: str, name: str, parent: Any = None, **extra: Any) -> Any:
        founded = D(1995, 1, 1)
        return org_services.org_create(actor=actor, kind=kind, name=name, founded_on=founded, parent=parent, **extra)

    root = org(OrgKind.NATIONAL, "Liên hiệp các Hội Khoa học và Kỹ thuật Việt Nam")
    associations = []
    for p in range(3):
        province = org(OrgKind.PROVINCIAL, f"Liên hiệp hội tỉnh {FAMILY[p]}", root)
        for d in range(10):
            district = org(OrgKind.DISTRICT, f"Liên hiệp hội huyện {GIVEN[d]} {p}", province)
            for a in range(4):
                name, group = f"Hội KH&KT {WORKPLACES[a]} {GIVEN[d]} {p}", AssociationGroup.values[a % 3]
                associations.append(org(OrgKind.ASSOCIATION, name, district, group=group))
    fields = list(Field.objects.all())
    for start in range(0, total, BATCH):
        rows = [person_row(rng, i, associations, fields) for i in range(start, min(total, start + BATCH))]
        services.persons_bulk_create(actor=actor, rows=rows)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # what autovacuum (or a maintenance job) would have done on a live database
    print(json.dumps({"built": time.perf_counter() - began}))


def person_row(rng: random.Random, i: int, associations: list[Any], fields: list[Field]) -> PersonRow:
    from lienhiep.members import services
    from lienhiep.members.models import LeaveReason

    gender = rng.choice("mf")
    joined = D(2000, 1, 1) + dt.timedelta(days=rng.randrange(9000))
    first = services.MembershipRow(org=rng.choice(associations), joined_on=joined, card_number=f"HV-{i:07d}")
    memberships = [first]
    if rng.random() < 0.05:
        first.left_on, first.leave_reason = joined + dt.timedelta(days=rng.randrange(1, 3000)), LeaveReason.RETIREMENT
    if rng.random() < 0.05:
        other = rng.choice([a for a in associations[:8] if a != first.org])
        memberships.append(services.MembershipRow(org=other, joined_on=D(2024, 1, 1)))
    values = {
        "full_name": f"{rng.choice(FAMILY)} {'Thị' if gender == 'f' else rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
        "gender": gender,
        "birth_date": D(1950, 1, 1) + dt.timedelta(days=rng.randrange(18000)),
        "id_number": f"0{rng.randrange(10, 99)}{i:09d}" if rng.random() < 0.9 else None,
        "phone": f"09{rng.randrange(10**8):08d}",
        "email": f"hoivien{i}@example.vn" if rng.random() < 0.6 else "",
        "address": f"{rng.randrange(1, 300)} {rng.choice(STREETS)}, phường {rng.choice(GIVEN)}",
        "education": rng.choice(EDUCATION),
        "academic_title": "pgs" if rng.random() < 0.02 else "",
        "workplace": rng.choice(WORKPLACES),
        "position": rng.choice(POSITIONS),
    }
    return services.PersonRow(values=values, memberships=memberships, fields=rng.sample(fields, rng.randrange(3)))


def measure(fmt: str, *, trace: bool) -> dict[str, Any]:
    """One export in this (fresh) process: rows, seconds, file size, ru_maxrss before/after, tracemalloc peak."""
    from django.db import connection

    from lienhiep.accounts.models import User
    from lienhiep.core import spreadsheets
    from lienhiep.members import exporting, selectors
    from lienhiep.members.models import Person
    from lienhiep.orgs.permissions import org_ids_at_least

    admin = User.objects.get(username="bench.admin")
    visible = org_ids_at_least(admin)
    persons = selectors.person_list(visible_org_ids=visible, filters=selectors.ListFilters(on=ON))
    scope = exporting.export_scope(visible_org_ids=visible, node=None, on=ON)
    counted = [0]

    def rows() -> Any:
        for row in exporting.export_rows(persons, reveal_ids=False, on=ON, org_ids=scope):
            counted[0] += 1
            yield row

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if trace:
        tracemalloc.start()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"export.{fmt}"
        began = time.perf_counter()
        if fmt == "csv":
            with path.open("wb") as out:
                for piece in spreadsheets.stream_csv(rows()):
                    out.write(piece)
        else:
            spreadsheets.write_xlsx(rows(), path, title=exporting.SHEET_TITLE, widths=exporting.COLUMN_WIDTHS)
        seconds = time.perf_counter() - began
        size = path.stat().st_size
    peak = tracemalloc.get_traced_memory()[1] if trace else None
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    db: Any = connection
    version = db.Database.sqlite_version if db.vendor == "sqlite" else db.pg_version
    return {
        "rows": counted[0] - 1, "seconds": seconds, "size": size, "rss": (rss_before, rss_after), "peak": peak,
        "database": f"{db.vendor} {version}", "persons": Person.objects.count(), "chunk": exporting.CHUNK,
    }  # fmt: skip


def run(*args: str) -> dict[str, Any]:
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True)  # noqa: S603
    if done.returncode:
        sys.exit(f"{' '.join(args)} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000 if os.environ.get("DATABASE_URL") else 200_000)
    parser.add_argument("--keep", action="store_true", help="measure the database the last run built")
    parser.add_argument("--build", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--measure", choices=["csv", "xlsx"], help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.build or options.measure:
        setup()
        if options.build:
            build(options.rows)
        else:
            print(json.dumps(measure(options.measure, trace=options.trace)))
        return
    built = None if options.keep else run("--build", "--rows", str(options.rows))["built"]
    results = {fmt: (run("--measure", fmt), run("--measure", fmt, "--trace")) for fmt in ("csv", "xlsx")}
    first = results["csv"][0]
    print(f"{first['database']}: {first['persons']} persons", end="")
    print(f", built in {built:.0f} s" if built is not None else "", end="")
    print(f"; exported as of {ON:%d/%m/%Y} in chunks of {first['chunk']}.\n")
    print("| format | rows | s | rows/s | file MB | ru_maxrss before → after, MB | tracemalloc peak, MB |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    mb = 1024 * 1024
    for fmt, (timed, traced) in results.items():
        before, after = (kb / 1024 for kb in timed["rss"])  # Linux reports ru_maxrss in KiB
        print(
            f"| {fmt.upper()} | {timed['rows']:,} | {timed['seconds']:.1f} | {timed['rows'] / timed['seconds']:,.0f} "
            f"| {timed['size'] / mb:.1f} | {before:.0f} → {after:.0f} | {traced['peak'] / mb:.1f} |"
        )


if __name__ == "__main__":
    main()
