"""Time the initiatives import at its limit (5,000 rows): reading and checking every row, then writing them.

The import runs inside the request, with no progress bar; this shows it is short enough to.
Uses a throwaway SQLite database with the demo data (the importer is the demo's Hà Tĩnh officer).

.venv/bin/python bench/initiatives_import.py [--rows N]
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

import django  # noqa: E402

django.setup()

import openpyxl  # noqa: E402
from django.core.management import call_command  # noqa: E402

from lienhiep.accounts.models import User  # noqa: E402
from lienhiep.activities import importing, services  # noqa: E402
from lienhiep.orgs import permissions as org_permissions  # noqa: E402
from lienhiep.orgs.permissions import Access  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, default=importing.MAX_ROWS)
    rows = parser.parse_args().rows
    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=io.StringIO())
    user = User.objects.get(username="hatinh.canbo")
    orgs = org_permissions.orgs_at_least(user, Access.EDIT, active=True)
    names = [org.name for org in orgs.filter(kind="association")[:10]]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([column.header for column in importing.COLUMNS])
    for i in range(rows):
        sheet.append([f"Sáng kiến thử {i}", "Lê Văn A", names[i % len(names)], "", "Cơ sở", 2020 + i % 4, "Có",
                      "Áp dụng tại đơn vị"])  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    start = time.perf_counter()
    result = importing.check(file_name="sang-kien.xlsx", data=out.getvalue(), orgs=orgs)
    checked = time.perf_counter()
    services.initiatives_bulk_create(actor=user, rows=result.initiatives)
    written = time.perf_counter()
    print(f"{len(result.initiatives):,} rows ({len(result.errors)} errors): read and checked in "
          f"{checked - start:.2f} s, written in {written - checked:.2f} s")  # fmt: skip


if __name__ == "__main__":
    main()
