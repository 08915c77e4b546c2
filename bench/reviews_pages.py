"""Benchmark a dossier's draft page with 2,000 comments (issue 15: p95 ≤ 150 ms), amid many dossiers and comments
nationally (the issue's scale: 100,000 dossiers and 1,000,000 comments).

    .venv/bin/python bench/reviews_pages.py                 # SQLite at /tmp/lienhiep-bench-reviews-pages.sqlite3
    DATABASE_URL=postgres://…/lh_reviews_bench .venv/bin/python bench/reviews_pages.py \
        --dossiers 100000 --comments 1000000
    … --runs 30 --keep   # --keep: measure again the database the last run built

The hot dossier (a Hà Tĩnh union's) has a 484-part resolution (`reviews.samples.legal_draft`, 6 chapters × 10
articles) and 2,000 comments by ten experts: a third on the first ten parts (the articles everyone reads), the
rest spread, with 400 answers; 300 of them taken into 100 items, 100 dropped. The other dossiers are spread over
63 provinces; one in ten has a 20-part draft, and the remaining comments are spread over those drafts. Rows are
bulk-inserted (the services' own rows, without their event rows: no read here uses them). Pages are fetched through
Django's test client as the officer (logged in past the second factor) and as an expert (a grant on the dossier).
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
os.environ.setdefault("BENCH_SQLITE", "/tmp/lienhiep-bench-reviews-pages.sqlite3")  # noqa: S108
sys.path.insert(0, str(BENCH))

import tree  # noqa: E402, I001  (sets up Django: config.settings_test, SQLite or DATABASE_URL)
from tree import RESULTS, timed  # noqa: E402

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from lienhiep.accounts.models import User  # noqa: E402
from lienhiep.accounts.services import user_create  # noqa: E402
from lienhiep.accounts.testing import login  # noqa: E402
from lienhiep.orgs import grants  # noqa: E402
from lienhiep.orgs import services as org_services  # noqa: E402
from lienhiep.orgs.models import OrgKind, RoleKind  # noqa: E402
from lienhiep.reviews import samples, splitting  # noqa: E402
from lienhiep.reviews.models import Dossier, Draft, DraftComment, DraftPart, OpinionItem  # noqa: E402

D = dt.date
BATCH = 5000
HOT = "Dự thảo Nghị quyết chính sách khoa học và công nghệ (2.000 góp ý)"
TEXT = (
    "Đề nghị cơ quan soạn thảo làm rõ đối tượng áp dụng, bổ sung quy định chuyển tiếp và bảo đảm thống nhất với "
    "Luật Khoa học, Công nghệ và Đổi mới sáng tạo năm 2025."
)


def _draft(dossier_id: int) -> Draft:
    """A draft already split (its parts are written by the caller; no file is read here)."""
    return Draft(
        dossier_id=dossier_id, version=1, file_name="du-thao.docx", stored_file="reviews/none.docx",
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document", status="done",
    )  # fmt: skip


def _parts(draft: Draft, parts: list[splitting.Part]) -> list[DraftPart]:
    return [
        DraftPart(
            draft=draft,
            order=i,
            depth=p.depth,
            kind=p.kind,
            number=p.number,
            heading=p.heading,
            text=p.text,
            cite=p.cite,
        )
        for i, p in enumerate(parts, start=1)
    ]


def build(dossiers: int, comments: int) -> None:
    rng = random.Random(15)  # noqa: S311 - a benchmark's fixed seed
    admin = user_create(username="admin", password=None, full_name="Quản trị", is_superuser=True)
    officer = user_create(username="officer", password=None, full_name="Cán bộ tỉnh")
    experts = [user_create(username=f"expert{i}", password=None, full_name=f"Chuyên gia số {i}") for i in range(10)]
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
        )
        for i in range(63)
    ]
    org_services.role_grant(
        actor=admin, user=officer, org=provinces[0], kind=RoleKind.OFFICER, valid_from=D(2020, 1, 1)
    )

    def dossier(org, title):  # type: ignore[no-untyped-def]
        received = D(2020 + rng.randrange(6), 1 + rng.randrange(12), 1)
        return Dossier(
            org=org, kind="critique", title=title, requester_type="peoples_committee",
            requester_name="Ủy ban nhân dân tỉnh", subject_type="draft_law", received_on=received,
            status_since=D(2026, 1, 1),
        )  # fmt: skip

    hot = dossier(provinces[0], HOT)
    hot.save()
    for expert in experts:
        grants.give(hot, expert, kind=grants.EXPERT, by=admin, org=provinces[0], starts=D(2026, 1, 1))
    hot_draft = _draft(hot.pk)
    hot_draft.save()
    DraftPart.objects.bulk_create(
        _parts(hot_draft, splitting.split_docx(samples.legal_draft(chapters=6, articles=10, clauses=5, points=3)))
    )
    hot_parts = list(DraftPart.objects.filter(draft=hot_draft).order_by("order"))
    rows = []
    for n in range(2000):
        part = hot_parts[rng.randrange(10)] if n % 3 == 0 else rng.choice(hot_parts)
        author = experts[n % 10]
        rows.append(
            DraftComment(
                draft=hot_draft, part=part, author=author, author_name=author.full_name, stance="amend", text=TEXT
            )
        )
    DraftComment.objects.bulk_create(rows, batch_size=BATCH)
    top = list(DraftComment.objects.filter(draft=hot_draft).order_by("id"))
    DraftComment.objects.bulk_create(
        [
            DraftComment(
                draft=hot_draft,
                part_id=c.part_id,
                reply_to=c,
                author=officer,
                author_name="Cán bộ tỉnh",
                text="Đã ghi nhận.",
            )
            for c in rng.sample(top, 400)
        ],
        batch_size=BATCH,
    )
    for i in range(100):
        taken = top[i * 3 : i * 3 + 3]
        item = OpinionItem.objects.create(dossier=hot, part_id=taken[0].part_id, part_cite="Điều", text=TEXT)
        DraftComment.objects.filter(pk__in=[c.pk for c in taken]).update(decision="taken", item=item)
    DraftComment.objects.filter(pk__in=[c.pk for c in top[300:400]]).update(decision="dropped")

    # The rest of the country.
    others = dossiers - 1
    for start in range(0, others, BATCH):
        Dossier.objects.bulk_create(
            [dossier(provinces[i % 63], f"Hồ sơ số {i}") for i in range(start, min(others, start + BATCH))]
        )
    drafted = list(Dossier.objects.exclude(pk=hot.pk).order_by("id").values_list("pk", flat=True)[::10])
    small = splitting.split_docx(samples.legal_draft(chapters=1, articles=4, clauses=2, points=1))[:20]
    for start in range(0, len(drafted), BATCH // 4):
        chunk = drafted[start : start + BATCH // 4]
        made = Draft.objects.bulk_create([_draft(pk) for pk in chunk])
        DraftPart.objects.bulk_create([part for draft in made for part in _parts(draft, small)], batch_size=BATCH)
    part_ids = list(DraftPart.objects.exclude(draft=hot_draft).values_list("pk", "draft_id"))
    left = comments - 2400
    for start in range(0, left, BATCH):
        batch = []
        for _n in range(start, min(left, start + BATCH)):
            part_id, draft_id = rng.choice(part_ids)
            batch.append(
                DraftComment(
                    draft_id=draft_id,
                    part_id=part_id,
                    author=experts[0],
                    author_name="Chuyên gia",
                    stance="note",
                    text=TEXT,
                )
            )
        DraftComment.objects.bulk_create(batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def measure(runs: int) -> None:
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host is allowed, as in the tests
    hot = Dossier.objects.get(title=HOT)
    draft = Draft.objects.get(dossier=hot)
    hottest = DraftPart.objects.get(draft=draft, order=1)
    officer, expert = User.objects.get(username="officer"), User.objects.get(username="expert3")
    clients = {}
    for who in (officer, expert):
        clients[who.username] = Client()
        login(clients[who.username], who)

    def get(who: str, url: str) -> int:
        response = clients[who].get(url)
        assert response.status_code == 200, (url, response.status_code)
        return len(response.content)

    items = list(range(runs))
    timed(
        "draft page, officer (first 40 parts, their first comments)",
        items,
        lambda _i: get("officer", f"/reviews/{hot.pk}/draft/"),
    )
    timed("draft page, expert", items, lambda _i: get("expert3", f"/reviews/{hot.pk}/draft/"))
    timed(
        "next page of parts (after 200)",
        items,
        lambda _i: get("officer", f"/reviews/drafts/{draft.pk}/parts/?after=200"),
    )
    timed(
        "a part's further comments (the most commented part)",
        items,
        lambda _i: get("officer", f"/reviews/drafts/{draft.pk}/comments/?part={hottest.pk}&after=0"),
    )
    timed(
        "the opinion page (1,600 comments to decide, 100 items)",
        items,
        lambda _i: get("officer", f"/reviews/{hot.pk}/opinion/"),
    )
    timed(
        "the opinion's Word file (100 items)",
        items[: max(5, runs // 3)],
        lambda _i: get("officer", f"/reviews/{hot.pk}/opinion.docx"),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dossiers", type=int, default=1000)
    parser.add_argument("--comments", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=30)
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
        build(args.dossiers, args.comments)
    counts = (Dossier.objects.count(), DraftComment.objects.count(), DraftPart.objects.count())
    print(f"  {counts[0]:,} dossiers, {counts[1]:,} comments, {counts[2]:,} parts", file=sys.stderr, flush=True)
    measure(args.runs)
    print(f"\n{connection.vendor}: {counts[0]:,} dossiers, {counts[1]:,} comments, {counts[2]:,} parts\n")
    print("| what | runs | p50 ms | p95 ms | bytes |")
    print("|---|---:|---:|---:|---:|")
    for label, runs, p50, p95, size in RESULTS:
        print(f"| {label} | {runs} | {p50:,.0f} | {p95:,.0f} | {size} |")


if __name__ == "__main__":
    main()
