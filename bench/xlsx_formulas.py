"""Memory and time of reading a member workbook whose cells hold formulas, some saved with their value and some
without (docs/decisions/0003): core's reader (calamine for the values, one streamed pass over the sheet's XML for
formulas without a value) against openpyxl, which needs the workbook read twice (`data_only=True` for the saved
values, `False` for the formulas) to tell the two apart.

.venv/bin/python bench/xlsx_formulas.py --rows 300
.venv/bin/python bench/xlsx_formulas.py --rows 20000

Each reader runs in a process of its own; its peak resident memory while reading (Linux's VmHWM, reset before) is
reported above the process's memory before it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import re
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def workbook(rows: int) -> bytes:
    """15 columns as a union keeps them; column P a formula per row (a link to the member's page, or a SUM), every
    other row saved with its value as Excel does, the others without (as a script writes them)."""
    from openpyxl import Workbook

    rng = random.Random(1)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Hội viên")
    sheet.append(["DANH SÁCH HỘI VIÊN"])
    sheet.append([])
    sheet.append(["Họ và tên", "Giới tính", "Ngày sinh", "Số CCCD", "Số điện thoại", "Email", "Địa chỉ", "Trình độ",
                  "Học hàm", "Lĩnh vực", "Nơi công tác", "Chức vụ", "Hội", "Ngày vào hội", "Số thẻ hội viên",
                  "Trang"])  # fmt: skip
    for i in range(rows):
        born = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(12_000))
        sheet.append([
            f"Nguyễn Văn Hùng {i}", "Nam", born, f"0{i:011d}", f"09{rng.randrange(10**8):08d}", "a@b.vn",
            "12 Trần Phú", "ĐH", "", "Y tế", "Bệnh viện", "Bác sĩ", "Hội Y học", dt.date(2010, 1, 1), f"NH-{i:07d}",
            f'=HYPERLINK("https://hoi.vn/{i}","{i}")' if i % 3 else f"=SUM(N{i + 4}:N{i + 4})",
        ])  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename.startswith("xl/worksheets/sheet"):
                text = data.decode()
                # Every other formula saved with a value, as Excel saves it.
                text = re.sub(r'(<c r="P(\d*[02468])"[^>]*>)(<f>[^<]*</f>)<v\s*/?>(</v>)?', r"\1\3<v>1</v>", text)
                data = text.encode()
            target.writestr(entry, data)
    return out.getvalue()


def _memory_mb(field: str) -> float:
    """VmRSS (now) or VmHWM (the peak since `_reset_peak`) of this process, in MB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _reset_peak() -> None:
    Path("/proc/self/clear_refs").write_text("5")  # Linux: VmHWM starts again from VmRSS


def run(reader: str, path: str) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from openpyxl import load_workbook

    from lienhiep.core.spreadsheets import Uncomputed, read_table
    from lienhiep.members.importing import COLUMNS

    data = Path(path).read_bytes()
    _reset_peak()
    before = _memory_mb("VmRSS")
    began = time.perf_counter()
    if reader == "core":
        table = read_table("hv.xlsx", data, columns=COLUMNS)
        rows = len(table.rows)
        uncomputed = sum(isinstance(cell, Uncomputed) for row in table.rows for cell in row)
    else:
        values = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
        formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False).active
        rows = uncomputed = 0
        for saved, written in zip(
            values.iter_rows(values_only=True), formulas.iter_rows(values_only=True), strict=True
        ):
            rows += 1
            uncomputed += sum(
                value is None and isinstance(formula, str) and formula.startswith("=")
                for value, formula in zip(saved, written, strict=True)
            )
    elapsed = time.perf_counter() - began
    peak = _memory_mb("VmHWM") - before
    print(f"{reader:8} rows={rows:>6} uncomputed={uncomputed:>6} {elapsed:6.2f} s  +{peak:6.1f} MB peak")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--reader", choices=["core", "openpyxl"])
    parser.add_argument("--file")
    args = parser.parse_args()
    if args.reader:
        run(args.reader, args.file)
        return
    path = Path(f"/tmp/xlsx-formulas-{args.rows}.xlsx")  # noqa: S108 - a scratch file of the benchmark
    path.write_bytes(workbook(args.rows))
    print(f"{args.rows} rows, {path.stat().st_size / 1024:.0f} KB")
    for reader in ("core", "openpyxl"):
        subprocess.run([sys.executable, __file__, "--reader", reader, "--file", str(path)], check=True)  # noqa: S603


if __name__ == "__main__":
    main()
