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

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection  # noqa: E402

from lienhiep.accounts.services import user_create  # noqa: E402
from lienhiep.orgs import services as org_services  # noqa: E402
from lienhiep.orgs.models import OrgKind, RoleKind  # noqa: E402
from lienhiep.reviews import samples, splitting, stamping  # noqa: E402
from lienhiep.reviews.drafts import services  # noqa: E402
from lienhiep.reviews.models import Dossier, Draft  # noqa: E402

D = dt.date


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

    tree.timed_cpu(
        "split the Word file alone (splitting.split_docx)",
        list(range(args.reps)),
        lambda _i: splitting.split_docx(docx),
    )

    def upload(_i: int) -> Draft:
        return services.draft_upload(actor=officer, dossier=dossier, upload=SimpleUploadedFile("du-thao.docx", docx))

    uploaded: list[Draft] = []
    tree.timed_cpu(
        "upload: checked and stored (draft_upload)",
        list(range(args.reps)),
        lambda i: uploaded.append(upload(i)) or 0,
        warm=False,
    )
    queue = list(uploaded)
    tree.timed_cpu(
        "the background task: read, split, parts written (draft_split)",
        list(range(args.reps)),
        lambda _i: services.draft_split(draft_id=queue.pop(0).pk).parts.count(),
        warm=False,
    )
    assert all(d.status == "done" for d in Draft.objects.filter(dossier=dossier))
    tree.timed_cpu(
        "stamp the Word file (every header and footer)",
        list(range(args.reps)),
        lambda _i: len(stamping.stamp(docx, LINE)),
    )
    pdf = whole or render_pdf(samples.legal_draft(chapters=2, articles=10), timeout=600)
    count = pdf_pages(pdf)
    tree.timed_cpu(
        f"stamp the PDF ({count} pages, an overlay on each)",
        list(range(args.reps)),
        lambda _i: len(stamping.stamp(pdf, LINE)),
    )

    print(f"\n{connection.vendor}, {len(parts):,} parts, {words:,} words, {pages or '?'} pages\n")
    tree.print_table((*tree.CPU_COLUMNS, "size"), tree.CPU_RESULTS, tree.CPU_ROW)


if __name__ == "__main__":
    main()
