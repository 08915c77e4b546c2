"""Tables written out: exports (CSV streamed; XLSX in write-only mode straight to a file, which core.exports does in
the background; memory flat at a million rows), an import's template with its guide, and the file of rows in error.

Text that a spreadsheet would run as a formula (= + - @, tab, carriage return first) is neutralised with a
leading apostrophe in exports, and kept as plain text in the errors file; dates stay dates (dd/mm/yyyy).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from lienhiep.core.spreadsheets.cells import header_key
from lienhiep.core.spreadsheets.reading import MAX_ROWS, Column, RowError, Table

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "dd/mm/yyyy"
CSV_FLUSH_ROWS = 500
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- Exports --------------------------------------------------------------------------------------


def neutralise(value: object) -> object:
    """Text a spreadsheet would read as a formula gets a leading apostrophe; dates and numbers are kept."""
    return _neutralised(value) if isinstance(value, str) else value


def _neutralised(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _csv_cell(value: object) -> object:
    value = neutralise(value)
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return value


def stream_csv(rows: Iterable[list[object]]) -> Iterator[bytes]:
    """UTF-8 with a BOM (Excel then reads Vietnamese right), dates as dd/mm/yyyy, a few hundred rows per piece."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield b"\xef\xbb\xbf"
    for count, row in enumerate(rows, start=1):
        writer.writerow([_csv_cell(value) for value in row])
        if count % CSV_FLUSH_ROWS == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode()


NUMBER = "#,##0"  # a count or an amount: Excel shows 1.700 under Vietnamese settings, 1,700 under English ones
DECIMAL = "#,##0.0"  # a share: 12,5


@dataclass(frozen=True)
class ExportSheet:
    """One more sheet of a workbook (a statistics page writes one per table): its title, rows (header first),
    columns' widths and number formats by column."""

    title: str
    rows: Iterable[Sequence[object]]
    widths: Sequence[int]
    formats: Sequence[str | None] = ()


def write_xlsx(
    rows: Iterable[Sequence[object]],
    path: Path,
    *,
    title: str,
    widths: Sequence[int],
    heading: Sequence[str] = (),
    formats: Sequence[str | None] = (),
    sheets: Sequence[ExportSheet] = (),
) -> None:
    """A write-only workbook (strings inline, rows straight to disk) of one sheet named `title`, `widths` the
    columns' widths, then the further `sheets`, each under the same heading. `heading`: lines above the table
    (what it is, the unit, the date, the filters), the first one large; then a blank row and the table, its first
    row (the header) bold and frozen; dates as DD/MM/YYYY; numbers in the column's format of `formats` (NUMBER,
    DECIMAL). Every text cell, the heading's too, is neutralised: nothing we write runs as a formula."""
    workbook = Workbook(write_only=True)
    for sheet in (ExportSheet(title, rows, widths, formats), *sheets):
        _write_sheet(workbook, sheet, heading)
    workbook.save(path)


def sheet_title(title: str) -> str:
    """A sheet's name as Excel takes it: at most 31 characters, cut between words, none of []:*?/\\."""
    name = " ".join("".join(" " if char in "[]:*?/\\" else char for char in title).split())
    if len(name) > 31:
        name = name[:32].rsplit(" ", 1)[0] if " " in name[:32] else name[:31]
    return name.rstrip(" ,;-–") or "Sheet"


def _write_sheet(workbook: Workbook, spec: ExportSheet, heading: Sequence[str]) -> None:
    sheet: Any = workbook.create_sheet(sheet_title(spec.title))
    for index, width in enumerate(spec.widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = f"A{len(heading) + 2}" if heading else "A2"
    bold = Font(bold=True)
    for number, line in enumerate(heading):
        text = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", _neutralised(line)) or None)
        text.font = Font(bold=True, size=13) if number == 0 else Font(italic=True)
        sheet.append([text])
    if heading:
        sheet.append([])
    formats = list(spec.formats)

    def cell(value: object, column: int) -> object:
        if isinstance(value, str):
            # Control characters make the file unreadable to Excel; empty text is left out.
            return ILLEGAL_CHARACTERS_RE.sub("", _neutralised(value)) or None
        if isinstance(value, dt.date):
            dated = WriteOnlyCell(sheet, value=value)
            dated.number_format = "DD/MM/YYYY"
            return dated
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool) and column < len(formats):
            if formats[column]:
                number = WriteOnlyCell(sheet, value=value)
                # A share among counts (12,5 %) keeps its decimal.
                fraction = formats[column] == NUMBER and not isinstance(value, int) and value != int(value)
                number.number_format = DECIMAL if fraction else formats[column]
                return number
        return value

    rows = iter(spec.rows)
    try:
        header = next(rows, None)
        if header is not None:
            cells = [WriteOnlyCell(sheet, value=neutralise(value)) for value in header]
            for header_cell in cells:
                header_cell.font = bold
            sheet.append(cells)
        for row in rows:
            sheet.append([cell(value, column) for column, value in enumerate(row)])
    except BaseException:
        # The rows failed (the database went away): end the sheet's half-written stream now, instead of letting
        # it fail when collected.
        with contextlib.suppress(Exception):
            sheet.close()
        raise


