"""Compare reading a 100,000-row member workbook with openpyxl (read-only) and calamine.

.venv/bin/python bench/xlsx_read.py [--rows N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import time

from openpyxl import Workbook, load_workbook
from python_calamine import CalamineWorkbook


def workbook(rows: int) -> bytes:
    rng = random.Random(1)
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append([f"h{i}" for i in range(15)])
    for i in range(rows):
        born = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(12_000))
        sheet.append([
            f"Nguyễn Văn Hùng {i}", "Nam", born, f"9{i:011d}", f"09{rng.randrange(10**8):08d}", "a@b.vn",
            "12 Trần Phú", "ĐH", "", "Y tế", "Bệnh viện", "Bác sĩ", "Hội Y học", dt.date(2010, 1, 1), f"NH-{i:07d}",
        ])  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    rows = parser.parse_args().rows
    data = workbook(rows)
    began = time.perf_counter()
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    count = sum(1 for _row in sheet.iter_rows())
    seconds = time.perf_counter() - began
    print(f"calamine  {count:>8,} rows {seconds:6.1f} s {count / seconds:>9,.0f} rows/s")
    began = time.perf_counter()
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    count = sum(1 for _row in book.worksheets[0].iter_rows(values_only=True))
    seconds = time.perf_counter() - began
    print(f"openpyxl  {count:>8,} rows {seconds:6.1f} s {count / seconds:>9,.0f} rows/s")


if __name__ == "__main__":
    main()
