"""An uploaded table, read into memory: XLSX/XLSM with calamine (≈ 12 × openpyxl's read-only mode,
docs/decisions/0003) or CSV in any encoding an office PC writes, recognised by content, not by name.

Offices send sheets as they keep them: a title merged across the top, a blank line, then the headers; several
sheets of which one is the list; a unit's name merged down the rows of its members; a totals row at the bottom,
then the signatures ("Người lập biểu", "Thủ trưởng đơn vị", the place and date, the names); hidden columns;
formulas. `read_table` finds the header row (the first of the top rows that names the import's columns) and the
sheet (the first with such a row) unless told which, gives a merged cell's value to every row of the merge,
skips the totals row, the signature and note lines under the table and blank rows, and keeps the spreadsheet's
own row numbers. A formula saved without its computed value (a file written by a script) is an `Uncomputed`
cell, not a blank one. `Column`, `guess_mapping` and `missing_required` match an import's columns to whatever
headers the file has, in any order, case and spelling.
"""

from __future__ import annotations

import codecs
import csv
import html
import io
import itertools
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import PurePath
from typing import Any
from xml.etree import ElementTree

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook, SheetVisibleEnum

from lienhiep.core import files
from lienhiep.core.spreadsheets.cells import Uncomputed, blank, cell_text, header_key
from lienhiep.core.text import fold, nfc

MAX_ROWS = 200_000
HEADER_SEARCH = 20  # the top rows searched for the header row, and offered to choose it from
PREVIEW_CELLS = 4  # cells of each top row shown to choose the header row by
# Under a totals row, the lines of a signature block: "Người lập biểu   Kế toán   Thủ trưởng đơn vị", the names.
SIGNATURE_CELLS = 3
# Under the data without a totals row, a note or a signature line: one or two cells of text, none in a required
# column.
NOTE_CELLS = 2
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# A totals row: "Tổng cộng", "Tổng số", "Tổng", "Cộng" (folded), then counts or sums.
_TOTALS = re.compile(r"(tong cong|tong so|tong|cong)\b")
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_COL = re.compile(rb"<(?:\w+:)?col\s([^>]*)>")
_ATTRIBUTE = re.compile(rb'(\w+)="([^"]*)"')
_REF = re.compile(r"([A-Z]{1,3})(\d+)")
_CELL = re.compile(rb"<(?:\w+:)?c\s([^>]*?)>(.*?)</(?:\w+:)?c>", re.DOTALL)
_VALUE = re.compile(rb"<(?:\w+:)?v(?:\s[^>]*)?(?:/>|>(.*?)</(?:\w+:)?v>)", re.DOTALL)
_FORMULA_TEXT = re.compile(rb"<(?:\w+:)?f(?:\s[^>]*)?(?:/>|>(.*?)</(?:\w+:)?f>)", re.DOTALL)
_RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


class ImportFileError(Exception):
    """The upload cannot be read as a table; the message is for the user."""


@dataclass(frozen=True)
class Sheet:
    """A sheet of the workbook, as the page lists them to choose from."""

    name: str
    rows: int  # the number of its last row that holds anything
    hidden: bool = False
    header_row: int | None = None  # the row that names the import's columns, if one does


@dataclass
class Table:
    """The cells of one sheet below its header row. `rows[i]` is spreadsheet row `first_row + i`; a blank row
    inside the data, and a totals row, are kept as [] so that the numbering holds.

    What was read besides, for the page (none of it takes part in comparing two tables): the sheet read and
    every sheet of the workbook, whether the header row was recognised, the top rows (`preview`, the first
    cells of each as text) to choose another, the hidden columns (by index), the totals rows passed over."""

    headers: list[str]
    rows: list[list[object]]
    first_row: int = 2
    sheet: str = field(default="", compare=False)
    sheets: list[Sheet] = field(default_factory=list, compare=False)
    header_found: bool = field(default=False, compare=False)
    preview: list[list[str]] = field(default_factory=list, compare=False)
    hidden: list[int] = field(default_factory=list, compare=False)
    totals: list[int] = field(default_factory=list, compare=False)
    notes: list[int] = field(default_factory=list, compare=False)  # signature and note lines under the table

    @property
    def header_row(self) -> int:
        return self.first_row - 1

    def number(self, index: int) -> int:
        """The spreadsheet row number of `rows[index]`, as the user sees it in Excel."""
        return self.first_row + index

    def row(self, number: int) -> list[object] | None:
        """The cells of spreadsheet row `number`, if it is a data row."""
        index = number - self.first_row
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def summary(self) -> dict[str, Any]:
        """What a page shows of the table, as plain JSON to store instead of reading the file again."""
        return {
            "sheet": self.sheet, "sheets": [asdict(sheet) for sheet in self.sheets], "header_row": self.header_row,
            "header_found": self.header_found, "headers": self.headers, "preview": self.preview,
            "hidden": self.hidden, "totals": self.totals, "notes": self.notes,
            "rows": sum(1 for row in self.rows if row),
        }  # fmt: skip


