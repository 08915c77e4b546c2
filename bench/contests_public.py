"""Benchmark an edition's public pages (issue 16: the public results page of a national edition with 5,000 entries,
p95 ≤ 100 ms): its rules page and its results page, fetched anonymously through Django's test client, each time in
full (no If-None-Match: from the per-version cache of rendered pages, and rendered afresh after the cache is
cleared, as the first visit after a change is) and answered 304 (the browser's or a proxy's copy is still good).

    .venv/bin/python bench/contests_public.py               # SQLite at /tmp/lienhiep-bench-contests.sqlite3
    DATABASE_URL=postgres://…/lh_con16a_bench .venv/bin/python bench/contests_public.py
    … --entries 5000 --prizes 600 --runs 50 --keep          # --keep: measure again the database the last run built

The national union holds a national technical innovation contest with one edition whose board approved the results:
ten fields of three categories each, a prize table per field, `--entries` entries sent by 63 provincial unions with
two authors each (half of them consenting to be named), `--prizes` of them prized (approved), the rest judged
without a prize. Rows are bulk-inserted (the services' rows without their event rows: no read here uses them).
Prints a markdown table; writes nothing but the throwaway database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
os.environ.setdefault("BENCH_SQLITE", "/tmp/lienhiep-bench-contests.sqlite3")  # noqa: S108
sys.path.insert(0, str(BENCH))

import tree  # noqa: E402, I001  (sets up Django: config.settings_test, SQLite or DATABASE_URL)
from tree import RESULTS, timed  # noqa: E402

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from lienhiep.accounts.models import User  # noqa: E402
from lienhiep.contests import services  # noqa: E402
from lienhiep.contests.models import (  # noqa: E402
    RANK_ORDER,
    Edition,
    Entry,
    EntryAuthor,
    EntryPrize,
    PrizeRow,
)
from lienhiep.core.text import fold  # noqa: E402
from lienhiep.orgs import services as org_services  # noqa: E402
from lienhiep.orgs.models import OrgKind  # noqa: E402

D = dt.date
BATCH = 2000
NAME = "Hội thi Sáng tạo Kỹ thuật toàn quốc"
SUBJECTS = [
    "máy gieo hạt",
    "lò sấy nông sản",
    "thiết bị lọc nước",
    "phần mềm quản lý",
    "quy trình ủ phân",
    "bộ điều khiển",
]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Võ", "Đặng", "Bùi", "Đỗ"]
GIVEN = ["Văn An", "Thị Bình", "Văn Cường", "Thị Dung", "Minh Đức", "Thu Hà", "Gia Huy", "Ngọc Lan", "Quốc Bảo"]


def build(entries: int, prizes: int) -> None:
    rng = random.Random(16)  # noqa: S311 - benchmark data
    admin = User.objects.create_superuser(username="bench", email="bench@example.org", password="x")  # noqa: S106
    national = org_services.org_create(
        actor=admin, kind=OrgKind.NATIONAL, name="Liên hiệp các Hội Khoa học và Kỹ thuật Việt Nam",
        founded_on=D(1983, 3, 26), parent=None,
    )  # fmt: skip
    provinces = [
        org_services.org_create(
            actor=admin,
            kind=OrgKind.PROVINCIAL,
            name=f"Liên hiệp hội tỉnh số {n:02d}",
            founded_on=D(1995, 1, 1),
            parent=national,
        )  # fmt: skip
        for n in range(1, 64)
    ]
    contest = services.contest_create(actor=admin, org=national, type="stkt", level="national", name=NAME)
    edition = services.edition_create(
        actor=admin, contest=contest, year_start=2025, year_end=2026, rules_number="120/QĐ-LHHVN",
        rules_date=D(2025, 3, 1), opens_on=D(2025, 4, 1), closes_on=D(2026, 3, 31),
        rules_text="Giải pháp kỹ thuật mới, đã áp dụng trong sản xuất và đời sống.", applied_place="Việt Nam",
    )  # fmt: skip
    fields = []
    for n in range(10):
        field = services.field_add(actor=admin, edition=edition, name=f"Lĩnh vực {n + 1}: {SUBJECTS[n % 6]}")
        for c in range(3):
            services.category_add(actor=admin, field=field, name=f"Bảng {'ABC'[c]}")
        for rank, count in (("nhat", 2), ("nhi", 5), ("ba", 10), ("khuyen_khich", 43)):
            services.prize_row_add(actor=admin, edition=edition, field=field, rank=rank, count=count, amount=5_000_000)
        fields.append(field)
    services.edition_move(actor=admin, edition=edition, to="open", on=D(2025, 4, 1))
    categories = {f.pk: list(f.categories.all()) for f in fields}
    rows = []
    for n in range(1, entries + 1):
        field = fields[n % len(fields)]
        unit = provinces[n % len(provinces)]
        title = f"{SUBJECTS[n % len(SUBJECTS)].capitalize()} cải tiến số {n}"
        rows.append(
            Entry(
                edition=edition,
                field=field,
                category=categories[field.pk][n % 3],
                number=n,
                title=title,
                title_folded=fold(title),
                sending_unit=unit,
                origin_unit=unit,
                author_unit=f"Công ty số {n % 700}",
                application_site="Việt Nam",
                applied_on=D(2024, 1, 1),
                from_paper=True,
                submitted_on=D(2026, 3, 1),
                status="not_prized",
                status_since=D(2026, 6, 1),
            )  # fmt: skip
        )
    Entry.objects.bulk_create(rows, batch_size=BATCH)
    made = list(Entry.objects.filter(edition=edition).order_by("number").values_list("pk", "field_id"))
    authors = [
        EntryAuthor(
            entry_id=pk,
            order=o,
            full_name=f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}",
            consent_publish=o == 1,
            birth_date=D(1960 + n % 40, 1 + n % 12, 1 + n % 28),
        )  # fmt: skip
        for n, (pk, _field) in enumerate(made)
        for o in (1, 2)
    ]
    EntryAuthor.objects.bulk_create(authors, batch_size=BATCH)
    table = {(r.field_id, r.rank): r for r in PrizeRow.objects.filter(edition=edition)}
    winners = rng.sample(made, prizes)
    ranks = sorted(RANK_ORDER, key=RANK_ORDER.__getitem__)[1:5]
    awarded = [
        EntryPrize(
            entry_id=pk,
            prize_row=table[(field_id, ranks[min(i // 60, 3)])],
            rank=ranks[min(i // 60, 3)],
            status="approved",
            approved_on=D(2026, 9, 1),
            position=i + 1,
        )  # fmt: skip
        for i, (pk, field_id) in enumerate(winners)
    ]
    EntryPrize.objects.bulk_create(awarded, batch_size=BATCH)
    Entry.objects.filter(pk__in=[pk for pk, _f in winners]).update(status="prized")
    for to in ("screening", "judging", "approved"):
        services.edition_move(actor=admin, edition=edition, to=to, on=D(2026, 9, 1))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def measure(runs: int) -> None:
    tree.client_environment()
    edition = Edition.objects.get(contest__name=NAME)
    client = Client()
    items = list(range(runs))
    tags: dict[str, str] = {}

    def get(url: str, *, cached: bool = False) -> int:
        headers = {"HTTP_IF_NONE_MATCH": tags[url]} if cached else {}
        response = client.get(url, **headers)
        assert response.status_code == (304 if cached else 200), (url, response.status_code)
        tags[url] = response["ETag"]
        return len(response.content)

    rules, results = f"/contests/public/{edition.pk}/", f"/contests/public/{edition.pk}/results/"
    timed("public page of the edition (rules, 10 fields, 40 prize rows)", items, lambda _i: get(rules))
    timed(
        "public results page, rendered (the first visit after a change: cache cleared)",
        items[: max(10, runs // 3)],
        lambda _i: get(results),
        before=lambda _i: cache.clear(),
    )
    timed("public results page (every prize, consenting authors named)", items, lambda _i: get(results))
    timed("public results page, unchanged (304)", items, lambda _i: get(results, cached=True))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--prizes", type=int, default=600)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--keep", action="store_true", help="measure again the database the last run built")
    args = parser.parse_args()
    if not args.keep:
        # The figures a change to the tree forgets are warmed by a background task: not here (seconds a unit).
        from django.tasks import task_backends

        task_backends._settings = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
        task_backends.__dict__.pop("settings", None)
        if hasattr(task_backends._connections, "default"):
            delattr(task_backends._connections, "default")
        tree.fresh_database()
        build(args.entries, args.prizes)
    counts = (Entry.objects.count(), EntryAuthor.objects.count(), EntryPrize.objects.count())
    print(f"  {counts[0]:,} entries, {counts[1]:,} authors, {counts[2]:,} prizes", file=sys.stderr, flush=True)
    measure(args.runs)
    print(f"\n{connection.vendor}: {counts[0]:,} entries, {counts[1]:,} authors, {counts[2]:,} prizes\n")
    tree.print_table(
        ("what", "runs", "p50 ms", "p95 ms", "bytes"), RESULTS, "| {0} | {1} | {2:,.0f} | {3:,.0f} | {4} |"
    )


if __name__ == "__main__":
    main()
