"""Benchmark a draft's splitting (issue 15: a 300-page Word draft split in ≤ 5 s in the background) and the stamping
of a confidential file's download.

    .venv/bin/python bench/reviews_split.py            # SQLite at /tmp/lienhiep-bench-reviews.sqlite3 (recreated)
    DATABASE_URL=postgres://…/lh_reviews_bench .venv/bin/python bench/reviews_split.py   # a database named *bench*
    … bench/reviews_split.py --reps 5 --pages   # --pages: count the draft's pages through LibreOffice (~1 min)

The draft is `reviews.samples.legal_draft` at 10 chapters × 30 articles × 5 clauses (4 points under clause 1):
~3,000 paragraphs, ~131,000 words; LibreOffice lays it out on the number of pages printed (--pages). Timed:
the split alone (`splitting.split_docx`), and the background task's whole work (`drafts.services.draft_split`:
the file read from storage, split, its ~3,000 parts written, the progress committed as it goes), each on a new
upload; then the stamps of a download: the Word file (a line in every header and footer) and the same draft as a
PDF (an overlay on every page). Prints a markdown table; writes nothing but the throwaway database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
os.environ.setdefault("BENCH_SQLITE", "/tmp/lienhiep-bench-reviews.sqlite3")  # noqa: S108
sys.path.insert(0, str(BENCH))

import tree  # noqa: E402, I001  (sets up Django: config.settings_test, SQLite or DATABASE_URL)
import statistics  # noqa: E402
import time as clock  # noqa: E402
from collections.abc import Callable  # noqa: E402
from typing import Any  # noqa: E402

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection  # noqa: E402

from lienhiep.accounts.services import user_create  # noqa: E402
from lienhiep.orgs import services as org_services  # noqa: E402
from lienhiep.orgs.models import OrgKind, RoleKind  # noqa: E402
from lienhiep.reviews import samples, splitting, stamping  # noqa: E402
from lienhiep.reviews.drafts import services  # noqa: E402
from lienhiep.reviews.models import Dossier, Draft  # noqa: E402

D = dt.date
RESULTS: list[tuple[str, int, float, float, float, str]] = []


def timed(label: str, items: list[int], fn: Callable[[int], Any], *, warm: bool = True) -> None:
    """Wall time (p50, p95) and the process's CPU time (p50) of `fn` on each item: on a shared machine the CPU
    time says what the work costs, the wall time what a user waited."""
    if warm:
        fn(items[0])
    walls, cpus, sizes = [], [], []
    for item in items:
        wall, cpu = clock.perf_counter(), clock.process_time()
        out = fn(item)
        walls.append((clock.perf_counter() - wall) * 1000)
        cpus.append((clock.process_time() - cpu) * 1000)
        sizes.append(out)
    p95 = statistics.quantiles(walls, n=20, method="inclusive")[18] if len(walls) > 1 else walls[0]
    size = f"{statistics.mean(sizes):,.0f}" if all(isinstance(x, int) for x in sizes) else "–"
    RESULTS.append((label, len(walls), statistics.median(walls), p95, statistics.median(cpus), size))
    print(
        f"  {label}: p50 {statistics.median(walls):.0f} ms, p95 {p95:.0f} ms, cpu {statistics.median(cpus):.0f} ms",
        file=sys.stderr,
        flush=True,
    )


LINE = "Bản của Nguyễn Thị Hằng, mở lúc 08:15 27/11/2026; tài liệu mật"


def pdf_pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--pages", action="store_true", help="count the pages through LibreOffice")
    args = parser.parse_args()
    # The task is run here, timed, not by a worker.
    from django.tasks import task_backends

    task_backends._settings = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    task_backends.__dict__.pop("settings", None)
    if hasattr(task_backends._connections, "default"):
        delattr(task_backends._connections, "default")
    tree.fresh_database()
    admin = user_create(username="admin", password=None, full_name="Quản trị", is_superuser=True)
    officer = user_create(username="officer", password=None, full_name="Cán bộ tỉnh")
    national = org_services.org_create(
        actor=admin, kind=OrgKind.NATIONAL, name="Liên hiệp các Hội KH&KT Việt Nam", founded_on=D(2000, 1, 1)
    )
    province = org_services.org_create(
        actor=admin,
        kind=OrgKind.PROVINCIAL,
        name="Liên hiệp hội tỉnh Hà Tĩnh",
        founded_on=D(2000, 1, 1),
        parent=national,
    )
    org_services.role_grant(actor=admin, user=officer, org=province, kind=RoleKind.OFFICER, valid_from=D(2020, 1, 1))
    dossier = Dossier.objects.create(
        org=province, kind="critique", title="Dự thảo Nghị quyết (300 trang)", requester_type="peoples_committee",
        requester_name="Ủy ban nhân dân tỉnh", subject_type="draft_law", received_on=D(2026, 10, 1),
        status_since=D(2026, 10, 1),
    )  # fmt: skip

    started = time.perf_counter()
    docx = samples.legal_draft(chapters=10, articles=30, clauses=5, points=4)
    print(f"  draft built in {time.perf_counter() - started:.1f} s, {len(docx):,} bytes", file=sys.stderr)
    parts = splitting.split_docx(docx)
    words = sum(len(f"{p.heading} {p.text}".split()) for p in parts)
    from lienhiep.reporting.output.pdf import render_pdf

    whole = render_pdf(docx, timeout=600) if args.pages else None
    pages = pdf_pages(whole) if whole is not None else None
    print(f"  {len(parts):,} parts, {words:,} words, {pages or '?'} pages", file=sys.stderr)

    timed(
        "split the Word file alone (splitting.split_docx)",
        list(range(args.reps)),
        lambda _i: splitting.split_docx(docx),
    )

    def upload(_i: int) -> Draft:
        return services.draft_upload(actor=officer, dossier=dossier, upload=SimpleUploadedFile("du-thao.docx", docx))

    uploaded: list[Draft] = []
    timed(
        "upload: checked and stored (draft_upload)",
        list(range(args.reps)),
        lambda i: uploaded.append(upload(i)) or 0,
        warm=False,
    )
    queue = list(uploaded)
    timed(
        "the background task: read, split, parts written (draft_split)",
        list(range(args.reps)),
        lambda _i: services.draft_split(draft_id=queue.pop(0).pk).parts.count(),
        warm=False,
    )
    assert all(d.status == "done" for d in Draft.objects.filter(dossier=dossier))
    timed(
        "stamp the Word file (every header and footer)",
        list(range(args.reps)),
        lambda _i: len(stamping.stamp(docx, LINE)),
    )
    pdf = whole or render_pdf(samples.legal_draft(chapters=2, articles=10), timeout=600)
    count = pdf_pages(pdf)
    timed(
        f"stamp the PDF ({count} pages, an overlay on each)",
        list(range(args.reps)),
        lambda _i: len(stamping.stamp(pdf, LINE)),
    )

    print(f"\n{connection.vendor}, {len(parts):,} parts, {words:,} words, {pages or '?'} pages\n")
    print("| what | runs | p50 ms | p95 ms | CPU p50 ms | size |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, runs, p50, p95, cpu, size in RESULTS:
        print(f"| {label} | {runs} | {p50:,.0f} | {p95:,.0f} | {cpu:,.0f} | {size} |")


if __name__ == "__main__":
    main()
