"""Benchmark a member's erasure at ~1,000,000 event rows (issue 13): how much of every event table the redaction
(`core.redaction.redact_person`) reads to find the few hundred rows that name the person.

    createdb -h /tmp -p 5433 -U postgres lh_erase13_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5433/lh_erase13_bench .venv/bin/python bench/redaction.py
    … bench/redaction.py --rows 1000000 --runs 3 --keep     # --keep: reuse the rows loaded by an earlier run

PostgreSQL only (a database named *bench*, its schema reset). The tree, the erased member "Phạm Thị Hồng Nhung" and
a namesake are made through the services; the event rows are loaded by SQL (`INSERT … SELECT generate_series`)
across the nine event tables that may carry a member's values, in the shapes the apps write:
seats naming a member (`{"person": {"id", "name"}}`), an initiative's author names and ids, an honour's person and
name as printed, a person's own changes, a dossier's expert, a draft's comment, a report's signer. The person's
name is in a few hundred of them (her seats, initiatives, honours; her namesake's rows too), the rest name
others. Each erasure runs in a transaction rolled back afterwards, so that every run erases the same data.

Measured per erasure: wall time, this process's CPU (`time.process_time`), the PostgreSQL backend's CPU (its
/proc/<pid>/stat: utime + stime), the buffers the database touched (pg_stat_database blks_hit + blks_read) and the
event rows read (pg_stat_user_tables: seq_tup_read + idx_tup_fetch), summed over the event tables. Prints a markdown
table; writes nothing but the throwaway database.
"""

# ruff: noqa: E501  (the rows' SQL shapes read best one a line)
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import tree  # noqa: E402, I001  (sets up Django: config.settings_test, SQLite or DATABASE_URL)

from django.db import connection, transaction  # noqa: E402

from lienhiep.accounts.models import User  # noqa: E402
from lienhiep.accounts.services import user_create  # noqa: E402
from lienhiep.core.redaction import event_models, install_text_indexes  # noqa: E402
from lienhiep.members import services as member_services  # noqa: E402
from lienhiep.members.models import Person, PersonEvent  # noqa: E402
from lienhiep.orgs import services as org_services  # noqa: E402
from lienhiep.orgs.models import OrgKind  # noqa: E402

D = tree.D
NAME = "Phạm Thị Hồng Nhung"
# table label -> (share of the rows, its `target`, the data of row i as SQL; {p} the filler person's id, {n} a
# filler's name), and how many rows name the erased person {me} (and her namesake {twin}) in that table.
FILLER_NAME = "(ARRAY['Nguyễn Văn ','Trần Thị ','Lê Minh ','Hoàng Anh ','Vũ Đức '])[1 + i % 5] || 'Số ' || (i % 7919)"
SHAPES = {
    "members.PersonEvent": (
        0.35, "",
        "jsonb_build_object('after', jsonb_build_object('full_name', {n}, 'phone', '09' || lpad((i % 99999999)::text, 8, '0'), 'workplace', 'Trường THPT số ' || (i % 300)))",
    ),
    "activities.ActivityEvent": (
        0.25, "initiative",
        "jsonb_build_object('authors', jsonb_build_array({p}), 'after', jsonb_build_object('title', 'Sáng kiến cải tiến quy trình số ' || i, 'author_names', {n} || ', Trần Thị Bình', 'level', 'basic', 'year', 2000 + i % 25))",
    ),
    "governance.GovernanceEvent": (
        0.15, "",
        "jsonb_build_object('person', jsonb_build_object('id', {p}, 'name', {n}), 'position', 'member', 'committee', jsonb_build_object('id', i % 500, 'name', 'Ban Chấp hành khóa ' || (i % 9)))",
    ),
    "awards.AwardEvent": (
        0.10, "honour",
        "jsonb_build_object('after', jsonb_build_object('person', jsonb_build_object('id', {p}, 'name', {n}), 'person_name', {n}, 'form', 'bang_khen', 'decision_number', (i % 900) || '/QĐ-LHHVN'))",
    ),
    "awards.NominationEvent": (
        0.05, "nomination",
        "jsonb_build_object('after', jsonb_build_object('person', jsonb_build_object('id', {p}, 'name', {n}), 'reason', 'Có thành tích xuất sắc trong năm ' || (2000 + i % 25)))",
    ),
    "reviews.DossierEvent": (
        0.04, "expert",
        "jsonb_build_object('expert', {n}, 'note', 'Phân công chuyên gia phản biện hồ sơ số ' || i)",
    ),
    "reviews.DraftEvent": (
        0.04, "comment",
        "jsonb_build_object('author', {n}, 'text', 'Đề nghị làm rõ khoản ' || (i % 9) || ' Điều ' || (i % 40), 'stance', 'amend')",
    ),
    "reporting.ReportEvent": (
        0.01, "",
        "jsonb_build_object('signer', {n}, 'issued_on', '2025-01-15', 'number', 'Số: ' || (i % 99) || '/BC-LHH')",
    ),
    "experts.ExpertEvent": (
        0.01, "expert",
        "jsonb_build_object('expert', jsonb_build_object('id', i, 'name', {n}), 'after', jsonb_build_object('workplace', 'Viện ' || (i % 50)))",
    ),
}  # fmt: skip
# The rows that name the erased person (and as many her namesake): seats, initiatives, honours, nominations,
# a dossier's expert and a draft's comments by name only (rows not about her: left as written).
NAMED = {
    "governance.GovernanceEvent": 80,
    "activities.ActivityEvent": 120,
    "awards.AwardEvent": 40,
    "awards.NominationEvent": 20,
    "reviews.DossierEvent": 10,
    "reviews.DraftEvent": 30,
}