@dataclass(frozen=True)
class RowError:
    row: int  # the spreadsheet row number
    column: str  # the column's header, as the template writes it
    value: str
    reason: str


@dataclass(frozen=True)
class Column:
    """A column an import reads. The header is the template's (a file format: fixed Vietnamese, never
    translated); offices' own spellings of it are its aliases; `help` says in the template's guide how to
    fill it in."""

    key: str
    header: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    help: str = ""


# --- Reading ------------------------------------------------------------------------------------


def check_table_file(file_name: str, data: bytes) -> None:
    """What can be told of an upload without parsing it: not empty, an .xlsx/.xlsm workbook (a zip that is no
    decompression bomb) or a CSV file that is text. Raises `ImportFileError`."""
    suffix = PurePath(file_name).suffix.lower()
    if not data:
        raise ImportFileError(_("The file is empty."))
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(_("This is an old Excel file (.xls): open it in Excel and save it as .xlsx."))
    if suffix in (".xlsx", ".xlsm") and data.startswith(b"PK"):
        _check_archive(data)
        return
    if suffix == ".csv" and not data.startswith(b"PK"):
        _csv_text(data)
        return
    raise ImportFileError(_("Upload an Excel workbook (.xlsx) or a CSV file."))


def read_table(
    file_name: str,
    data: bytes,
    *,
    sheet: int | str | None = None,
    header_row: int | None = None,
    columns: Sequence[Column] = (),
    max_rows: int = MAX_ROWS,
) -> Table:
    """One sheet of an .xlsx/.xlsm workbook (`sheet`: its position from 0, or its name) or a CSV file (a
    single sheet, `sheet` is not asked), recognised by its content. `header_row` is the spreadsheet row that
    holds the column headers (1: the first); the rows above it are passed over, every row below is data,
    at most `max_rows` of them. Not given, the sheet is the first whose top rows name `columns` (else the
    first), and the header row the first that names them (else row 1)."""
    check_table_file(file_name, data)
    if data.startswith(b"PK"):
        return _read_workbook(data, sheet=sheet, header_row=header_row, columns=columns, max_rows=max_rows)
    rows = list(_csv_rows(data))
    found = find_header(rows, columns)
    sheets = [Sheet(name="", rows=len(rows), header_row=found)]
    return _collect(rows, header_row=header_row or found, max_rows=max_rows, sheets=sheets, columns=columns)


def find_header(rows: Sequence[Sequence[object]], columns: Sequence[Column]) -> int | None:
    """The number of the first of a sheet's top rows whose cells name two of `columns` (one, if only one is
    declared), as `guess_mapping` matches them; None if none does."""
    need = min(2, len(columns))
    if not need:
        return None
    for number, row in enumerate(rows[:HEADER_SEARCH], start=1):
        if len(guess_mapping([cell_text(cell) for cell in row], columns)) >= need:
            return number
    return None


def _check_archive(data: bytes) -> None:
    # A decompression bomb is refused before the workbook is parsed (a 1.57 MB file once unpacked to 1.5 GiB).
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            files.check_archive(archive, _("The workbook"))
    except zipfile.BadZipFile as error:
        raise ImportFileError(_("The Excel workbook could not be read; it may be damaged.")) from error
    except ValidationError as error:
        raise ImportFileError(" ".join(error.messages)) from error