def xlsx_bytes(
    rows: Iterable[Sequence[object]],
    *,
    title: str,
    widths: Sequence[int],
    heading: Sequence[str] = (),
    formats: Sequence[str | None] = (),
    sheets: Sequence[ExportSheet] = (),
) -> bytes:
    """The workbook of `write_xlsx`, whole in memory: for the small tables made on a page (a committee's roster,
    a statistics page)."""
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as temporary:
        write_xlsx(
            rows, Path(temporary.name), title=title, widths=widths, heading=heading, formats=formats, sheets=sheets
        )
        return Path(temporary.name).read_bytes()


def download(data: bytes, file_name: str, *, content_type: str = XLSX_TYPE) -> HttpResponse:
    """A file made whole in memory (a template, a committee's roster) as a download named `file_name`."""
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=file_name)
    return response


def csv_response(rows: Iterable[list[object]], file_name: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(stream_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=file_name)
    return response


# --- Imports: the template and the rows in error --------------------------------------------------


def template_xlsx(
    columns: Sequence[Column],
    *,
    title: str,
    examples: Sequence[Mapping[str, object]],
    notes: Sequence[str],
    widths: Mapping[str, int] | None = None,
    formats: Mapping[str, str] | None = None,
    choices: Mapping[str, str] | None = None,
    max_rows: int = MAX_ROWS,
) -> bytes:
    """An import's template: a sheet `title` with the headers and `examples` (values by column key), and a
    guide sheet ("Hướng dẫn") saying of each column whether it is required and how to fill it in, then `notes`.
    `widths` and `formats` (DATE_FORMAT, or "@" for text such as ID numbers that must keep its leading zeros)
    by column key; `choices` (comma-separated) become a drop-down of the column."""
    widths, formats, choices = widths or {}, formats or {}, choices or {}
    workbook = Workbook()
    sheet: Any = workbook.active
    sheet.title = title
    sheet.append([column.header for column in columns])
    for example in examples:
        sheet.append([example.get(column.key) for column in columns])
    sheet.freeze_panes = "A2"
    for number, column in enumerate(columns, start=1):
        letter = get_column_letter(number)
        sheet.cell(1, number).font = Font(bold=True)
        dimension = sheet.column_dimensions[letter]
        dimension.width = widths.get(column.key, max(14, len(column.header) + 4))
        if column.key in formats:
            dimension.number_format = formats[column.key]
            for row in range(2, len(examples) + 2):
                sheet.cell(row, number).number_format = formats[column.key]
        if column.key in choices:
            # A drop-down as a hint only: other spellings are accepted too, so Excel must not refuse them.
            validation = DataValidation(type="list", formula1=f'"{choices[column.key]}"', allow_blank=True)
            validation.add(f"{letter}2:{letter}{max_rows + 1}")
            sheet.add_data_validation(validation)

    guide: Any = workbook.create_sheet("Hướng dẫn")
    guide.append(["Cột", "Bắt buộc", "Cách ghi"])
    for column in columns:
        guide.append([column.header, "Có" if column.required else "", column.help])
    guide.append([])
    for note in notes:
        guide.append([note])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for letter, width in (("A", 24), ("B", 10), ("C", 90)):
        guide.column_dimensions[letter].width = width
    for cells in guide.iter_rows(min_row=2, max_row=len(columns) + 1, min_col=3, max_col=3):
        cells[0].alignment = Alignment(wrap_text=True, vertical="top")
    return workbook_bytes(workbook)


def errors_xlsx(table: Table, errors: list[RowError]) -> bytes:
    """The rows in error with their original cells, then `Dòng` (row number) and `Lỗi` (every reason): the
    office fixes these rows and imports the file again."""
    reasons: dict[int, list[str]] = {}
    for error in errors:
        reasons.setdefault(error.row, []).append(error.reason)
    numbers = sorted(n for n in reasons if table.row(n) is not None)
    width = max([len(table.headers), *(len(table.row(n) or ()) for n in numbers)])
    headers = table.headers + [""] * (width - len(table.headers))
    # An errors file imported again and still wrong: replace its old Dòng/Lỗi columns, do not add more.
    keep = [i for i, header in enumerate(headers) if header_key(header) not in ("dong", "loi")]

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Lỗi")
    sheet.freeze_panes = "A2"
    sheet.column_dimensions[get_column_letter(len(keep) + 2)].width = 60
    bold = Font(bold=True)
    sheet.append(
        [_typed(sheet, headers[i] or None, font=bold) for i in keep]
        + [_typed(sheet, h, font=bold) for h in ("Dòng", "Lỗi")]
    )
    for number in numbers:
        raw = table.row(number) or []
        cells = [_typed(sheet, raw[i] if i < len(raw) else None) for i in keep]
        sheet.append([*cells, number, "; ".join(dict.fromkeys(reasons[number]))])
    return workbook_bytes(workbook)


def _typed(sheet: object, value: object, *, font: Font | None = None) -> WriteOnlyCell:
    """A cell that keeps what the user typed: dates as dates, text as text (never a formula)."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    if isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    if font is not None:
        cell.font = font
    return cell