def _model(label: str):  # type: ignore[no-untyped-def]
    return next(m for m in event_models() if m._meta.label == label)


def _insert(label: str, count: int, data: str, *, org: int, person: str, target: str, offset: int = 0) -> None:
    """`count` rows of `label`'s table, row i's data `data` (SQL over i), by SQL."""
    model = _model(label)
    columns, values = [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        name, column = field.name, field.column
        value = {
            "at": "timestamptz '2020-01-01 08:00+07' + (i || ' minutes')::interval",
            "kind": "'update'",
            "data": data,
            "user_agent": "''",
            "ip": "NULL",
            "target": f"'{target}'",
            "target_id": "i",
            "effective_on": "date '2024-01-01'",
            "org": str(org),
            "person": person,
        }.get(name)
        if value is None:
            if not field.null:
                raise SystemExit(f"{label}.{name}: no value for a required column")
            value = "NULL"
        columns.append(connection.ops.quote_name(column))
        values.append(value)
    table = connection.ops.quote_name(model._meta.db_table)
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} "
        f"FROM generate_series({offset + 1}, {offset + count}) AS i"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)


def build(rows: int) -> None:
    tree.fresh_database()
    admin = user_create(username="admin", password=None, full_name="Quản trị", is_superuser=True)
    national = org_services.org_create(
        actor=admin, kind=OrgKind.NATIONAL, name="Liên hiệp các Hội KH&KT Việt Nam", founded_on=D(2000, 1, 1)
    )
    unit = org_services.org_create(
        actor=admin, kind=OrgKind.PROVINCIAL, name="Liên hiệp hội tỉnh Hà Tĩnh", founded_on=D(2000, 1, 1),
        parent=national,
    )  # fmt: skip
    association = org_services.org_create(
        actor=admin, kind=OrgKind.ASSOCIATION, name="Hội Y học tỉnh Hà Tĩnh", founded_on=D(2000, 1, 1), parent=unit
    )
    people = []
    for i, full_name in enumerate([NAME, NAME] + [f"Người thứ {i:03d}" for i in range(1, 199)]):
        person = member_services.person_create(
            actor=admin, full_name=full_name, gender="f", phone=f"0912{i:06d}", email=f"p{i}@example.vn"
        )
        member_services.member_admit(actor=admin, person=person, org=association, joined_on=D(2020, 1, 1))
        people.append(person.pk)
    me, twin = people[0], people[1]
    fillers = people[2:]
    low, span = min(fillers), len(fillers)
    start = time.perf_counter()
    for label, (share, target, shape) in SHAPES.items():
        count = int(rows * share)
        filler = f"({low} + i % {span})"
        data = shape.format(p=filler, n=FILLER_NAME)
        _insert(label, count, data, org=unit.pk, person=filler, target=target)
        named = NAMED.get(label, 0)
        for who in (me, twin):
            mine = shape.format(p=str(who), n=f"'{NAME}'")
            _insert(label, named, mine, org=unit.pk, person=str(who), target=target, offset=count)
        print(f"  {label}: {count + 2 * named:,} rows", file=sys.stderr, flush=True)
    with connection.cursor() as cursor:
        for model in event_models():
            cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    print(f"  loaded in {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)


def _pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return int(cursor.fetchone()[0])


def sizes() -> None:
    """Each event table's rows, its size and its text index's size."""
    print("\n| event table | rows | table MB | text index MB |\n|---|---|---|---|")
    with connection.cursor() as cursor:
        for model in event_models():
            table = model._meta.db_table
            cursor.execute(
                "SELECT c.reltuples::bigint, pg_total_relation_size(c.oid) / 1048576.0, "
                "coalesce((SELECT pg_relation_size(i.indexrelid) FROM pg_index i JOIN pg_class ic "
                "ON ic.oid = i.indexrelid WHERE i.indrelid = c.oid AND ic.relname = %s), 0) / 1048576.0 "
                "FROM pg_class c WHERE c.relname = %s",
                [f"{table}_data_trgm", table],
            )
            rows, size, index = cursor.fetchone()
            if rows > 1000:
                print(f"| {model._meta.label} | {rows:,} | {size:.0f} | {index:.0f} |")


def _backend_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _counters() -> tuple[int, int]:
    tables = [m._meta.db_table for m in event_models()]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_force_next_flush()")
    with connection.cursor() as cursor:  # a new statement: the flush above has happened
        cursor.execute("SELECT blks_hit + blks_read FROM pg_stat_database WHERE datname = current_database()")
        buffers = cursor.fetchone()[0]
        cursor.execute(
            "SELECT coalesce(sum(seq_tup_read + coalesce(idx_tup_fetch, 0)), 0) FROM pg_stat_user_tables "
            "WHERE relname = ANY(%s)",
            [tables],
        )
        seq = cursor.fetchone()[0]
    return int(buffers), int(seq)


def erase_once() -> dict[str, float]:
    person = Person.objects.filter(full_name=NAME).order_by("pk").first()
    admin = User.objects.get(username="admin")
    pid = _pid()
    buffers0, seq0 = _counters()
    time.sleep(0.6)  # the statistics of the statements above are flushed before the erasure starts
    buffers0, seq0 = _counters()
    cpu0, db0, wall0 = time.process_time(), _backend_cpu(pid), time.perf_counter()
    with transaction.atomic():
        member_services.person_erase(actor=admin, person=person)
        event = PersonEvent.objects.get(person=person, kind="erase").data
        transaction.set_rollback(True)
    wall, cpu, db = time.perf_counter() - wall0, time.process_time() - cpu0, _backend_cpu(pid) - db0
    time.sleep(0.6)
    buffers1, seq1 = _counters()
    changed = sum(event["redacted"].values())
    return {"wall": wall, "cpu": cpu, "db": db, "buffers": buffers1 - buffers0, "seq": seq1 - seq0, "changed": changed}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="reuse the rows an earlier run loaded")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("PostgreSQL only: set DATABASE_URL to a database named *bench*")
    assert "bench" in connection.settings_dict["NAME"], "refusing to write a database not named *bench*"
    if not args.keep:
        build(args.rows)
    # The erasure's trigram indexes (made after migrate; here made again if an older run's rows lack them).
    start, cpu = time.perf_counter(), _backend_cpu(_pid())
    made = install_text_indexes(connection)
    print(f"  text indexes: {len(made)} in {time.perf_counter() - start:.1f} s wall, "
          f"{_backend_cpu(_pid()) - cpu:.1f} s PostgreSQL CPU (0 if they were there)", file=sys.stderr, flush=True)  # fmt: skip
    sizes()
    total = sum(m._default_manager.count() for m in event_models())
    runs = [erase_once() for _ in range(args.runs)]
    print(f"\nEvent rows: {total:,}; rows changed by the erasure: {runs[0]['changed']:.0f}\n")
    print("| erasure | wall s | process CPU s | PostgreSQL backend CPU s | buffers | event rows read |")
    print("|---|---|---|---|---|---|")
    for i, run in enumerate(runs, 1):
        print(
            f"| run {i} | {run['wall']:.2f} | {run['cpu']:.2f} | {run['db']:.2f} | {run['buffers']:,} | "
            f"{run['seq']:,} |"
        )
    print(f"| median | {statistics.median(r['wall'] for r in runs):.2f} | "
          f"{statistics.median(r['cpu'] for r in runs):.2f} | {statistics.median(r['db'] for r in runs):.2f} | "
          f"{statistics.median(r['buffers'] for r in runs):,.0f} | {statistics.median(r['seq'] for r in runs):,.0f} |")  # fmt: skip


if __name__ == "__main__":
    main()