def _read_workbook(
    data: bytes, *, sheet: int | str | None, header_row: int | None, columns: Sequence[Column], max_rows: int
) -> Table:
    damaged = _("The Excel workbook could not be read; it may be damaged.")
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as error:  # a damaged file raises many kinds of error
        raise ImportFileError(damaged) from error
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = _sheet_parts(archive)
            names = workbook.sheet_names
            if sheet is not None and not (sheet in names if isinstance(sheet, str) else 0 <= sheet < len(names)):
                label = sheet if isinstance(sheet, str) else sheet + 1
                raise ImportFileError(_("The workbook has no sheet “%(sheet)s”.") % {"sheet": label})
            hidden = [meta.visible != SheetVisibleEnum.Visible for meta in workbook.sheets_metadata]
            # Every sheet is listed (its rows, its header row); only the one read, and the first candidates for
            # it, are kept loaded.
            sheets: list[Sheet] = []
            kept: dict[int, Any] = {}
            for index, name in enumerate(names):
                found = workbook.get_sheet_by_index(index)
                top = list(itertools.islice(found.iter_rows(), HEADER_SEARCH))
                rows = found.end[0] + 1 if found.end is not None else 0
                sheets.append(Sheet(name=name, rows=rows, hidden=hidden[index], header_row=find_header(top, columns)))
                first_found = sheets[-1].header_row and not any(sheets[i].header_row for i in kept)
                if sheet in (index, name) or (sheet is None and not hidden[index] and (not kept or first_found)):
                    kept[index] = found
            if sheet is None:
                fallback = next((i for i, h in enumerate(hidden) if not h), 0)
                index = next((i for i, s in enumerate(sheets) if s.header_row and not s.hidden), fallback)
            else:
                index = names.index(sheet) if isinstance(sheet, str) else sheet
            found = kept[index] if index in kept else workbook.get_sheet_by_index(index)
            offset = found.start[1] if found.start is not None else 0
            part = parts.get(names[index])
            formulas = _uncomputed(archive, part, offset) if part else {}
            merges = _merged_down(found.merged_cell_ranges or (), offset)
            cells = _with_formulas(found.iter_rows(), formulas)
            table = _collect(
                _with_merges(cells, merges) if merges else cells,
                header_row=header_row or sheets[index].header_row,
                max_rows=max_rows,
                sheets=sheets,
                columns=columns,
            )
            table.sheet = names[index]
            table.hidden = _hidden_columns(archive, part, offset, len(table.headers)) if part else []
            return table
    except ImportFileError:
        raise
    except Exception as error:
        raise ImportFileError(damaged) from error
    finally:
        workbook.close()


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the path of its XML part in the archive ({} if the workbook does not say)."""
    try:
        book, rels = archive.read("xl/workbook.xml"), archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    if b"<!DOCTYPE" in book or b"<!DOCTYPE" in rels:  # OOXML has none; an entity bomb would
        raise ImportFileError(_("The Excel workbook could not be read; it may be damaged."))
    targets = {
        element.get("Id"): element.get("Target", "")
        for element in ElementTree.fromstring(rels)  # noqa: S314 - no DTD (refused above), so no entities
    }
    parts = {}
    for element in ElementTree.fromstring(book).iter():  # noqa: S314 - no DTD (refused above)
        if element.tag.rpartition("}")[2] == "sheet" and (target := targets.get(element.get(_RELATIONSHIP))):
            parts[nfc(element.get("name", ""))] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return parts


def _column_number(letters: str) -> int:
    """`A` -> 0, `AA` -> 26."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number - 1


def _uncomputed(archive: zipfile.ZipFile, part: str, offset: int) -> dict[int, dict[int, Uncomputed]]:
    """Row number -> column index (from the sheet's first used column) -> each formula cell saved without a
    computed value. One streamed pass over the sheet's XML, in pieces cut at rows; only the cells around
    a formula are looked at (a search from each `<f`), so a sheet of plain values costs the unpacking alone."""
    found: dict[int, dict[int, Uncomputed]] = {}
    rest = b""
    with archive.open(part) as stream:
        while True:
            chunk = stream.read(2**20)
            data = rest + chunk
            # Cut after a row's tag (`</row>`, `<row>`, `</x:row>`), never inside a cell.
            cut = len(data) if not chunk else data.rfind(b"row>") + 4
            if cut < 4:
                rest = data
                continue
            piece, rest = data[:cut], data[cut:]
            _formulas_in(piece, offset, found)  # searched, not parsed: no entity is ever expanded
            if not chunk:
                return found


def _formulas_in(piece: bytes, offset: int, found: dict[int, dict[int, Uncomputed]]) -> None:
    position = 0
    while match := _FORMULA.search(piece, position):
        # The cell around it begins after what was searched already: each byte is looked at about once.
        opening = max(piece.rfind(b"<c ", position, match.start()), piece.rfind(b":c ", position, match.start()))
        start = piece.rfind(b"<", position, opening + 1)
        cell = _CELL.match(piece, start)
        if cell is None:  # not a cell's formula (none other exists in a sheet); go on
            position = match.end()
            continue
        position = cell.end()
        attributes = dict(_ATTRIBUTE.findall(cell[1]))
        value = _VALUE.search(cell[2])
        computed = value is not None and (value[1] or attributes.get(b"t") == b"str")
        ref = _REF.fullmatch(attributes.get(b"r", b"").decode())
        if computed or ref is None:
            continue
        formula = _FORMULA_TEXT.search(cell[2])
        text = html.unescape(formula[1].decode()) if formula and formula[1] else "…"
        found.setdefault(int(ref[2]), {})[_column_number(ref[1]) - offset] = Uncomputed("=" + text)


