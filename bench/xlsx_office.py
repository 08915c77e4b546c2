"""Time of reading a member workbook laid out as an office lays it out (docs/decisions/0003): a title, the
header on row 3, the association's name merged down its members' rows (groups of 20), a totals row and a
signature block. Run from the checkout whose reader is measured, so two checkouts compare on one file:

.venv/bin/python bench/xlsx_office.py --rows 20000 --write /tmp/office-20000.xlsx
.venv/bin/python bench/xlsx_office.py --file /tmp/office-20000.xlsx --runs 3

Each run reads in a process of its own and prints its time; the best of the runs is the figure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, os.getcwd())  # the checkout measured is the one the command runs in


def workbook(rows: int, group: int = 20) -> bytes:
    from openpyxl import Workbook

    rng = random.Random(1)
    book = Workbook()
    sheet = book.active
    sheet.title = "Hội viên"
    sheet.append(["DANH SÁCH HỘI VIÊN"])
    sheet.merge_cells("A1:P1")
    sheet.append([])
    sheet.append(["STT", "Họ và tên", "Giới tính", "Ngày sinh", "Số CCCD", "Số điện thoại", "Email", "Địa chỉ",
                  "Trình độ", "Học hàm", "Lĩnh vực", "Nơi công tác", "Chức vụ", "Hội", "Ngày vào hội",
                  "Số thẻ hội viên"])  # fmt: skip
    for i in range(rows):
        unit = f"Hội Y học {i // group}" if i % group == 0 else None  # merged down the group's rows below
        born = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(12_000))
        sheet.append([
            i + 1, f"Nguyễn Văn Hùng {i}", "Nam", born, f"0{i:011d}", f"09{rng.randrange(10**8):08d}", "a@b.vn",
            "12 Trần Phú", "ĐH", "", "Y tế", "Bệnh viện", "Bác sĩ", unit,
            dt.date(2010, 1, 1), f"NH-{i:07d}",
        ])  # fmt: skip
    for first in range(4, rows + 4, group):
        sheet.merge_cells(f"N{first}:N{min(first + group - 1, rows + 3)}")
    sheet.append([None, "Tổng cộng", f"{rows} hội viên"])
    sheet.append([])
    sheet.append([None, None, None, None, None, None, None, None, None, None, None, None, "Hà Tĩnh, ngày 15 tháng 3"])
    sheet.append([None, "Người lập biểu", None, None, None, None, None, None, None, None, None, None, "Thủ trưởng"])
    sheet.append([None, "Nguyễn Văn Lập", None, None, None, None, None, None, None, None, None, None, "Trần Văn B"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def run(path: str) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from lienhiep.core.spreadsheets import cell_text, read_table
    from lienhiep.members.importing import COLUMNS

    data = Path(path).read_bytes()
    began = time.perf_counter()
    table = read_table("hv.xlsx", data, columns=COLUMNS)
    elapsed = time.perf_counter() - began
    named = sum(1 for row in table.rows if len(row) > 13 and cell_text(row[13]))
    print(f"rows={len(table.rows):>6} with a unit={named:>6} totals={table.totals} {elapsed:6.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--write")
    parser.add_argument("--file")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--once", action="store_true")
    args = parser.parse_args()
    if args.write:
        Path(args.write).write_bytes(workbook(args.rows))
        return
    if args.once:
        run(args.file)
        return
    for _run in range(args.runs):
        subprocess.run([sys.executable, __file__, "--once", "--file", args.file], check=True)  # noqa: S603


if __name__ == "__main__":
    main()
