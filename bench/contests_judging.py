"""Benchmark judging at a national edition's scale (issue 16: 5,000 entries, 200 jurors, 50,000 scores; ranking a
field ≤ 1 s, the juror's page p95 ≤ 100 ms).

    .venv/bin/python bench/contests_judging.py             # SQLite at /tmp/lienhiep-bench-contests-judging.sqlite3
    DATABASE_URL=postgres://…/lh_contests_bench .venv/bin/python bench/contests_judging.py
    … --runs 30 --keep   # --keep: measure again the database the last run built

The edition: the national union's STKT contest, 10 fields of 500 entries sent by 63 provincial unions, each field
with its prize table (Nhất 1, Nhì 3, Ba 5, Khuyến khích 10); one round with five criteria (20 points each), its
outliers dropped. 200 jurors (experts of the national list with accounts, each granted their seat), each scoring 50
entries of one field — two jurors an entry, so 10,000 sheets and 50,000 scores. Rows are bulk-inserted (no event
rows: no read here uses them). The juror's pages are fetched through Django's test client as a juror (her grant
checked as in production); the ranking is the selector the ranking page and the prize proposal read, per field and
for the whole edition, then the ranking page itself once the round is closed. Prints a markdown table; writes
nothing but the throwaway database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path

BENCH = Path(__file__).resolve().parent
os.environ.setdefault("BENCH_SQLITE", "/tmp/lienhiep-bench-contests-judging.sqlite3")  # noqa: S108
sys.path.insert(0, str(BENCH))

import tree  # noqa: E402, I001  (sets up Django: config.settings_test, SQLite or DATABASE_URL)

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from lienhiep.accounts.models import User  # noqa: E402
from lienhiep.accounts.services import user_create  # noqa: E402
from lienhiep.accounts.testing import login  # noqa: E402
from lienhiep.contests.judging import selectors  # noqa: E402
from lienhiep.contests.models import (  # noqa: E402
    Contest,
    ContestField,
    Criterion,
    Edition,
    Entry,
    EntryAuthor,
    JurorAssignment,
    JurorEntry,
    PrizeRow,
    Round,
    Score,
)
from lienhiep.core.text import fold, person_sort_key  # noqa: E402
from lienhiep.experts.models import Expert  # noqa: E402
from lienhiep.orgs import grants  # noqa: E402
from lienhiep.orgs import services as org_services  # noqa: E402
from lienhiep.orgs.models import ObjectGrant, OrgKind, RoleKind  # noqa: E402

D = dt.date
BATCH = 5000
FIELDS = 10
CRITERIA = 5
JURORS_PER_ENTRY = 2


def timed(label: str, items: Sequence[object], fn: Callable[[object], object]) -> None:
    """tree.timed_cpu, the table showing what the first call returned (bytes of a page, rows of a read)."""
    tree.timed_cpu(label, items, fn, size=lambda sizes: f"{sizes[0]:,}")


# Jurors' names as a national list has them: a tenth of them Nguyễn, which the jury form's lookup is asked for.
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ")
MIDDLES = ("Văn", "Thị", "Đức", "Minh", "Thu", "Quốc", "Thanh", "Hữu")
GIVEN = ("An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hương", "Khoa", "Lan", "Long", "Mai", "Nam", "Phong",
         "Quang", "Sơn", "Tâm", "Thảo", "Trung", "Vinh", "Yến")  # fmt: skip


def _juror_name(n: int) -> str:
    return f"{SURNAMES[n % len(SURNAMES)]} {MIDDLES[n % len(MIDDLES)]} {GIVEN[n % len(GIVEN)]}"


def build(entries: int, jurors: int) -> None:
    rng = random.Random(16)  # noqa: S311 - a benchmark's fixed seed
    admin = user_create(username="admin", password=None, full_name="Quản trị", is_superuser=True)
    officer = user_create(username="officer", password=None, full_name="Cán bộ Trung ương")
    national = org_services.org_create(
        actor=admin, kind=OrgKind.NATIONAL, name="Liên hiệp các Hội KH&KT Việt Nam", founded_on=D(2000, 1, 1)
    )
    provinces = [
        org_services.org_create(
            actor=admin,
            kind=OrgKind.PROVINCIAL,
            name=f"Liên hiệp hội tỉnh số {i:02d}",
            founded_on=D(2000, 1, 1),
            parent=national,
        )  # fmt: skip
        for i in range(63)
    ]
    org_services.role_grant(actor=admin, user=officer, org=national, kind=RoleKind.OFFICER, valid_from=D(2020, 1, 1))
    contest = Contest.objects.create(org=national, type="stkt", level="national", name="Hội thi STKT toàn quốc")
    edition = Edition.objects.create(
        contest=contest, number=18, year_start=2026, year_end=2027, opens_on=D(2026, 1, 1), closes_on=D(2026, 9, 30),
        status="judging", status_since=D(2026, 10, 1),
    )  # fmt: skip
    round_ = Round.objects.create(edition=edition, kind="chung_khao", order=1, status="open", drop_outliers=True)
    for n in range(CRITERIA):
        Criterion.objects.create(round=round_, name=f"Tiêu chí {n + 1}", max_points=Decimal(20), order=n)
    fields = [ContestField.objects.create(edition=edition, name=f"Lĩnh vực {n + 1}", order=n) for n in range(FIELDS)]
    for field in fields:
        for rank, count in (("nhat", 1), ("nhi", 3), ("ba", 5), ("khuyen_khich", 10)):
            PrizeRow.objects.create(edition=edition, field=field, rank=rank, count=count, amount=Decimal(5_000_000))
    rows = []
    for n in range(entries):
        sender = provinces[n % 63]
        rows.append(
            Entry(
                edition=edition,
                field=fields[n % FIELDS],
                number=n + 1,
                title=f"Giải pháp kỹ thuật số {n + 1}",
                sending_unit=sender,
                origin_unit=sender,
                author_unit=f"Công ty số {n % 700}",
                submitted_on=D(2026, 9, 1),
                status="accepted",
                status_since=D(2026, 10, 1),
            )  # fmt: skip
        )
    Entry.objects.bulk_create(rows, batch_size=BATCH)
    made = list(Entry.objects.filter(edition=edition).order_by("number").values_list("pk", "field_id"))
    EntryAuthor.objects.bulk_create(
        [EntryAuthor(entry_id=pk, order=1, full_name=f"Tác giả {pk}", workplace="Công ty") for pk, _f in made],
        batch_size=BATCH,
    )
    # Jurors: each field gets jurors // FIELDS of them; each entry two jurors of its field.
    users = User.objects.bulk_create(
        [User(username=f"juror{n}", full_name=_juror_name(n), password="!") for n in range(jurors)]  # noqa: S106
    )
    users = list(User.objects.filter(username__startswith="juror").order_by("id"))
    experts = Expert.objects.bulk_create(
        [
            Expert(
                org=national,
                full_name=u.full_name,
                name_folded=fold(u.full_name),
                name_sort=person_sort_key(u.full_name),
                workplace="Viện Khoa học",
                user=u,
            )
            for u in users
        ]  # fmt: skip
    )
    experts = list(Expert.objects.filter(org=national).order_by("id"))
    seats = JurorAssignment.objects.bulk_create(
        [JurorAssignment(round=round_, expert=e, assigned_on=D(2026, 10, 2), assigned_by=officer) for e in experts]
    )
    seats = list(JurorAssignment.objects.filter(round=round_).order_by("id"))
    kind = ContentType.objects.get_for_model(JurorAssignment)
    ObjectGrant.objects.bulk_create(
        [
            ObjectGrant(
                user_id=s.expert.user_id,
                org=national,
                content_type=kind,
                object_id=s.pk,
                kind=grants.JUROR,
                starts=D(2026, 10, 2),
                given_by=officer,
            )
            for s in JurorAssignment.objects.filter(round=round_).select_related("expert")
        ]  # fmt: skip
    )
    per_field = jurors // FIELDS
    by_field = {f.pk: seats[i * per_field : (i + 1) * per_field] for i, f in enumerate(fields)}
    criteria = list(Criterion.objects.filter(round=round_).order_by("order"))
    sheet_rows, score_rows = [], []
    for index, (pk, field_id) in enumerate(made):
        pool = by_field[field_id]
        k = index // FIELDS  # the entry's place in its field
        for j in range(JURORS_PER_ENTRY):
            seat = pool[(k * JURORS_PER_ENTRY + j) % len(pool)]
            sheet_rows.append(JurorEntry(assignment=seat, entry_id=pk))
            for c in criteria:
                score_rows.append(Score(assignment=seat, entry_id=pk, criterion=c, points=Decimal(rng.randint(8, 20))))
    JurorEntry.objects.bulk_create(sheet_rows, batch_size=BATCH)
    Score.objects.bulk_create(score_rows, batch_size=BATCH)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def measure(runs: int) -> None:
    tree.client_environment()
    round_ = Round.objects.select_related("edition__contest__org").get()
    fields = list(ContestField.objects.filter(edition=round_.edition).order_by("order"))
    seat = JurorAssignment.objects.select_related("expert__user").order_by("id")[7]
    entry = JurorEntry.objects.filter(assignment=seat).order_by("entry__number").first()
    juror, officer = seat.expert.user, User.objects.get(username="officer")
    clients = {}
    for who in (juror, officer):
        clients[who.username] = Client()
        login(clients[who.username], who)

    def get(who: str, url: str) -> int:
        response = clients[who].get(url)
        assert response.status_code == 200, (url, response.status_code)
        return len(response.content)

    items = list(range(runs))
    timed("the juror's sheet (50 entries)", items, lambda _i: get(juror.username, f"/contests/jury/{seat.pk}/"))
    timed(
        "an entry on her sheet, her score form",
        items,
        lambda _i: get(juror.username, f"/contests/jury/{seat.pk}/entries/{entry.entry_id}/"),
    )
    timed(
        "the jury's progress (200 jurors, counts only)",
        items[: max(5, runs // 3)],
        lambda _i: get(officer.username, f"/contests/rounds/{round_.pk}/jury/"),
    )
    timed(
        "the jury form's expert lookup ('nguyen': 20 of 200)",
        items,
        lambda _i: get(officer.username, f"/contests/rounds/{round_.pk}/jury/experts/?q=nguyen"),
    )
    timed(
        "ranking a field (500 entries, 5,000 scores): selector",
        [fields[i % FIELDS] for i in items],
        lambda f: len(selectors.ranking_of(round_, group=("field", f.pk)).groups[0].ranked),  # type: ignore[attr-defined]
    )
    timed(
        "ranking the whole edition (5,000 entries, 50,000 scores): selector",
        items[: max(5, runs // 3)],
        lambda _i: sum(len(g.ranked) for g in selectors.ranking_of(round_).groups),
    )
    Round.objects.filter(pk=round_.pk).update(status="closed")
    timed(
        "the ranking page, closed round (10 fields, 5,000 rows)",
        items[: max(5, runs // 3)],
        lambda _i: get(officer.username, f"/contests/rounds/{round_.pk}/ranking/"),
    )
    Round.objects.filter(pk=round_.pk).update(status="open")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--jurors", type=int, default=200)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="measure again the database the last run built")
    args = parser.parse_args()
    if not args.keep:
        from django.tasks import task_backends

        task_backends._settings = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
        task_backends.__dict__.pop("settings", None)
        if hasattr(task_backends._connections, "default"):
            delattr(task_backends._connections, "default")
        tree.fresh_database()
        started = time.perf_counter()
        build(args.entries, args.jurors)
        print(f"  built in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    counts = (Entry.objects.count(), JurorAssignment.objects.count(), Score.objects.count())
    print(f"  {counts[0]:,} entries, {counts[1]:,} jurors, {counts[2]:,} scores", file=sys.stderr, flush=True)
    cpu = time.process_time()
    measure(args.runs)
    cpu = time.process_time() - cpu
    print(f"\n{connection.vendor}: {counts[0]:,} entries, {counts[1]:,} jurors, {counts[2]:,} scores")
    print(f"measuring took {cpu:.1f} s of CPU; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
    tree.print_table((*tree.CPU_COLUMNS, "bytes or rows"), tree.CPU_RESULTS, tree.CPU_ROW)


if __name__ == "__main__":
    main()