def _with_formulas(
    rows: Iterable[Sequence[object]], formulas: dict[int, dict[int, Uncomputed]]
) -> Iterator[Sequence[object]]:
    for number, row in enumerate(rows, start=1):
        if number in formulas:
            cells = list(row)
            for column, formula in formulas[number].items():
                if column >= 0:
                    cells.extend([""] * (column + 1 - len(cells)))
                    cells[column] = formula if blank(cells[column]) else cells[column]
            row = cells
        yield row


def _merged_down(ranges: Iterable[Any], offset: int) -> dict[int, list[tuple[int, int]]]:
    """Row number -> (column index from the sheet's first used column, last row) of each merged range that
    begins on that row and goes down over others (calamine: `((first row, first column), (last row, last
    column))`, from 0). A merge within one row (a title across the top) gives nothing: its value is in its
    first cell already."""
    down: dict[int, list[tuple[int, int]]] = {}
    for (first_row, first_column), (last_row, _last_column) in ranges:
        if last_row > first_row and first_column >= offset:
            down.setdefault(first_row + 1, []).append((first_column - offset, last_row + 1))
    return down


def _with_merges(
    rows: Iterable[Sequence[object]], merges: dict[int, list[tuple[int, int]]]
) -> Iterator[Sequence[object]]:
    """The rows, each cell under the top of a merged range (a unit's name merged down its members' rows) given
    the value Excel shows there; Excel keeps it in the top cell alone."""
    filling: dict[int, tuple[object, int]] = {}  # column -> (value, last row)
    for number, row in enumerate(rows, start=1):
        for column, last in merges.get(number, ()):
            value = row[column] if column < len(row) else ""
            if not blank(value):
                filling[column] = (value, last)
        if filling:
            for column, (value, last) in list(filling.items()):
                if number > last:
                    del filling[column]
                elif column >= len(row) or blank(row[column]):
                    row = list(row)
                    row.extend([""] * (column + 1 - len(row)))
                    row[column] = value
        yield row


def _hidden_columns(archive: zipfile.ZipFile, part: str, offset: int, width: int) -> list[int]:
    """The indexes (from the sheet's first used column) of the table's columns hidden in Excel: the sheet's
    `<cols>`, which comes before its cells."""
    head = b""
    with archive.open(part) as stream:
        while (chunk := stream.read(65_536)) and b"sheetData" not in head:
            head += chunk
    head = head.partition(b"sheetData")[0]
    hidden: set[int] = set()
    for match in _COL.finditer(head):
        attributes = {name.decode(): value.decode() for name, value in _ATTRIBUTE.findall(match[1])}
        if attributes.get("hidden") in ("1", "true") and attributes.get("min", "").isdigit():
            first, last = int(attributes["min"]), int(attributes.get("max", attributes["min"]) or 0)
            hidden.update(range(max(first - 1 - offset, 0), min(last - offset, width)))
    return sorted(hidden)


