"""Build issue 15's national scale of consultancy dossiers in a throwaway database: 100,000 dossiers and 1,000,000
comments on their drafts, over the tree of `bench/tree.py` (~20,000 nodes, twenty years of history, the 2025 reform).

    DATABASE_URL=postgres://postgres@127.0.0.1:5433/lh_bench15 .venv/bin/python bench/reviews_data.py
    … bench/reviews_data.py --dossiers 100000 --comments 1000000     # the defaults
    .venv/bin/python bench/reviews_data.py --dossiers 2000 --comments 20000   # SQLite, a quick look

`bench/reviews_pages.py` measures the pages on what this builds (and builds it first unless given --keep).

Dossiers are held by the nodes that lived when they came in (`activities.Lives`: a province union holds far more
than an association), received 2018-2026, at every step of the workflow (most closed; the open ones with a due
day, some past it); one in ten has a split draft of 20 parts. The hot dossier, a province union's (the first
province kept by the 2025 reform; its officer is `officer.<id>`), has a 484-part resolution
(`reviews.samples.legal_draft`, 6 chapters × 10 articles) and 2,000 comments by ten experts (`bench.expert<i>`,
each with the expert's grant on it): a third on the first ten parts (the articles everyone reads), the rest spread,
with 400 answers; 300 of them taken into 100 items of the opinion, 100 dropped. The other comments are spread over
the other drafts' parts. Rows are written by `tree.load` (COPY on PostgreSQL, secondary indexes dropped and rebuilt
around it; executemany on SQLite), then VACUUM ANALYZE (what autovacuum does after a load). Event rows are not
generated: no measured read uses them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
os.environ.setdefault("BENCH_SQLITE", "/tmp/lienhiep-bench-reviews-data.sqlite3")  # noqa: S108
sys.path.insert(0, str(BENCH))

import tree  # noqa: E402, I001  (sets up Django: config.settings_test, SQLite or DATABASE_URL)
from activities import Lives, folded  # noqa: E402
from tree import columns  # noqa: E402

from django.db import connection, models  # noqa: E402
from django.utils import timezone  # noqa: E402

from lienhiep.accounts.models import User  # noqa: E402
from lienhiep.accounts.services import user_create  # noqa: E402
from lienhiep.orgs import grants  # noqa: E402
from lienhiep.orgs.models import Org  # noqa: E402
from lienhiep.reviews import samples, splitting  # noqa: E402
from lienhiep.reviews.models import Dossier, DossierStatus, Draft, DraftComment, DraftPart, OpinionItem  # noqa: E402
from lienhiep.reviews.models.dossiers import DossierKind, RequesterType, SubjectType  # noqa: E402

D = dt.date
CHUNK = 20_000
HOT = "Dự thảo Nghị quyết chính sách khoa học và công nghệ (2.000 góp ý)"
HOT_COMMENTS, HOT_ANSWERS, HOT_TAKEN, HOT_DROPPED = 2000, 400, 300, 100
EXPERTS = 10
DRAFTED_EVERY = 10  # one dossier in ten has a draft
SMALL_PARTS = 20
FIRST = D(2018, 1, 1)
TEXT = (
    "Đề nghị cơ quan soạn thảo làm rõ đối tượng áp dụng, bổ sung quy định chuyển tiếp và bảo đảm thống nhất với "
    "Luật Khoa học, Công nghệ và Đổi mới sáng tạo năm 2025."
)
SUBJECTS = [
    "Đề án phát triển kinh tế - xã hội", "Quy hoạch tỉnh thời kỳ 2021-2030", "Dự thảo Luật Đất đai (sửa đổi)",
    "Chương trình chuyển đổi số", "Dự án khu công nghiệp", "Kế hoạch bảo vệ môi trường", "Dự thảo Nghị quyết",
    "Đề án phát triển nguồn nhân lực", "Dự án hồ chứa nước", "Văn kiện Đại hội Đảng bộ",
]  # fmt: skip
REQUESTERS = ["Ủy ban nhân dân tỉnh", "Sở Khoa học và Công nghệ", "Tỉnh ủy", "Sở Tài nguyên và Môi trường",
              "Công ty Cổ phần Đầu tư"]  # fmt: skip
# Most dossiers are closed; the open ones stand at every step.
STEPS = [DossierStatus.CLOSED] * 14 + [s for s in DossierStatus.values if s != DossierStatus.CLOSED]


def blank(model: type[models.Model]) -> dict[str, Any]:
    """A row of `model` with what Django would give each column left out (a default, "" or NULL), the timestamps
    now."""
    now = timezone.now()
    row = {f.column: f.get_default() for f in model._meta.concrete_fields}
    return row | {name: now for name in ("created_at", "updated_at") if name in row}


def as_tuples(model: type[models.Model], rows: Iterator[dict[str, Any]]) -> Iterator[list[tuple[Any, ...]]]:
    cols = columns(model)
    chunk: list[tuple[Any, ...]] = []
    for row in rows:
        chunk.append(tuple(row[c] for c in cols))
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class Plan:
    """Every id and key of the rows to write, decided up front so that each table's rows can be generated alone
    (tree.load reads one table's generator at a time)."""

    def __init__(self, shape: tree.Tree, dossiers: int, comments: int, today: dt.date) -> None:
        rng = random.Random(15)  # noqa: S311 - a benchmark's fixed seed
        self.today, self.dossiers, self.comments = today, dossiers, comments
        self.province = shape.kept[0]
        self.hot = 1
        lives = Lives(shape.sim, today)
        # Who holds each dossier: a node alive on the day it came in (from 2018).
        self.holder: list[int] = [self.province]
        self.received: list[dt.date] = [D(2026, 9, 14)]
        while len(self.holder) < dossiers:
            k = lives.pick(rng)
            lo, hi = max(lives.first[k], FIRST), lives.last[k]
            if lo > hi:
                continue
            self.holder.append(lives.ids[k])
            self.received.append(lo + dt.timedelta(days=rng.randint(0, (hi - lo).days)))
        self.status = [DossierStatus.EXPERTS] + [rng.choice(STEPS) for _ in range(dossiers - 1)]
        # Drafts: the hot dossier's (id 1, 484 parts) and every tenth dossier's (20 parts).
        self.hot_parts = splitting.split_docx(samples.legal_draft(chapters=6, articles=10, clauses=5, points=3))
        self.small_parts = splitting.split_docx(samples.legal_draft(chapters=1, articles=5, clauses=2, points=1))
        self.small_parts = self.small_parts[:SMALL_PARTS]
        self.drafted = [1, *range(DRAFTED_EVERY + 1, dossiers + 1, DRAFTED_EVERY)]  # dossier ids, draft id = index+1
        # Each draft's first part id: the hot draft's parts first.
        self.first_part = [1] + [1 + len(self.hot_parts) + i * SMALL_PARTS for i in range(len(self.drafted) - 1)]
        self.parts = len(self.hot_parts) + SMALL_PARTS * (len(self.drafted) - 1)
        self.seed = rng.randrange(1 << 30)
        # Read now: no query can run while tree.load's COPY streams a table.
        self.experts = list(User.objects.filter(username__startswith="bench.expert").order_by("username"))
        self.officer = User.objects.get(username=f"officer.{self.province}")

    def parts_of(self, draft: int) -> range:
        size = len(self.hot_parts) if draft == 1 else SMALL_PARTS
        return range(self.first_part[draft - 1], self.first_part[draft - 1] + size)


def dossier_rows(plan: Plan) -> Iterator[dict[str, Any]]:
    rng = random.Random(plan.seed)  # noqa: S311
    base = blank(Dossier)
    kinds, requesters, subjects = DossierKind.values, RequesterType.values, SubjectType.values
    for i in range(plan.dossiers):
        pk, received, status = i + 1, plan.received[i], plan.status[i]
        title = HOT if pk == plan.hot else f"{rng.choice(SUBJECTS)} (hồ sơ số {pk})"
        due = None
        if status != DossierStatus.CLOSED:
            # Open steps are due around today: some overdue, some due soon, most later.
            due = plan.today + dt.timedelta(days=rng.randint(-40, 60))
        yield base | {
            "id": pk, "org_id": plan.holder[i], "kind": rng.choice(kinds), "title": title,
            "title_folded": folded(title),
            "requester_type": rng.choice(requesters), "requester_name": (requester := rng.choice(REQUESTERS)),
            "requester_folded": folded(requester),
            "subject_type": rng.choice(subjects), "received_on": received, "status": status,
            "status_since": min(received + dt.timedelta(days=rng.randint(0, 30)), plan.today), "due_on": due,
            "confidential": rng.random() < 0.03,
            "closed_on": received + dt.timedelta(days=rng.randint(20, 90)) if status == DossierStatus.CLOSED else None,
        }  # fmt: skip


def draft_rows(plan: Plan) -> Iterator[dict[str, Any]]:
    base = blank(Draft)
    for i, dossier in enumerate(plan.drafted):
        yield base | {
            "id": i + 1, "dossier_id": dossier, "version": 1, "file_name": "du-thao.docx",
            "stored_file": "reviews/none.docx", "status": "done",
            "content_type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        }  # fmt: skip


def part_rows(plan: Plan) -> Iterator[dict[str, Any]]:
    base = blank(DraftPart)
    for i in range(len(plan.drafted)):
        parts = plan.hot_parts if i == 0 else plan.small_parts
        for n, (pk, p) in enumerate(zip(plan.parts_of(i + 1), parts, strict=True), start=1):
            yield base | {
                "id": pk, "draft_id": i + 1, "order": n, "depth": p.depth, "kind": p.kind, "number": p.number,
                "heading": p.heading, "text": p.text, "cite": p.cite,
            }  # fmt: skip


def item_rows(plan: Plan) -> Iterator[dict[str, Any]]:
    base = blank(OpinionItem)
    for i in range(HOT_TAKEN // 3):
        # Item i takes the hot draft's comments 3i+1 … 3i+3; its part is the first one's (see comment_rows).
        yield base | {"id": i + 1, "dossier_id": plan.hot, "part_id": hot_part(plan, 3 * i), "part_cite": "Điều",
                      "text": TEXT}  # fmt: skip


def hot_part(plan: Plan, n: int) -> int:
    """The part of the hot draft's n-th comment (from 0): a third on the first ten parts, the rest spread."""
    rng = random.Random(n)  # noqa: S311 - the same part whichever table asks
    return 1 + (rng.randrange(10) if n % 3 == 0 else rng.randrange(len(plan.hot_parts)))


def comment_rows(plan: Plan) -> Iterator[dict[str, Any]]:
    rng = random.Random(plan.seed + 1)  # noqa: S311
    base = blank(DraftComment) | {"stance": "amend", "text": TEXT}
    experts, officer = plan.experts, plan.officer
    for n in range(HOT_COMMENTS):
        author = experts[n % EXPERTS]
        decision, item = "open", None
        if n < HOT_TAKEN:
            decision, item = "taken", n // 3 + 1
        elif n < HOT_TAKEN + HOT_DROPPED:
            decision = "dropped"
        yield base | {
            "id": n + 1, "draft_id": 1, "part_id": hot_part(plan, n), "author_id": author.pk,
            "author_name": author.full_name, "decision": decision, "item_id": item,
        }  # fmt: skip
    for k, n in enumerate(sorted(rng.sample(range(HOT_COMMENTS), HOT_ANSWERS))):
        yield base | {
            "id": HOT_COMMENTS + k + 1, "draft_id": 1, "part_id": hot_part(plan, n), "reply_to_id": n + 1,
            "author_id": officer.pk, "author_name": "Cán bộ tỉnh", "stance": "", "text": "Đã ghi nhận.",
        }  # fmt: skip
    drafts = len(plan.drafted)
    for pk in range(HOT_COMMENTS + HOT_ANSWERS + 1, plan.comments + 1):
        draft = 2 + rng.randrange(drafts - 1)
        part = plan.first_part[draft - 1] + rng.randrange(SMALL_PARTS)
        author = experts[rng.randrange(EXPERTS)]
        yield base | {
            "id": pk, "draft_id": draft, "part_id": part, "author_id": author.pk, "author_name": author.full_name,
            "stance": "note",
        }  # fmt: skip


def build(dossiers: int, comments: int) -> dict[str, float]:
    shape, stages = tree.build_tree()
    began = time.perf_counter()
    for i in range(EXPERTS):
        user_create(username=f"bench.expert{i}", password=None, full_name=f"Chuyên gia số {i}")
    plan = Plan(shape, dossiers, comments, timezone.localdate())
    stages["plan"] = time.perf_counter() - began
    stages |= tree.load(
        {
            Dossier: lambda: as_tuples(Dossier, dossier_rows(plan)),
            Draft: lambda: as_tuples(Draft, draft_rows(plan)),
            DraftPart: lambda: as_tuples(DraftPart, part_rows(plan)),
            OpinionItem: lambda: as_tuples(OpinionItem, item_rows(plan)),
            DraftComment: lambda: as_tuples(DraftComment, comment_rows(plan)),
        }
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # what autovacuum does after a load: index-only scans need it
            for model in (Dossier, DraftPart, DraftComment):
                cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
    admin = User.objects.get(username="bench.admin")
    hot, province = Dossier.objects.get(pk=plan.hot), Org.objects.get(pk=plan.province)
    for expert in User.objects.filter(username__startswith="bench.expert"):
        grants.give(hot, expert, kind=grants.EXPERT, by=admin, org=province, starts=D(2026, 1, 1))
    return stages


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=100_000)
    parser.add_argument("--comments", type=int, default=1_000_000)
    args = parser.parse_args()
    began = time.perf_counter()
    stages = build(args.dossiers, args.comments)
    counts = (Dossier.objects.count(), DraftComment.objects.count(), DraftPart.objects.count(), Org.objects.count())
    print(f"{counts[0]:,} dossiers, {counts[1]:,} comments, {counts[2]:,} parts, {counts[3]:,} nodes")
    print(" · ".join(f"{k} {v:.0f} s" for k, v in stages.items()), f"· total {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