def _csv_text(data: bytes) -> str:
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    for encoding in ("utf-16",) * utf16 + ("utf-8-sig", "cp1258"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = data.decode("latin-1")  # never fails
    # Binary content decodes too (latin-1 always does): control characters give it away.
    if "\x00" in text or len(_CONTROL.findall(text, 0, 65_536)) > 8:
        raise ImportFileError(_("Upload an Excel workbook (.xlsx) or a CSV file."))
    return nfc(_CONTROL.sub("", text))  # cp1258 spells tones as combining marks


def _csv_rows(data: bytes) -> Iterator[list[str]]:
    text = _csv_text(data)
    header_line = text.partition("\n")[0]
    delimiter = max(",;\t", key=header_line.count)
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error as error:
        raise ImportFileError(_("The CSV file could not be read: %(error)s") % {"error": error}) from error


def is_note(cells: Sequence[object], *, most: int, required: Iterable[int] = ()) -> bool:
    """A signature or note line under a table: at most `most` cells filled, all of them text, none of them in the
    `required` columns (by index)."""
    filled = [(index, cell) for index, cell in enumerate(cells) if not blank(cell)]
    return (
        0 < len(filled) <= most
        and all(isinstance(cell, str) and not isinstance(cell, Uncomputed) for _index, cell in filled)
        and not any(index in required for index, _cell in filled)
    )


def _trailing(out: list[list[object]], required: set[int]) -> int:
    """Where the data of `out` end, the totals row included: under a totals row every line is a signature line
    (at most SIGNATURE_CELLS cells of text); with no totals row, the lines of one or two cells of text in none
    of the `required` columns at the bottom are notes (none without required columns to tell them by)."""
    end = len(out)
    while end and (not out[end - 1] or is_note(out[end - 1], most=SIGNATURE_CELLS) and not is_totals(out[end - 1])):
        end -= 1
    if end and is_totals(out[end - 1]):
        return end
    end = len(out)
    while required and end and (not out[end - 1] or is_note(out[end - 1], most=NOTE_CELLS, required=required)):
        end -= 1
    return end


def is_totals(cells: Sequence[object]) -> bool:
    """A totals row: its first cell that holds text says "Tổng cộng", "Tổng số", "Tổng" or "Cộng", and its
    other cells hold numbers or formulas (a count, a `SUM`) or at most one more text."""
    texts = [cell for cell in cells if isinstance(cell, str) and not isinstance(cell, Uncomputed) and cell.strip()]
    return bool(texts) and len(texts) <= 2 and bool(_TOTALS.match(fold(texts[0])))


def _collect(
    rows: Iterable[Sequence[object]],
    *,
    header_row: int | None,
    max_rows: int,
    sheets: list[Sheet] | None = None,
    columns: Sequence[Column] = (),
) -> Table:
    """Header and rows; trailing blank cells and rows dropped, inner blank rows kept so numbering holds; a
    totals row at the bottom, and the signature and note lines under the data, passed over (`_trailing`: the
    required columns are those `columns` guesses from the headers)."""
    iterator = iter(rows)
    found = header_row is not None
    header_row = header_row or 1
    preview: list[list[str]] = []
    for _above in range(header_row - 1):
        above = next(iterator, None)
        if above is not None and len(preview) < HEADER_SEARCH:
            preview.append([cell_text(cell) for cell in above if not blank(cell)][:PREVIEW_CELLS])
    header = next(iterator, None)
    if header is None:
        raise ImportFileError(_("The file is empty."))
    preview.append([cell_text(cell) for cell in header if not blank(cell)][:PREVIEW_CELLS])
    if all(blank(cell) for cell in header):
        if header_row == 1:
            raise ImportFileError(_("The first row of the file must hold the column headers."))
        raise ImportFileError(_("Row %(row)s of the file must hold the column headers.") % {"row": header_row})
    out: list[list[object]] = []
    gap = 0
    for raw in iterator:
        cells = list(raw)
        while cells and blank(cells[-1]):
            cells.pop()
        if len(preview) < HEADER_SEARCH:
            preview.append([cell_text(cell) for cell in cells if not blank(cell)][:PREVIEW_CELLS])
        if not cells:
            gap += 1
            continue
        out.extend([] for _row in range(gap))
        gap = 0
        out.append(cells)
        if len(out) > max_rows:
            raise ImportFileError(
                _("The file has more than %(max)s rows; split it into smaller files.")
                % {"max": number_format(max_rows, force_grouping=True)}
            )
    headers = [cell_text(cell) for cell in header]
    while headers and not headers[-1]:
        headers.pop()
    wanted = {column.key for column in columns if column.required}
    required = {index for index, key in guess_mapping(headers, columns).items() if key in wanted}
    end = _trailing(out, required)
    notes = [header_row + 1 + i for i in range(end, len(out)) if out[i]]
    del out[end:]
    while out and not out[-1]:
        out.pop()
    totals: list[int] = []
    while out and is_totals(out[-1]):
        totals.insert(0, header_row + len(out))
        out.pop()
        while out and not out[-1]:
            out.pop()
    if not out:
        raise ImportFileError(_("The file has no rows below the column headers."))
    return Table(
        headers=headers, rows=out, first_row=header_row + 1, sheets=sheets or [], header_found=found,
        preview=preview, totals=totals, notes=notes,
    )  # fmt: skip


# --- Columns ------------------------------------------------------------------------------------


def guess_mapping(headers: list[str], columns: Sequence[Column]) -> dict[int, str]:
    """Column index -> `Column.key`, by header and then by alias; each key goes to one column at most."""
    keys = [header_key(header) for header in headers]
    mapping: dict[int, str] = {}
    for names in ((lambda c: (c.header,)), (lambda c: c.aliases)):
        for column in columns:
            if column.key in mapping.values():
                continue
            wanted = {header_key(name) for name in names(column)}
            index = next((i for i, k in enumerate(keys) if k in wanted and i not in mapping), None)
            if index is not None:
                mapping[index] = column.key
    return dict(sorted(mapping.items()))


def missing_required(mapping: dict[int, str], columns: Sequence[Column]) -> list[Column]:
    chosen = set(mapping.values())
    return [column for column in columns if column.required and column.key not in chosen]
